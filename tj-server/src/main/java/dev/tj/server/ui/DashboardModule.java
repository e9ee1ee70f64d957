package dev.tj.server.ui;

import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;

/** The browser dashboard: static assets and the live event stream. */
public final class DashboardModule implements RouteModule {
    @Override
    public void register(JavalinConfig config, ServerContext ctx) {
        // filled in by the dashboard work
    }
}
