package dev.tj.server.diagnostic;

import dev.tj.core.diagnostic.CallWindow;
import dev.tj.core.diagnostic.DiagnosticReports;
import dev.tj.core.session.PlanTier;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/v1/diagnostics/context}, {@code /tokenmaxx} and {@code /quota-audit}: the cost
 * diagnostics over everything stored (live and backfilled), as {@code tj context}, {@code tj
 * tokenmaxx} and {@code tj quota-audit} print them while a daemon runs. Query: {@code since} (default
 * 30d), {@code agent} (or {@code agent_id}), {@code weekly} for tokenmaxx. A bad window is a 400.
 */
public final class DiagnosticsModule implements RouteModule {
    @Override
    public void register(JavalinConfig config, ServerContext ctx) {
        config.routes.get("/api/v1/diagnostics/context", c -> {
            Req r = req(c, ctx, false);
            if (r != null) c.json(DiagnosticReports.context(r.window, r.text, ctx.config(), r.mix));
        });
        config.routes.get("/api/v1/diagnostics/tokenmaxx", c -> {
            Req r = req(c, ctx, true);
            if (r != null)
                c.json(DiagnosticReports.tokenmaxx(
                        r.window, r.text, "true".equalsIgnoreCase(c.queryParam("weekly")), ctx.config(), r.mix));
        });
        config.routes.get("/api/v1/diagnostics/quota-audit", c -> {
            Req r = req(c, ctx, false);
            if (r != null) c.json(DiagnosticReports.quotaAudit(r.window, r.text, ctx.pricing(), ctx.config(), r.mix));
        });
    }

    private record Req(CallWindow window, String text, Map<PlanTier, Long> mix) {}

    private static String param(Context c, String... names) {
        for (String n : names) {
            String v = c.queryParam(n);
            if (v != null && !v.isBlank()) return v.trim();
        }
        return null;
    }

    /** The window's calls, or null after answering 400 for a window that does not parse. */
    private static Req req(Context c, ServerContext ctx, boolean tokenmaxx) {
        String since = param(c, "since");
        String agent = param(c, "agent", "agent_id");
        if (since == null) since = DiagnosticReports.DEFAULT_WINDOW;
        if (tokenmaxx)
            since = DiagnosticReports.tokenmaxxWindow(since, "true".equalsIgnoreCase(c.queryParam("weekly")));
        Instant now = ctx.clock().instant();
        CallWindow w;
        try {
            w = DiagnosticReports.fromStorage(ctx.storage(), since, agent, now, "daemon");
        } catch (IllegalArgumentException e) {
            c.status(400).json(Map.of("error", e.getMessage()));
            return null;
        }
        // the plan belongs to the user, not to the window (TokenJam's plan_determination_mix)
        return new Req(w, since, ctx.storage().status().planTierMix(agent));
    }
}
