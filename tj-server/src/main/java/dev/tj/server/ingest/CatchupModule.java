package dev.tj.server.ingest;

import dev.tj.core.history.BackfillSink;
import dev.tj.core.history.Catchup;
import dev.tj.core.ingest.IngestAnswer;
import dev.tj.core.ingest.Refusal;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's transcript catch-up ({@link Catchup}) and {@code GET /api/v1/catchup}. What it reads
 * is stored through {@link BackfillModule#store}, the path {@code POST /api/v1/backfill/spans} takes.
 */
public final class CatchupModule implements RouteModule, AutoCloseable {
    public static final String ROUTE = "/api/v1/catchup";

    private final BackfillModule backfill;
    private final Catchup catchup;

    public CatchupModule(BackfillModule backfill, ServerContext sc) {
        this.backfill = backfill;
        this.catchup = new Catchup(sc.config().catchup(), new Sink(sc), sc.pricing(), sc.clock());
    }

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        config.routes.get(ROUTE, c -> c.json(json(status())));
    }

    /** Starts following the transcript roots on its own thread (while the ports open). */
    public void start() {
        catchup.start();
    }

    public Catchup.Status status() {
        return catchup.status();
    }

    @Override
    public void close() {
        catchup.close();
    }

    static Map<String, Object> json(Catchup.Status s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", s.enabled());
        m.put("state", s.state());
        m.put("settle_seconds", s.settleSeconds());
        m.put(
                "roots",
                s.roots().stream()
                        .map(r -> Map.of("agent", r.agent(), "path", r.path(), "exists", r.exists()))
                        .toList());
        m.put("dirs_watched", s.dirsWatched());
        m.put("dirs_unwatched", s.dirsUnwatched());
        m.put("pending_files", s.pendingFiles());
        m.put("lag_seconds", s.lagSeconds());
        m.put("oldest_pending_seconds", s.oldestPendingSeconds());
        m.put("passes", s.passes());
        m.put("last_pass_at", s.lastPassAt() == null ? null : s.lastPassAt().toString());
        m.put("last_pass_ms", s.lastPassMs());
        m.put("files_read", s.filesRead());
        m.put("spans_stored", s.spansStored());
        m.put("spans_live_skipped", s.spansLiveSkipped());
        m.put("lines_skipped", s.linesSkipped());
        m.put("errors", s.errors());
        m.put("last_error", s.lastError());
        return m;
    }

    /** Batches of the backfill route's size, retried while the writer is full. */
    private final class Sink implements BackfillSink {
        private static final int CHUNK = 5_000;
        private final ServerContext sc;

        Sink(ServerContext sc) {
            this.sc = sc;
        }

        @Override
        public Map<String, SourceFile> sourceFiles() {
            return sc.storage().sessions().sourceFiles();
        }

        @Override
        public boolean pricesOnArrival() {
            return true;
        }

        @Override
        public int batchSpans() {
            return CHUNK;
        }

        @Override
        public Written write(List<Span> spans, List<SourceFile> files) {
            return BackfillSink.inChunks(spans, files, CHUNK, this::store);
        }

        private Written store(List<Span> spans, List<SourceFile> files) {
            for (int attempt = 0; ; attempt++) {
                IngestAnswer<Map<String, Object>> a = backfill.store(sc, List.copyOf(spans), List.copyOf(files));
                if (a instanceof IngestAnswer.Accepted<Map<String, Object>> ok) {
                    Map<String, Object> r = ok.result();
                    return new Written(
                            num(r.get("stored")),
                            num(r.get("existing")),
                            num(r.get("live_skipped")),
                            num(r.get("new_sessions")),
                            0.0);
                }
                IngestAnswer.Refused<?> no = (IngestAnswer.Refused<?>) a;
                if (no.kind() != Refusal.OVERLOADED || attempt >= 60)
                    throw new IllegalStateException("catch-up batch refused: " + no.message());
                try {
                    Thread.sleep(Math.max(1, no.retryAfterSeconds()) * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
        }

        private static int num(Object o) {
            return o instanceof Number n ? n.intValue() : 0;
        }
    }
}
