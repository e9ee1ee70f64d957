package dev.tj.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.agent.Connection;
import dev.tj.core.cost.Since;
import dev.tj.core.ingest.IngestFront;
import dev.tj.core.ingest.Overloaded;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.team.TeamService;
import dev.tj.server.Json;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import dev.tj.server.SessionFacts;
import dev.tj.server.Version;
import dev.tj.server.ingest.HttpRefusals;
import dev.tj.server.ingest.IngestRoutes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The REST API of sessions (with their drill-in rollup), runs and status, plus /health and /api/v1/version. Routes parse, call one core
 * service and write JSON; TokenJam's paths and field names.
 */
public final class ApiModule implements RouteModule {
    static final int LABEL_MAX = 120;
    static final int MAX_API_BODY = 64 * 1024;

    private final Executor responder;

    private final SessionFacts facts;

    public ApiModule(Executor responder, SessionFacts facts) {
        this.responder = responder;
        this.facts = facts;
    }

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        config.routes.get("/health", ctx -> ctx.json(health(sc)));
        config.routes.get("/api/v1/version", ctx -> ctx.json(Map.of("version", Version.current())));
        config.routes.get(
                "/api/v1/status",
                ctx -> ctx.json(sc.status()
                        .status(new SessionStatusFilter(
                                null, param(ctx, "agent_id"), param(ctx, "machine"), param(ctx, "user")))));
        config.routes.get("/api/v1/connect", ctx -> ctx.json(connect(ctx, sc)));
        ReadViews views = new ReadViews(sc.storage(), sc.status(), sc.config(), facts, sc.clock());
        config.routes.get("/api/v1/sessions", ctx -> list(ctx, views));
        config.routes.post(IngestRoutes.CLOSE_SESSIONS, ctx -> close(ctx, sc));
        config.routes.get("/api/v1/sessions/{session_id}", ctx -> detail(ctx, views));
        config.routes.post("/api/v1/sessions/{session_id}/label", ctx -> label(ctx, sc));
        config.routes.get("/api/v1/runs", ctx -> ctx.json(views.runs()));
        config.routes.get("/api/v1/agents", ctx -> ctx.json(views.agents()));
        config.routes.get("/api/v1/runs/{run_id}", ctx -> run(ctx, views));
        TeamService team = new TeamService(sc.storage(), sc.config(), sc.status());
        config.routes.get("/api/v1/team", ctx -> team(ctx, team, sc));
    }

    /** {@code GET /api/v1/team[?since=7d]}: spend by user, machine and project, and live sessions everywhere. */
    private static void team(Context ctx, TeamService team, ServerContext sc) {
        Instant now = sc.clock().instant();
        String since = param(ctx, "since");
        Instant from;
        try {
            from = Since.parse(since == null ? "7d" : since, now);
        } catch (IllegalArgumentException e) {
            ctx.status(400).json(Map.of("error", e.getMessage()));
            return;
        }
        ctx.json(team.report(from, now));
    }

    /**
     * 200 while the daemon takes records; {@code "degraded"} with {@code "storage": "unavailable"}
     * while the writer cannot reach storage (records are then answered from the journal alone).
     */
    private static Map<String, Object> health(ServerContext sc) {
        Map<String, Object> out = new LinkedHashMap<>();
        var down = sc.writer().storageUnavailableSince();
        out.put("status", down.isPresent() ? "degraded" : "ok");
        out.put("version", Version.current());
        out.put("storage", down.isPresent() ? "unavailable" : "ok");
        down.ifPresent(t -> out.put("storage_unavailable_since", t.toString()));
        return out;
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private void list(Context ctx, ReadViews views) {
        String statusParam = param(ctx, "status");
        SessionStatus status = null;
        if (statusParam != null) {
            try {
                status = SessionStatus.fromWire(statusParam);
            } catch (IllegalArgumentException e) {
                ctx.status(400)
                        .json(Map.of(
                                "error", "Invalid status '" + statusParam + "': expected active, completed or closed"));
                return;
            }
        }
        ctx.json(views.sessions(
                new SessionStatusFilter(status, param(ctx, "agent_id"), param(ctx, "machine"), param(ctx, "user"))));
    }

    private void detail(Context ctx, ReadViews views) {
        String id = ctx.pathParam("session_id");
        views.session(id)
                .ifPresentOrElse(
                        ctx::json, () -> ctx.status(404).json(Map.of("error", "Session " + id + " not found")));
    }

    private void run(Context ctx, ReadViews views) {
        String id = ctx.pathParam("run_id");
        views.run(id)
                .ifPresentOrElse(ctx::json, () -> ctx.status(404).json(Map.of("error", "Run " + id + " not found")));
    }

    private void close(Context ctx, ServerContext sc) {
        JsonNode body = jsonObjectBody(ctx);
        if (body == null) return;
        String instanceId, sessionId;
        try {
            instanceId = optionalString(body, "instance_id");
            sessionId = optionalString(body, "session_id");
        } catch (IllegalArgumentException e) {
            ctx.status(400).json(Map.of("error", e.getMessage()));
            return;
        }
        if (instanceId == null && sessionId == null) {
            ctx.status(400).json(Map.of("error", "Provide instance_id and/or session_id"));
            return;
        }
        CompletableFuture<Integer> closed;
        try {
            closed = sc.writer().closeSessions(instanceId, sessionId, sc.clock().instant());
        } catch (Overloaded e) {
            HttpRefusals.json(ctx, IngestFront.refusal(e));
            return;
        }
        ctx.future(() -> closed.handleAsync(
                (n, failure) -> {
                    if (failure == null) ctx.json(Map.of("closed", n));
                    else HttpRefusals.json(ctx, IngestFront.refusal(failure));
                    return null;
                },
                responder));
    }

    private void label(Context ctx, ServerContext sc) {
        String id = ctx.pathParam("session_id");
        JsonNode body = jsonObjectBody(ctx);
        if (body == null) return;
        JsonNode node = body.get("label");
        String label;
        if (node == null || node.isNull()) {
            label = "";
        } else if (node.isTextual()) {
            label = node.asText().strip();
        } else {
            ctx.status(400).json(Map.of("error", "label must be a string"));
            return;
        }
        if (label.codePointCount(0, label.length()) > LABEL_MAX) {
            label = label.substring(0, label.offsetByCodePoints(0, LABEL_MAX)).strip();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session_id", id);
        out.put("label", label.isEmpty() ? null : label);
        // a rename is a write: it queues to the single writer like every other one
        CompletableFuture<Void> saved =
                sc.writer().label(id, label.isEmpty() ? null : label, sc.clock().instant());
        ctx.future(() -> saved.handleAsync(
                (ok, failure) -> {
                    if (failure == null) ctx.json(out);
                    else HttpRefusals.json(ctx, IngestFront.refusal(failure));
                    return null;
                },
                responder));
    }

    static String optionalString(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw new IllegalArgumentException(field + " must be a string");
        String v = n.asText().trim();
        return v.isEmpty() ? null : v;
    }

    /** The body as a JSON object, or null after answering 400/413 (TokenJam's messages). */
    static JsonNode jsonObjectBody(Context ctx) {
        byte[] bytes;
        try {
            bytes = readCapped(ctx.bodyInputStream(), MAX_API_BODY);
        } catch (IOException e) {
            ctx.status(400).json(Map.of("error", "Invalid JSON body"));
            return null;
        }
        if (bytes == null) {
            ctx.status(413).json(Map.of("error", "Request body exceeds " + MAX_API_BODY + " bytes"));
            return null;
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            ctx.status(400).json(Map.of("error", "Invalid JSON body"));
            return null;
        } catch (IOException e) {
            ctx.status(400).json(Map.of("error", "Invalid JSON body"));
            return null;
        }
        if (node == null || node.isMissingNode()) {
            ctx.status(400).json(Map.of("error", "Invalid JSON body"));
            return null;
        }
        if (!node.isObject()) {
            ctx.status(400).json(Map.of("error", "Expected a JSON object"));
            return null;
        }
        return node;
    }

    /** @return the bytes, or null when there are more than max */
    private static byte[] readCapped(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n, total = 0;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total > max) return null;
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * The connect help the dashboard shows while nothing reports yet: the same lines and snippet as
     * {@code tj serve}'s banner ({@link Connection}), with the endpoint the browser reached us at.
     */
    static Map<String, Object> connect(Context ctx, ServerContext sc) {
        String host = ctx.header("Host");
        Connection c = host != null && HOST.matcher(host).matches()
                ? new Connection("http://" + host, Connection.SECRET_PLACEHOLDER)
                : Connection.local(sc.config().api().host(), sc.config().api().port(), Connection.SECRET_PLACEHOLDER);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", Connection.ONBOARD);
        m.put("help", Connection.helpLines());
        m.put("endpoint", c.endpoint());
        m.put("settings_json", c.settingsSnippet());
        return m;
    }

    private static final java.util.regex.Pattern HOST =
            java.util.regex.Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(:\\d{1,5})?");
}
