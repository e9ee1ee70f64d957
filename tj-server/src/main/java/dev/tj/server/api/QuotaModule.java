package dev.tj.server.api;

import dev.tj.core.cost.Since;
import dev.tj.core.quota.QuotaService;
import dev.tj.core.quota.QuotaWindow;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/v1/quota[?window=five_hour|seven_day|…][&since=24h][&user=]}: the official windows
 * now, their burn rate and projection, and what moved them per session, prompt, subagent and project
 * (over the window's current period unless {@code since} says otherwise).
 */
public final class QuotaModule implements RouteModule {
    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        QuotaService quota = new QuotaService(sc.storage(), sc.config());
        config.routes.get("/api/v1/quota", ctx -> report(ctx, quota, sc));
    }

    private static void report(Context ctx, QuotaService quota, ServerContext sc) {
        Instant now = sc.clock().instant();
        String window = param(ctx, "window");
        if (window != null && !QuotaWindow.isName(window)) {
            ctx.status(400).json(Map.of("error", "window must be a window name such as five_hour or seven_day"));
            return;
        }
        Instant since = null;
        String s = param(ctx, "since");
        if (s != null) {
            try {
                since = Since.parse(s, now);
            } catch (IllegalArgumentException e) {
                ctx.status(400).json(Map.of("error", e.getMessage()));
                return;
            }
        }
        ctx.json(quota.report(window, since, param(ctx, "user"), now));
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
