package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.core.config.TjConfig;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.storage.Storage;
import dev.tj.storage.duckdb.DuckDbStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** A real daemon on random ports over a real DuckDB file, and an HTTP client for it. */
final class TestServer implements AutoCloseable {
    static final String SECRET = "test-ingest-secret";
    static final ObjectMapper JSON = new ObjectMapper();

    final Daemon daemon;
    final TjConfig config;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private TestServer(Daemon daemon, TjConfig config) {
        this.daemon = daemon;
        this.config = config;
    }

    /** Defaults for tests: loopback, random ports, an ingest secret. */
    static TjConfig config(Path dir) {
        TjConfig d = TjConfig.defaults(dir);
        return d.withApi(new TjConfig.Api("127.0.0.1", 0, 0, false, ""))
                .withSecurity(d.security().withIngestSecret(SECRET));
    }

    static TestServer start(Path dir) {
        return start(dir, c -> c, Clock.systemUTC());
    }

    static TestServer start(Path dir, UnaryOperator<TjConfig> customize, Clock clock) {
        return start(dir, customize, clock, s -> s);
    }

    static TestServer start(
            Path dir, UnaryOperator<TjConfig> customize, Clock clock, Function<Storage, Storage> wrapStorage) {
        return start(dir, customize, clock, wrapStorage, dev.tj.core.snapshot.SnapshotProducer.NONE);
    }

    static TestServer start(
            Path dir,
            UnaryOperator<TjConfig> customize,
            Clock clock,
            Function<Storage, Storage> wrapStorage,
            dev.tj.core.snapshot.SnapshotProducer snapshots) {
        TjConfig config = customize.apply(config(dir));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Storage storage = wrapStorage.apply(DuckDbStorage.open(dir.resolve("test.duckdb")));
        Daemon daemon = Daemon.start(config, storage, Pricing.packaged(), clock, snapshots);
        return new TestServer(daemon, config);
    }

    String base() {
        return "http://127.0.0.1:" + daemon.httpPort();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60));
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = request(path).GET();
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (headers.length > 0) b.headers(headers);
        return send(b.build());
    }

    /** POST JSON with the ingest secret. */
    HttpResponse<String> postJson(String path, String json) {
        return post(
                path, "application/json", json.getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + SECRET);
    }

    HttpResponse<byte[]> postBytes(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (headers.length > 0) b.headers(headers);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    /** GET /api/v1/sessions/{id}, asserting 200. */
    JsonNode session(String id) {
        HttpResponse<String> r = get("/api/v1/sessions/" + id);
        assertThat(r.statusCode()).as("GET session %s: %s", id, r.body()).isEqualTo(200);
        return json(r);
    }

    /** Posts OTLP/JSON logs with the secret, asserting 200; returns the answer. */
    JsonNode ingestLogs(String json) {
        HttpResponse<String> r = postJson("/v1/logs", json);
        assertThat(r.statusCode()).as("POST /v1/logs: %s", r.body()).isEqualTo(200);
        return json(r);
    }

    JsonNode ingestTraces(String json) {
        HttpResponse<String> r = postJson("/v1/traces", json);
        assertThat(r.statusCode()).as("POST /v1/traces: %s", r.body()).isEqualTo(200);
        return json(r);
    }

    JsonNode closeSessions(String body) {
        HttpResponse<String> r = postJson("/api/v1/sessions/close", body);
        assertThat(r.statusCode()).as("close: %s", r.body()).isEqualTo(200);
        return json(r);
    }

    @Override
    public void close() {
        daemon.close();
    }
}
