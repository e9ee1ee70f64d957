package dev.tj.server.ui;

import dev.tj.core.config.TjConfig;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The browser dashboard: {@code GET /} (the app shell), {@code /ui/*} (its ES modules and CSS, plus
 * the preact and uPlot webjars under {@code /ui/vendor/}) and the live event stream
 * {@code GET /api/v1/events} (Server-Sent Events, see {@link LiveEvents}).
 *
 * <p>When {@code [api.auth]} is on, the shell gets {@code <meta name="tj-api-key">} so the page can
 * send {@code Authorization: Bearer}; EventSource can't send headers, so the event stream also
 * takes the key as {@code ?key=} (compared in constant time). The shell is served with a Content
 * Security Policy that allows only same-origin scripts (plus the hashes of its own inline scripts),
 * so even a rendering slip could not run injected script.
 */
public final class DashboardModule implements RouteModule {
    static final String EVENTS_PATH = "/api/v1/events";
    private static final Pattern INLINE_SCRIPT =
            Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>", Pattern.DOTALL);

    private final long minGapMs;
    private final long tickMs;

    public DashboardModule() {
        this(250, 15_000);
    }

    /** @param minGapMs least time between two {@code sessions} events; tickMs period of {@code tick} events */
    public DashboardModule(long minGapMs, long tickMs) {
        this.minGapMs = minGapMs;
        this.tickMs = tickMs;
    }

    @Override
    public void register(JavalinConfig config, ServerContext ctx) {
        StaticAssets assets = new StaticAssets(DashboardModule.class.getClassLoader());
        StaticAssets.Asset shell =
                shell(assets.text("ui/index.html"), ctx.config().api());
        String csp = contentSecurityPolicy(new String(shell.bytes(), StandardCharsets.UTF_8));

        Handler index = c -> {
            c.header("Content-Security-Policy", csp);
            c.header("Referrer-Policy", "no-referrer");
            c.header("X-Frame-Options", "DENY");
            StaticAssets.send(c, shell, "no-cache");
        };
        config.routes.get("/", index);
        config.routes.get("/ui", index);
        config.routes.get("/ui/", index);
        config.routes.get("/ui/index.html", index);
        config.routes.get("/ui/<path>", c -> assets.serveUi(c, c.pathParam("path")));

        LiveEvents live = new LiveEvents(minGapMs, tickMs);
        ctx.writer().onCommit(live::sessionsCommitted);
        ctx.attention().onChange(live::sessionChanged);
        SseHandler sse = new SseHandler(live::connect);
        TjConfig.Api api = ctx.config().api();
        config.routes.get(EVENTS_PATH, c -> {
            if (!authorized(c, api)) {
                c.status(401).contentType("application/json").result("{\"detail\":\"Invalid API key\"}");
                return;
            }
            sse.handle(c);
        });
        config.events.serverStopping(live::close);
    }

    /** The shell with the API key meta tag filled in (or removed when auth is off). */
    static StaticAssets.Asset shell(String html, TjConfig.Api api) {
        // Only on a loopback bind: the shell is open, so on a team server it would hand the key to
        // anyone who can reach it. There the user opens the dashboard with ?key= instead (api.js).
        String meta = api.authEnabled()
                        && api.loopback()
                        && api.apiKey() != null
                        && !api.apiKey().isEmpty()
                ? "<meta name=\"tj-api-key\" content=\"" + escapeAttr(api.apiKey()) + "\">"
                : "";
        byte[] bytes = html.replace("<!--tj:api-key-->", meta).getBytes(StandardCharsets.UTF_8);
        return new StaticAssets.Asset(bytes, "text/html; charset=utf-8", StaticAssets.etag(bytes));
    }

    static String contentSecurityPolicy(String html) {
        List<String> hashes = new ArrayList<>();
        Matcher m = INLINE_SCRIPT.matcher(html);
        while (m.find()) {
            byte[] digest = StaticAssets.sha256(m.group(1).getBytes(StandardCharsets.UTF_8));
            hashes.add("'sha256-" + Base64.getEncoder().encodeToString(digest) + "'");
        }
        return "default-src 'self'; script-src 'self' " + String.join(" ", hashes)
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'"
                + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /** With auth on: {@code Authorization: Bearer <key>} or {@code ?key=<key>}, compared in constant time. */
    static boolean authorized(Context c, TjConfig.Api api) {
        if (!api.authEnabled()) return true;
        String expected = api.apiKey() == null ? "" : api.apiKey();
        if (expected.isEmpty()) return false;
        String given = null;
        String auth = c.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7))
            given = auth.substring(7).trim();
        if (given == null) given = c.queryParam("key");
        if (given == null) return false;
        byte[] g = given.getBytes(StandardCharsets.UTF_8);
        String readKey = api.readApiKey();
        return MessageDigest.isEqual(g, expected.getBytes(StandardCharsets.UTF_8))
                || (!readKey.isEmpty() && MessageDigest.isEqual(g, readKey.getBytes(StandardCharsets.UTF_8)));
    }

    static String escapeAttr(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
