package dev.tj.server.http;

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
 *   <li>Ingest secret ({@code [security] ingest_secret}, when non-empty): every ingest POST,
 *       including {@code /v1/metrics} (TokenJam left it open) and {@code /api/v1/sessions/close}.</li>
 *   <li>API key ({@code [api.auth] enabled}): every API read, {@code /metrics}, and every other
 *       non-GET under {@code /api/v1/} (labels, alert acknowledgement). {@code /health} and
 *       {@code /api/v1/version} stay open, as does the dashboard's static shell.</li>
 *   <li>CORS: only loopback origins (localhost, 127.0.0.1, [::1]) get CORS headers.</li>
 *   <li>Cross-site writes: a POST/PUT/PATCH/DELETE that carries a non-loopback {@code Origin} is
 *       refused (403). Browsers send Origin on every cross-origin write, including the "simple"
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

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("^127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$");

    private final byte[] ingestSecretDigest;
    private final byte[] apiKeyDigest;
    private final boolean loopbackOnly;
    private final IngestMetrics metrics;

    /** @param metrics where a refused ingest request is counted, under its transport */
    public HttpGuards(TjConfig config, IngestMetrics metrics) {
        this.metrics = metrics;
        String secret = config.security().ingestSecret();
        this.ingestSecretDigest = secret == null || secret.isEmpty() ? null : sha256(secret);
        this.apiKeyDigest = config.api().authEnabled()
                ? sha256(config.api().apiKey() == null ? "" : config.api().apiKey())
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
            if (origin != null && !isAllowedOrigin(origin)) forbid(ctx, "Cross-origin request refused");
        }
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
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h.equals("localhost")
                || h.endsWith(".localhost")
                || h.equals("::1")
                || h.equals("[::1]")
                || IPV4_LOOPBACK.matcher(h).matches();
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
        if (method == HandlerType.POST && IngestRoutes.takesIngestSecret(path)) {
            if (ingestSecretDigest != null && !matches(ingestSecretDigest, bearer(ctx.header("Authorization")))) {
                countRefusedIngest(path);
                refuse(ctx, "Invalid ingest secret");
            }
            return;
        }
        if (apiKeyDigest != null && needsApiKey(path)) {
            String given = bearer(ctx.header("Authorization"));
            // EventSource cannot send headers: the dashboard's event stream may pass the key as ?key=
            if (given == null && path.equals(EVENTS_PATH)) given = ctx.queryParam("key");
            if (!matches(apiKeyDigest, given)) refuse(ctx, "Invalid API key");
        }
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
