package dev.tj.core.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database URL of {@code [storage] url} ({@code postgresql://user:pass@host:5432/db?param=value},
 * {@code postgres://...}, or the same behind {@code jdbc:}). Parsed here so that configuration can be
 * checked, and shown with its password masked, without knowing any driver.
 *
 * @param user     from the user info or the {@code user} parameter, or null
 * @param password from the user info or the {@code password} parameter, or null; never shown
 * @param port     0 when not given
 * @param params   the other query parameters, in order
 */
public record StorageUrl(
        String user, String password, String host, int port, String database, Map<String, String> params) {
    private static final Pattern SHAPE = Pattern.compile(
            "(?i)(?:jdbc:)?postgres(?:ql)?://(?:([^@/?]*)@)?(\\[[^\\]]+\\]|[^:/?]*)(?::(\\d{1,5}))?(?:/([^?]*))?(?:\\?(.*))?");

    public StorageUrl {
        params = Map.copyOf(params);
    }

    /** True for a URL this parses (a PostgreSQL one); anything else is not a storage URL. */
    public static boolean isPostgres(String url) {
        return url != null && SHAPE.matcher(url.trim()).matches();
    }

    /**
     * @throws IllegalArgumentException with the URL masked, when it is no PostgreSQL URL
     */
    public static StorageUrl parse(String url) {
        String u = url == null ? "" : url.trim();
        Matcher m = SHAPE.matcher(u);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "storage url must look like postgresql://user:password@host:5432/database: " + maskText(u));
        }
        String user = null, password = null;
        if (m.group(1) != null) {
            String info = m.group(1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String host = m.group(2) == null || m.group(2).isEmpty() ? "localhost" : m.group(2);
        int port = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (port > 65535) throw new IllegalArgumentException("storage url has port " + port + ": " + maskText(u));
        String database = m.group(4) == null ? "" : decode(m.group(4));
        Map<String, String> params = new LinkedHashMap<>();
        if (m.group(5) != null && !m.group(5).isEmpty()) {
            for (String pair : m.group(5).split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (k.equalsIgnoreCase("user")) user = v;
                else if (k.equalsIgnoreCase("password")) password = v;
                else params.put(k, v);
            }
        }
        return new StorageUrl(user, password, host, port, database, params);
    }

    /** The URL as it may be shown: credentials other than the user name left out. */
    public String masked() {
        StringBuilder b = new StringBuilder("postgresql://");
        if (user != null) b.append(encode(user)).append(password != null ? ":***@" : "@");
        b.append(host);
        if (port > 0) b.append(':').append(port);
        b.append('/').append(encode(database));
        String sep = "?";
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = "&";
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return masked();
    }

    /** Best effort for text that did not parse: hides what follows {@code user:} up to {@code @} and password values. */
    public static String maskText(String url) {
        if (url == null) return "";
        return url.replaceAll("(//[^:/@]*):[^@/]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
