package dev.tj.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.core.config.TjConfig;
import dev.tj.core.pricing.Pricing;
import dev.tj.server.Daemon;
import dev.tj.storage.duckdb.DuckDbStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A real daemon (random ports, real DuckDB file under dir) plus the HTTP calls the UI tests make. */
final class UiServer implements AutoCloseable {
    static final String SECRET = "ui-test-ingest-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    final Daemon daemon;
    final TjConfig config;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private UiServer(Daemon daemon, TjConfig config) {
        this.daemon = daemon;
        this.config = config;
    }

    static TjConfig config(Path dir) {
        TjConfig d = TjConfig.defaults(dir);
        return d.withApi(new TjConfig.Api("127.0.0.1", 0, 0, false, ""))
                .withSecurity(d.security().withIngestSecret(SECRET));
    }

    static UiServer start(Path dir) {
        return start(dir, c -> c);
    }

    /** Starts on dir/db; starting again on the same dir reopens the same database. */
    static UiServer start(Path dir, UnaryOperator<TjConfig> customize) {
        TjConfig config = customize.apply(config(dir));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Daemon daemon =
                Daemon.start(config, DuckDbStorage.open(dir.resolve("db")), Pricing.packaged(), Clock.systemUTC());
        return new UiServer(daemon, config);
    }

    static TjConfig withPlans(TjConfig c, Map<String, dev.tj.core.session.PlanTier> plans) {
        return new TjConfig(
                c.api(),
                c.security(),
                c.storage(),
                c.ingest(),
                c.sessions(),
                c.agentProjects(),
                c.sessionLabels(),
                plans,
                c.pricingOverrides(),
                c.source());
    }

    static TjConfig withIdle(TjConfig c, Duration idle) {
        return c.withSessions(new TjConfig.Sessions(idle, c.sessions().claudeProjectsRoot()));
    }

    static TjConfig withApiKey(TjConfig c, String key) {
        TjConfig.Api a = c.api();
        return c.withApi(new TjConfig.Api(a.host(), a.port(), a.grpcPort(), true, key));
    }

    String base() {
        return "http://127.0.0.1:" + daemon.httpPort();
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }

    HttpResponse<String> post(String path, String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }

    HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST /v1/logs with the ingest secret; asserts every record was stored. */
    JsonNode logs(String body) {
        return ingest("/v1/logs", body);
    }

    /** POST /v1/traces with the ingest secret; asserts every span was stored. */
    JsonNode traces(String body) {
        return ingest("/v1/traces", body);
    }

    private JsonNode ingest(String path, String body) {
        HttpResponse<String> r = post(path, body, "Authorization", "Bearer " + SECRET);
        assertThat(r.statusCode()).as("POST %s: %s", path, r.body()).isEqualTo(200);
        JsonNode n = json(r);
        if (n.has("rejected"))
            assertThat(n.get("rejected").asInt()).as("rejections: %s", r.body()).isZero();
        return n;
    }

    void close(String sessionId) {
        HttpResponse<String> r = post(
                "/api/v1/sessions/close",
                "{\"session_id\":" + quote(sessionId) + "}",
                "Authorization",
                "Bearer " + SECRET);
        assertThat(r.statusCode()).as("close: %s", r.body()).isEqualTo(200);
    }

    JsonNode status() {
        HttpResponse<String> r = get("/api/v1/status");
        assertThat(r.statusCode()).as("status: %s", r.body()).isEqualTo(200);
        return json(r);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        daemon.close();
    }
}
