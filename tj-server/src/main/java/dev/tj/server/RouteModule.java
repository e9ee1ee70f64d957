package dev.tj.server;

import io.javalin.config.JavalinConfig;

/**
 * A group of routes that plugs into the server (ingest, status, dashboard, cost, ...). Javalin 7
 * takes routes up front, in the config block, so modules register there.
 */
public interface RouteModule {
    void register(JavalinConfig config, ServerContext ctx);
}
