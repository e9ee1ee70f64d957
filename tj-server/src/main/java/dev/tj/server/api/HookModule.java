package dev.tj.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.agent.ClaudeCodeHooks;
import dev.tj.core.agent.ClaudeCodeHooks.Effect;
import dev.tj.core.attention.Attention;
import dev.tj.core.drilldown.SessionIds;
import dev.tj.core.ingest.Overloaded;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import dev.tj.server.ingest.IngestRoutes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/hooks}: a Claude Code hook's JSON, as the hook received it on stdin
 * ({@code hook_event_name}, {@code session_id}, {@code notification_type}, {@code message}, …),
 * with the ingest secret. It sets or clears the session's attention state at once and answers
 * without waiting on storage (a hook must never slow Claude Code); {@code SessionEnd} also closes
 * the session like {@code tj session-end}. {@code ?event=NAME} supplies {@code hook_event_name} when
 * the JSON lacks it.
 */
public final class HookModule implements RouteModule {
    private static final Logger log = LoggerFactory.getLogger(HookModule.class);
    static final int MAX_MESSAGE_CHARS = 300;

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        config.routes.post(IngestRoutes.HOOKS, ctx -> hook(ctx, sc));
    }

    private void hook(Context ctx, ServerContext sc) {
        JsonNode body = ApiModule.jsonObjectBody(ctx);
        if (body == null) return;
        String event, sessionId, type, message;
        try {
            event = ApiModule.optionalString(body, "hook_event_name");
            sessionId = ApiModule.optionalString(body, "session_id");
            type = ApiModule.optionalString(body, "notification_type");
            message = ApiModule.optionalString(body, "message");
        } catch (IllegalArgumentException e) {
            ctx.status(400).json(Map.of("error", e.getMessage()));
            return;
        }
        // `tj hook <event>` names the event on the URL for payloads that lack it
        if (event == null) event = ctx.queryParam("event");
        if (event == null || sessionId == null) {
            ctx.status(400).json(Map.of("error", "Provide hook_event_name and session_id"));
            return;
        }
        if (!SessionIds.isSafe(sessionId)) {
            ctx.status(400).json(Map.of("error", "Invalid session_id"));
            return;
        }
        Instant now = sc.clock().instant();
        Effect effect = ClaudeCodeHooks.effect(event, type);
        if (message != null && message.length() > MAX_MESSAGE_CHARS) message = message.substring(0, MAX_MESSAGE_CHARS);
        sc.attention().apply(sessionId, effect, now, message);
        if (effect == Effect.ENDED) {
            try {
                sc.writer().closeSessions(null, sessionId, now).exceptionally(e -> {
                    log.warn("closing session {} on its SessionEnd hook failed: {}", sessionId, e.toString());
                    return 0;
                });
            } catch (Overloaded e) {
                // the session goes stale instead; the hook is still answered at once
                log.warn("closing session {} on its SessionEnd hook refused: {}", sessionId, e.getMessage());
            }
        }
        Attention waiting = sc.attention().of(sessionId, null).orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        out.put("effect", effect.name().toLowerCase(java.util.Locale.ROOT));
        out.put("attention", waiting);
        ctx.status(202).json(out);
    }
}
