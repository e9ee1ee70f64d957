package dev.tj.server.http;

import dev.tj.core.access.IngestGate;
import dev.tj.core.config.Loopback;
import dev.tj.core.config.TjConfig;
import dev.tj.core.ingest.IngestMetrics;
import dev.tj.server.ingest.IngestRoutes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CORS and the two credentials, applied before any route runs so that a refused request never has
 * its body read.
 *
 * <ul>
 *   <li>Ingest secret ({@code [security] ingest_secret}, when non-empty) or a machine's ingest token
 *       ({@code tj token create}): every ingest POST, including {@code /v1/metrics} (TokenJam left it
 *       open) and {@code /api/v1/sessions/close}. A token that is unknown or revoked is refused even
 *       where ingest is open. The token's machine goes on the request as {@link #MACHINE_ATTRIBUTE}.</li>
 *   <li>API key ({@code [api.auth] enabled}): every API read, {@code /metrics}, and every other
 *       non-GET under {@code /api/v1/} (labels, alert acknowledgement). {@code /health} and
 *       {@code /api/v1/version} stay open, as does the dashboard's static shell. The read-only key
 *       ({@code [api.auth] read_api_key}) passes for GET and HEAD and gets 403 on anything else.</li>
 *   <li>Admin routes ({@code /api/v1/admin/}: ingest tokens): the full API key or the ingest secret;
 *       with neither configured, only a client on this machine (a loopback peer address).</li>
 *   <li>CORS: only loopback origins (localhost, 127.0.0.1, [::1]) get CORS headers.</li>
 *   <li>Cross-site writes: a POST/PUT/PATCH/DELETE that carries a non-loopback {@code Origin} that
 *       is not this server's own (the request's {@code Host}) is refused (403). Browsers send Origin on every cross-origin write, including the "simple"
 *       text/plain ones that skip the CORS preflight; CLIs and OTLP exporters send none.</li>
 *   <li>DNS rebinding: while bound to a loopback address, a request whose {@code Host} is not a
 *       loopback name is refused (403), so a web page cannot re-point its own domain at 127.0.0.1
 *       and read the API.</li>
 * </ul>
 */
public final class HttpGuards {
    private static final Set<String> OPEN_API_PATHS = Set.of("/api/v1/version");
    /** The dashboard's server-sent events (see dev.tj.server.ui.DashboardModule). */
    static final String EVENTS_PATH = "/api/v1/events";

    private static final Pattern LOCAL_ORIGIN =
            Pattern.compile("^https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?$");

    /** Where an admitted ingest request keeps the machine of its token (absent for the secret). */
    public static final String MACHINE_ATTRIBUTE = "tj.machine";

    /**
     * The machine of the token an ingest request came with, for records that do not name theirs; null
     * for the secret or open ingest (this tj's own {@code [machine]} then).
     */
    public static dev.tj.core.span.Machine origin(io.javalin.http.Context ctx) {
        String machine = ctx.attribute(MACHINE_ATTRIBUTE);
        return machine == null ? null : new dev.tj.core.span.Machine(machine, null);
    }

    public static final String ADMIN_PREFIX = "/api/v1/admin/";
    private static final String READ_ONLY = "This API key may only read";

    private final IngestGate gate;
    private final byte[] apiKeyDigest;
    private final byte[] readKeyDigest;
    private final boolean loopbackOnly;
    private final IngestMetrics metrics;

    /**
     * @param metrics where a refused ingest request is counted, under its transport
     * @param gate who may ingest: the ingest secret or a machine token
     */
    public HttpGuards(TjConfig config, IngestMetrics metrics, IngestGate gate) {
        this.metrics = metrics;
        this.gate = gate;
        this.apiKeyDigest = config.api().authEnabled()
                ? sha256(config.api().apiKey() == null ? "" : config.api().apiKey())
                : null;
        this.readKeyDigest =
                config.api().authEnabled() && !config.api().readApiKey().isEmpty()
                        ? sha256(config.api().readApiKey())
                        : null;
        this.loopbackOnly = isLoopbackName(config.api().host());
    }

    public void register(JavalinConfig config) {
        config.routes.before(this::hostAndOrigin);
        config.routes.before(this::cors);
        config.routes.before(this::auth);
        // Preflight for any path; the before-handler above already decided on the CORS headers.
        config.routes.options("/*", ctx -> ctx.status(204));
    }

    public static boolean isAllowedOrigin(String origin) {
        return origin != null && LOCAL_ORIGIN.matcher(origin).matches();
    }

    private void hostAndOrigin(Context ctx) {
        if (loopbackOnly) {
            String host = hostName(ctx.header("Host"));
            if (host != null && !isLoopbackName(host)) {
                forbid(ctx, "Host '" + clip(host) + "' is not served here (tj listens on loopback only)");
                return;
            }
        }
        HandlerType m = ctx.method();
        if (m == HandlerType.POST || m == HandlerType.PUT || m == HandlerType.PATCH || m == HandlerType.DELETE) {
            String origin = ctx.header("Origin");
            if (origin != null && !isAllowedOrigin(origin) && !sameOrigin(origin, ctx.header("Host"))) {
                forbid(ctx, "Cross-origin request refused");
            }
        }
    }

