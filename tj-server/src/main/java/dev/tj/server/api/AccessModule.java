package dev.tj.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.access.MachineTokens;
import dev.tj.core.storage.IngestToken;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import dev.tj.server.http.HttpGuards;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest tokens per machine, for {@code tj token} while the daemon runs (it owns the database).
 * Guarded in {@link HttpGuards} (full API key or ingest secret, never the read-only key).
 *
 * <ul>
 *   <li>{@code GET /api/v1/admin/tokens}: every token, never its text or hash</li>
 *   <li>{@code POST /api/v1/admin/tokens {"machine": NAME}}: 201 with the new token's text, once</li>
 *   <li>{@code POST /api/v1/admin/tokens/revoke {"target": ID or MACHINE}}: what was revoked; 404
 *       when no valid token matched</li>
 * </ul>
 */
public final class AccessModule implements RouteModule {
    private static final Logger log = LoggerFactory.getLogger(AccessModule.class);
    public static final String TOKENS = HttpGuards.ADMIN_PREFIX + "tokens";
    public static final String REVOKE = TOKENS + "/revoke";

    private final MachineTokens tokens;

    public AccessModule(MachineTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        config.routes.get(
                TOKENS,
                ctx -> ctx.json(Map.of(
                        "tokens", tokens.list().stream().map(AccessModule::view).toList())));
        config.routes.post(TOKENS, this::create);
        config.routes.post(REVOKE, this::revoke);
    }

    private void create(Context ctx) {
        JsonNode body = ApiModule.jsonObjectBody(ctx);
        if (body == null) return;
        MachineTokens.Issued issued;
        try {
            issued = tokens.create(ApiModule.optionalString(body, "machine"));
        } catch (IllegalArgumentException e) {
            ctx.status(400).json(Map.of("error", e.getMessage()));
            return;
        }
        log.info(
                "ingest token {} made for machine {}",
                issued.token().id(),
                issued.token().machine());
        Map<String, Object> out = view(issued.token());
        out.put("token", issued.text());
        ctx.status(201).json(out);
    }

    private void revoke(Context ctx) {
        JsonNode body = ApiModule.jsonObjectBody(ctx);
        if (body == null) return;
        String target;
        try {
            target = ApiModule.optionalString(body, "target");
        } catch (IllegalArgumentException e) {
            ctx.status(400).json(Map.of("error", e.getMessage()));
            return;
        }
        if (target == null) {
            ctx.status(400).json(Map.of("error", "Provide target: a token id or a machine name"));
            return;
        }
        List<IngestToken> revoked = tokens.revoke(target);
        if (revoked.isEmpty()) {
            ctx.status(404).json(Map.of("error", "No valid token has that id or machine"));
            return;
        }
        for (IngestToken t : revoked) log.info("ingest token {} of machine {} revoked", t.id(), t.machine());
        ctx.json(Map.of("revoked", revoked.stream().map(AccessModule::view).toList()));
    }

    /** What a listing shows: never the token's text or hash. */
    public static Map<String, Object> view(IngestToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("machine", t.machine());
        m.put("prefix", t.prefix());
        m.put("created_at", t.createdAt().toString());
        m.put("last_used_at", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
        m.put("revoked_at", t.revokedAt() == null ? null : t.revokedAt().toString());
        return m;
    }
}
