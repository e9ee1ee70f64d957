package dev.tj.server.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tj.core.history.DaemonIngest;
import dev.tj.core.history.SpanWire;
import dev.tj.core.ingest.IngestAnswer;
import dev.tj.core.ingest.IngestFront;
import dev.tj.core.ingest.MalformedRequest;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import dev.tj.server.Json;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The two routes {@code tj backfill} uses while the daemon owns the database:
 * {@code GET /api/v1/backfill/source-files} (what was read already) and
 * {@code POST /api/v1/backfill/spans} (a batch of spans with the read positions they came from). A
 * batch goes through the same {@link IngestFront} as OTLP, under the transport "backfill".
 */
public final class BackfillModule implements RouteModule {
    /** A batch answers once its spans are in storage too: bulk work, where the wait costs nothing. */
    private static final Duration APPLIED_WAIT = Duration.ofMinutes(1);

    private final IngestFront front;

    public BackfillModule(IngestFront front) {
        this.front = front;
    }

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        config.routes.get(
                IngestRoutes.BACKFILL_SOURCE_FILES,
                c -> c.json(Map.of(
                        "files",
                        sc.storage().sessions().sourceFiles().values().stream()
                                .map(SpanWire::file)
                                .toList())));
        config.routes.post(IngestRoutes.BACKFILL_SPANS, c -> backfill(c, sc));
    }

    private record Batch(List<Span> spans, List<SourceFile> files) {}

    private void backfill(Context c, ServerContext sc) {
        byte[] body = c.bodyAsBytes();
        IngestAnswer<Map<String, Object>> answer = accept(sc, body.length, () -> parse(body));
        if (answer instanceof IngestAnswer.Accepted<Map<String, Object>> ok) c.json(ok.result());
        else HttpRefusals.json(c, (IngestAnswer.Refused<?>) answer);
    }

    /**
     * A batch of transcript spans with the read positions they came from, as the daemon stores it
     * whoever sends it (the route, or the daemon's own catch-up): through the backfill front, minus
     * what came live, sessions folded, snapshots of the sessions touched.
     */
    public IngestAnswer<Map<String, Object>> store(ServerContext sc, List<Span> spans, List<SourceFile> files) {
        return accept(sc, 0, () -> new Batch(spans, files));
    }

    private IngestAnswer<Map<String, Object>> accept(
            ServerContext sc, long wireBytes, java.util.function.Supplier<Batch> decode) {
        return front.accept(wireBytes, "json", decode, b -> {
                    Map<String, Object> result = DaemonIngest.ingest(
                            sc.storage().sessions(), front.pipeline(), sc.writer(), b.spans(), b.files());
                    sc.writer().awaitApplied(APPLIED_WAIT);
                    sc.snapshots().backfilled(sessionIds(b.spans()));
                    return CompletableFuture.completedFuture(result);
                })
                .join();
    }

    private static java.util.Set<String> sessionIds(List<Span> spans) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (Span s : spans) if (s.sessionId() != null) ids.add(s.sessionId());
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static Batch parse(byte[] body) {
        Map<String, Object> m;
        try {
            m = Json.mapper().readValue(body, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new MalformedRequest("invalid JSON: " + e.getMessage());
        }
        List<Span> spans = new ArrayList<>();
        List<SourceFile> files = new ArrayList<>();
        try {
            for (Object o : (List<Object>) m.getOrDefault("spans", List.of()))
                spans.add(SpanWire.span((Map<String, Object>) o));
            for (Object o : (List<Object>) m.getOrDefault("source_files", List.of()))
                files.add(SpanWire.file((Map<String, Object>) o));
        } catch (RuntimeException e) {
            throw new MalformedRequest("invalid backfill batch: " + e);
        }
        return new Batch(spans, files);
    }
}