    /**
     * A page of this server writing to it (a team server's dashboard, served under its own name):
     * browsers set Origin themselves, so a page of another site cannot claim ours.
     */
    static boolean sameOrigin(String origin, String hostHeader) {
        if (origin == null || hostHeader == null || hostHeader.isBlank()) return false;
        String o = origin.toLowerCase(Locale.ROOT);
        String authority = o.startsWith("https://") ? o.substring(8) : o.startsWith("http://") ? o.substring(7) : null;
        return authority != null && authority.equals(hostHeader.trim().toLowerCase(Locale.ROOT));
    }

    /** The name part of a Host header ("[::1]:7391" gives "[::1]"), or null when there is none. */
    static String hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) return null;
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** localhost, *.localhost, 127.x.y.z, ::1. */
    static boolean isLoopbackName(String host) {
        return Loopback.isLoopback(host);
    }

    private static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }

    private static void forbid(Context ctx, String detail) {
        ctx.status(403).json(Map.of("detail", detail));
        ctx.skipRemainingHandlers();
    }

    private void cors(Context ctx) {
        String origin = ctx.header("Origin");
        if (!isAllowedOrigin(origin)) return;
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Vary", "Origin");
        ctx.header("Access-Control-Allow-Methods", "GET, POST, PATCH");
        ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type");
        ctx.header("Access-Control-Max-Age", "600");
    }

    private void auth(Context ctx) {
        HandlerType method = ctx.method();
        if (method == HandlerType.OPTIONS) return;
        String path = ctx.path();
        String given = bearer(ctx.header("Authorization"));
        if (method == HandlerType.POST && IngestRoutes.takesIngestSecret(path)) {
            IngestGate.Admission a = gate.admit(given);
            if (!a.allowed()) {
                countRefusedIngest(path);
                refuse(ctx, "Invalid ingest secret");
            } else if (a.machine() != null) {
                ctx.attribute(MACHINE_ATTRIBUTE, a.machine());
            }
            return;
        }
        if (path.startsWith(ADMIN_PREFIX)) {
            admin(ctx, given);
            return;
        }
        if (apiKeyDigest != null && needsApiKey(path)) {
            // EventSource cannot send headers: the dashboard's event stream may pass the key as ?key=
            if (given == null && path.equals(EVENTS_PATH)) given = ctx.queryParam("key");
            if (matches(apiKeyDigest, given)) return;
            if (readKeyDigest != null && matches(readKeyDigest, given)) {
                if (method != HandlerType.GET && method != HandlerType.HEAD) forbid(ctx, READ_ONLY);
                return;
            }
            refuse(ctx, "Invalid API key");
        }
    }

    /** Ingest tokens are managed with the full API key or the ingest secret, never the read-only key. */
    private void admin(Context ctx, String given) {
        if (apiKeyDigest != null && matches(apiKeyDigest, given)) return;
        if (gate.isSecret(given)) return;
        if (readKeyDigest != null && matches(readKeyDigest, given)) {
            forbid(ctx, READ_ONLY);
            return;
        }
        if (apiKeyDigest == null && !gate.guarded()) {
            if (Loopback.isLoopback(ctx.ip())) return;
            forbid(ctx, "Set an ingest secret or an API key to manage tokens from another machine");
            return;
        }
        refuse(ctx, "Admin routes need the API key or the ingest secret");
    }

    private void countRefusedIngest(String path) {
        String transport = IngestRoutes.isOtlpReceiver(path)
                ? IngestMetrics.HTTP
                : path.equals(IngestRoutes.BACKFILL_SPANS) ? IngestMetrics.BACKFILL : null;
        if (transport == null) return;
        IngestMetrics.Transport t = metrics.forTransport(transport);
        t.incrementRequests();
        t.incrementRequestsRefused();
    }

    private static boolean needsApiKey(String path) {
        if (path.equals("/metrics")) return true;
        if (!path.startsWith("/api/")) return false;
        return !OPEN_API_PATHS.contains(path);
    }

    private static void refuse(Context ctx, String detail) {
        ctx.status(401).header("WWW-Authenticate", "Bearer").json(Map.of("detail", detail));
        ctx.skipRemainingHandlers();
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    public static String bearer(String header) {
        if (header == null) return null;
        String h = header.trim();
        if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) return null;
        return h.substring(7).trim();
    }

    /** Constant-time comparison; hashing first also hides the secret's length. */
    public static boolean matches(byte[] expectedDigest, String provided) {
        if (provided == null) return false;
        return MessageDigest.isEqual(expectedDigest, sha256(provided));
    }

    public static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
