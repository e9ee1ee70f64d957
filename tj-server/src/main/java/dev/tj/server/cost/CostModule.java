package dev.tj.server.cost;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tj.core.cost.CostQueries;
import dev.tj.core.cost.CostService;
import dev.tj.core.history.DaemonIngest;
import dev.tj.core.history.SpanWire;
import dev.tj.core.ingest.Overloaded;
import dev.tj.core.span.Span;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.SourceFile;
import dev.tj.server.Json;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/cost} (TokenJam's keys plus {@code rows[].cache_read_tokens} and {@code totals}),
 * and the two routes {@code tj backfill} uses while the daemon owns the database:
 * {@code GET /api/v1/backfill/source-files} and {@code POST /api/v1/backfill/spans}.
 */
public final class CostModule implements RouteModule {
    @Override
    public void register(JavalinConfig config, ServerContext ctx) {
        config.routes.get("/api/v1/cost", c -> cost(c, ctx));
        config.routes.get("/api/v1/backfill/source-files", c -> c.json(Map.of("files",
                ctx.storage().sourceFiles().values().stream().map(SpanWire::file).toList())));
        config.routes.post("/api/v1/backfill/spans", c -> backfill(c, ctx));
    }

    private static String param(Context c, String... names) {
        for (String n : names) {
            String v = c.queryParam(n);
            if (v != null && !v.isBlank()) return v.trim();
        }
        return null;
    }

    private static void cost(Context c, ServerContext ctx) {
        CostQuery q;
        try {
            q = CostQueries.parse(param(c, "since"), param(c, "until"), param(c, "group_by"),
                    param(c, "agent_id", "agent"), param(c, "tz"), ctx.clock().instant());
        } catch (IllegalArgumentException e) {
            c.status(400).json(Map.of("error", e.getMessage()));
            return;
        }
        c.json(new CostService(ctx.storage(), ctx.config()).report(q).toJson());
    }

    @SuppressWarnings("unchecked")
    private static void backfill(Context c, ServerContext ctx) throws Exception {
        Map<String, Object> body;
        try {
            body = Json.mapper().readValue(c.bodyAsBytes(), new TypeReference<Map<String, Object>>() {});
        } catch (java.io.IOException e) {
            c.status(400).json(Map.of("error", "invalid JSON: " + e.getMessage()));
            return;
        }
        List<Span> spans = new ArrayList<>();
        List<SourceFile> files = new ArrayList<>();
        try {
            for (Object o : (List<Object>) body.getOrDefault("spans", List.of())) spans.add(SpanWire.span((Map<String, Object>) o));
            for (Object o : (List<Object>) body.getOrDefault("source_files", List.of())) files.add(SpanWire.file((Map<String, Object>) o));
        } catch (RuntimeException e) {
            c.status(400).json(Map.of("error", "invalid backfill batch: " + e));
            return;
        }
        try {
            Map<String, Object> result = DaemonIngest.ingest(ctx.storage(), ctx.pipeline(), spans, files);
            // a backfill batch answers once its spans are in storage too: bulk work, where the wait costs nothing
            ctx.writer().awaitApplied(java.time.Duration.ofMinutes(1));
            c.json(result);
        } catch (Overloaded e) {
            c.status(503).header("Retry-After", "1").json(Map.of("error", e.getMessage()));
        }
    }
}
