package dev.tj.server.ui;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the dashboard's own files (classpath {@code ui/}) and the two webjars it uses, from memory,
 * with the right content type and cache headers. Nothing is fetched from the network.
 *
 * <p>App files get {@code no-cache} plus a strong ETag (a reload revalidates and costs a 304);
 * webjar files live under a versioned path and are cached for a year as immutable.
 */
final class StaticAssets {
    /** The only webjars the dashboard may load; their paths carry the version. */
    private static final String[] VENDOR_PREFIXES = {"preact/", "uplot/"};

    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/-]+");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    record Asset(byte[] bytes, String contentType, String etag) {}

    private final ClassLoader loader;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    StaticAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** {@code /ui/<path>}: vendor files under {@code vendor/}, else the app's own files. */
    void serveUi(Context ctx, String path) {
        if (path.startsWith("vendor/")) {
            String rest = path.substring("vendor/".length());
            boolean allowed = false;
            for (String p : VENDOR_PREFIXES) allowed |= rest.startsWith(p);
            if (!allowed || !safe(rest)) {
                notFound(ctx);
                return;
            }
            serve(ctx, "META-INF/resources/webjars/" + rest, "public, max-age=31536000, immutable");
            return;
        }
        if (!safe(path) || path.endsWith("index.html")) {
            notFound(ctx);
            return;
        }
        serve(ctx, "ui/" + path, "no-cache");
    }

    Optional<Asset> load(String resource) {
        return cache.computeIfAbsent(resource, r -> {
            try (InputStream in = loader.getResourceAsStream(r)) {
                if (in == null) return Optional.empty();
                byte[] bytes = in.readAllBytes();
                return Optional.of(new Asset(bytes, typeOf(r), etag(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Text of a classpath resource (UTF-8), or an exception when missing. */
    String text(String resource) {
        return new String(
                load(resource)
                        .orElseThrow(() -> new IllegalStateException("missing " + resource))
                        .bytes(),
                StandardCharsets.UTF_8);
    }

    private void serve(Context ctx, String resource, String cacheControl) {
        Optional<Asset> a = load(resource);
        if (a.isEmpty()) {
            notFound(ctx);
            return;
        }
        send(ctx, a.get(), cacheControl);
    }

    static void send(Context ctx, Asset a, String cacheControl) {
        ctx.header("Cache-Control", cacheControl);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("ETag", a.etag());
        String inm = ctx.header("If-None-Match");
        if (inm != null && inm.contains(a.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.contentType());
        ctx.result(a.bytes());
    }

    private static void notFound(Context ctx) {
        ctx.status(404).contentType("text/plain; charset=utf-8").result("not found");
    }

    /** No traversal, no hidden files, no odd characters: the path maps straight onto the classpath. */
    static boolean safe(String path) {
        if (path.isEmpty() || !SAFE_PATH.matcher(path).matches()) return false;
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.startsWith(".")) return false;
        }
        return true;
    }

    static String typeOf(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    static String etag(byte[] bytes) {
        return "\""
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(sha256(bytes))
                        .substring(0, 22) + "\"";
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
