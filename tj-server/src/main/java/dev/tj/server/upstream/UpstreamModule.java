package dev.tj.server.upstream;

import dev.tj.core.ingest.ForwardedFrames;
import dev.tj.core.ingest.IngestAnswer;
import dev.tj.core.ingest.IngestFront;
import dev.tj.core.ingest.IngestResult;
import dev.tj.core.upstream.Forwarder;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import dev.tj.server.http.HttpGuards;
import dev.tj.server.ingest.HttpRefusals;
import dev.tj.server.ingest.IngestRoutes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Both sides of forwarding. Taking: {@code POST /api/v1/forward}, what another tj forwards to this one
 * as its upstream, through the same front as every transport (transport "forward"): span ids
 * de-duplicate, so a resend stores nothing twice. Sending: {@code GET /api/v1/upstream}, the state of
 * this tj's {@link Forwarder} when {@code [upstream] url} is set.
 */
public final class UpstreamModule implements RouteModule {
    public static final String STATUS = "/api/v1/upstream";
    private final IngestFront front;
    private final Forwarder forwarder;

    /** @param forwarder this tj's forwarder, or null when it forwards nowhere */
    public UpstreamModule(IngestFront front, Forwarder forwarder) {
        this.front = front;
        this.forwarder = forwarder;
    }

    public Optional<Forwarder.Status> status() {
        return Optional.ofNullable(forwarder).map(Forwarder::status);
    }

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        config.routes.post(IngestRoutes.FORWARD, this::take);
        config.routes.get(STATUS, c -> c.json(json(status())));
    }

    private void take(Context c) {
        byte[] body = c.bodyAsBytes();
        // frames say where they came from (the sender stamped them); older ones get the token's machine
        IngestAnswer<IngestResult> a = front.accept(
                        body.length, "tj", () -> ForwardedFrames.decode(body), HttpGuards.origin(c))
                .join();
        if (a instanceof IngestAnswer.Accepted<IngestResult> ok) {
            IngestResult r = ok.result();
            c.json(Map.of(
                    "stored", r.stored(),
                    "duplicates", r.duplicates(),
                    "rejected", r.rejections().size()));
        } else {
            HttpRefusals.json(c, (IngestAnswer.Refused<?>) a);
        }
    }

    static Map<String, Object> json(Optional<Forwarder.Status> status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", status.isPresent());
        status.ifPresent(s -> {
            m.put("state", s.state());
            m.put("url", s.url());
            m.put("pending_records", s.pendingRecords());
            m.put("sent_records", s.sentRecords());
            m.put("position", s.position());
            m.put(
                    "last_success",
                    s.lastSuccess() == null ? null : s.lastSuccess().toString());
            m.put("last_error", s.lastError());
            m.put(
                    "next_attempt",
                    s.nextAttempt() == null ? null : s.nextAttempt().toString());
        });
        return m;
    }
}
