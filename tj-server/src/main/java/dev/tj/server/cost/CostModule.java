package dev.tj.server.cost;

import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;

/** GET /api/v1/cost. */
public final class CostModule implements RouteModule {
    @Override
    public void register(JavalinConfig config, ServerContext ctx) {
        // filled in by the history work
    }
}
