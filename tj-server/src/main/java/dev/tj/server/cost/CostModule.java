package dev.tj.server.cost;

import dev.tj.core.cost.CostQueries;
import dev.tj.core.cost.CostService;
import dev.tj.core.storage.CostQuery;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code GET /api/v1/cost} (TokenJam's keys plus {@code rows[].cache_read_tokens} and {@code totals}).
 */
public final class CostModule implements RouteModule {
    @Override
    public void register(JavalinConfig config, ServerContext ctx) {
        config.routes.get("/api/v1/cost", c -> cost(c, ctx));
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
            q = CostQueries.parse(
                    param(c, "since"),
                    param(c, "until"),
                    param(c, "group_by"),
                    param(c, "agent_id", "agent"),
                    param(c, "tz"),
                    param(c, "machine"),
                    param(c, "user"),
                    ctx.clock().instant());
        } catch (IllegalArgumentException e) {
            c.status(400).json(Map.of("error", e.getMessage()));
            return;
        }
        c.json(new CostService(ctx.storage(), ctx.config()).report(q).toJson());
    }
}
