package dev.tj.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.quota.QuotaService;
import dev.tj.core.quota.QuotaSnapshot;
import dev.tj.core.quota.QuotaWindow;
import dev.tj.core.quota.StatusLine;
import dev.tj.core.quota.StatusLineInput;
import dev.tj.core.span.Machine;
import dev.tj.server.Json;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import dev.tj.server.http.HttpGuards;
import dev.tj.server.ingest.IngestRoutes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/statusline}: the JSON Claude Code pipes to its {@code statusLine} command, as
 * {@code bin/tj-statusline} (or {@code tj statusline}) received it, with the ingest secret. Answers
 * the line to print as text/plain, and keeps a {@link QuotaSnapshot} of the refresh at the daemon's
 * clock when it carries quota. The line never waits on the store: the snapshot is written after the
 * answer, in arrival order, by one thread (a DuckDB write takes longer than the rest of the request,
 * and Claude Code runs the statusline on every refresh); a failing store costs the snapshot only.
 * Should the store fall far behind, refreshes beyond {@link #BACKLOG} waiting are not kept. JSON it
 * cannot read is a 400, so that the script prints its own line and nothing is stored.
 */
public final class StatuslineModule implements RouteModule {
    private static final Logger log = LoggerFactory.getLogger(StatuslineModule.class);
    /** Claude Code's statusline payloads are a few KB. */
    static final int MAX_BODY = 256 * 1024;

    static final int BACKLOG = 256;

    /** How often one session's share of the 5-hour window is worked out again (an attribution read). */
    static final long SHARE_EVERY_MS = 15_000;

    /** Sessions kept in {@link #shares} at most: a few run at once; old ones are dropped first. */
    static final int SHARES_KEPT = 64;

    private final AtomicBoolean storeWarned = new AtomicBoolean();

    /**
     * The share of the current 5-hour window each recent session took, as last worked out after a
     * snapshot of it was stored: the line shows what is known now and never waits for it.
     */
    private final java.util.Map<String, Share> shares =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Share> e) {
                    return size() > SHARES_KEPT;
                }
            });

    private record Share(double points, long atMillis) {}

    private QuotaService quota;
    /** No thread while idle: it ends a few seconds after the last write. */
    private final ThreadPoolExecutor writes = new ThreadPoolExecutor(
            0,
            1,
            5,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(BACKLOG),
            r -> {
                Thread t = new Thread(r, "tj-statusline-store");
                t.setDaemon(true);
                return t;
            },
            (r, pool) -> log.debug("statusline snapshot not kept: {} waiting already", BACKLOG));

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        quota = new QuotaService(sc.storage(), sc.config());
        config.routes.post(IngestRoutes.STATUSLINE, ctx -> statusline(ctx, sc));
    }

    private void statusline(Context ctx, ServerContext sc) {
        JsonNode body;
        try {
            byte[] bytes = read(ctx.bodyInputStream());
            if (bytes == null) {
                plain(ctx, 413, "Request body exceeds " + MAX_BODY + " bytes");
                return;
            }
            body = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            plain(ctx, 400, "Invalid JSON body");
            return;
        }
        if (body == null || !body.isObject()) {
            plain(ctx, 400, "Expected a JSON object");
            return;
        }
        Instant now = sc.clock().instant();
        StatusLineInput in = StatusLineInput.of(body);
        Machine m = HttpGuards.origin(ctx);
        if (m == null) m = sc.config().machine();
        QuotaSnapshot snapshot = in.snapshot(now, m.name(), m.user());
        if (snapshot.hasQuota()) writes.execute(() -> store(sc, snapshot));
        Share share = in.sessionId() == null ? null : shares.get(in.sessionId());
        plain(ctx, 200, StatusLine.render(in, now.getEpochSecond(), share == null ? null : shareSegment(share.points)));
    }

    /** This session's part of the 5-hour window, as the line says it. */
    static String shareSegment(double points) {
        return String.format(java.util.Locale.ROOT, "this session %.1f%% of 5h", points);
    }

    private void store(ServerContext sc, QuotaSnapshot s) {
        try {
            sc.storage().quota().add(s);
            updateShare(sc, s);
        } catch (RuntimeException e) {
            // said once: the statusline refreshes all day, and the line is still answered
            if (storeWarned.compareAndSet(false, true)) log.warn("statusline snapshots are not kept: {}", e.toString());
            else log.debug("statusline snapshot not kept: {}", e.toString());
        }
    }

    /** Works out the session's share again when the last time is older than {@link #SHARE_EVERY_MS}. */
    private void updateShare(ServerContext sc, QuotaSnapshot s) {
        if (s.sessionId() == null || s.window(QuotaWindow.FIVE_HOUR).isEmpty()) return;
        long nowMs = sc.clock().millis();
        Share last = shares.get(s.sessionId());
        if (last != null && nowMs - last.atMillis < SHARE_EVERY_MS) return;
        try {
            Double points = quota.sessionShare(
                    s.sessionId(), QuotaWindow.FIVE_HOUR, sc.clock().instant());
            if (points != null && points > 0) shares.put(s.sessionId(), new Share(points, nowMs));
        } catch (RuntimeException e) {
            log.debug("no 5-hour share for the statusline: {}", e.toString());
        }
    }

    private static void plain(Context ctx, int status, String text) {
        ctx.status(status).contentType("text/plain; charset=utf-8").result(text);
    }

    /** The body, or null when it is larger than any statusline payload. */
    private static byte[] read(InputStream in) throws IOException {
        byte[] data = in.readNBytes(MAX_BODY + 1);
        return data.length > MAX_BODY ? null : data;
    }
}
