package dev.tj.storage.postgres;

import dev.tj.core.config.StorageUrl;
import java.util.Map;
import java.util.Properties;

/** A storage URL as pgjdbc takes it: the address in the JDBC URL, credentials as properties (never in text). */
record PgUrl(String jdbcUrl, Properties properties, String masked) {
    static PgUrl parse(String url) {
        StorageUrl u = StorageUrl.parse(url);
        String jdbc = "jdbc:postgresql://" + u.host() + (u.port() > 0 ? ":" + u.port() : "") + "/"
                + java.net.URLEncoder.encode(u.database(), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20");
        Properties p = new Properties();
        for (Map.Entry<String, String> e : u.params().entrySet()) p.setProperty(e.getKey(), e.getValue());
        if (u.user() != null) p.setProperty("user", u.user());
        if (u.password() != null) p.setProperty("password", u.password());
        return new PgUrl(jdbc, p, u.masked());
    }

    @Override
    public String toString() {
        return masked;
    }
}
