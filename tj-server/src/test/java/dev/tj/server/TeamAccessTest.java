package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.config.TjConfig;
import dev.tj.core.pricing.Pricing;
import dev.tj.storage.duckdb.DuckDbStorage;
import dev.tj.testkit.TestCertificate;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Team access against a real daemon: HTTPS and gRPC over TLS with a certificate made at test time,
 * the refusal of plain HTTP on a non-loopback bind, ingest tokens per machine (accepted, then 401 at
 * once when revoked), the read-only API key, and no secret in error bodies, /metrics or the log.
 */
class TeamAccessTest {
    static final String API_KEY = "full-api-key-0123456789";
    static final String READ_KEY = "read-only-key-9876543210";
    static final Instant T = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    private TestServer server;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLog() {
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stop() {
        root.detachAppender(log);
        if (server != null) server.close();
    }

    private static String logsJson(String session) {
        return OtlpJson.logs(
                OtlpJson.resource("claude-code", "team", "m1"),
                List.of(OtlpJson.apiRequest(session, 1, T, "p1", 100, 20, 0, 0, 0.25, 2000)));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest r) throws Exception {
        return client.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest post(String url, String body, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return b.build();
    }

    private static HttpRequest get(String url, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .GET();
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return b.build();
    }

    private String logText() {
        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent e : log.list) {
            sb.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null)
                sb.append(e.getThrowableProxy().getMessage()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void httpsAndGrpcOverTlsAnswerAClientThatTrustsTheCertificate() throws Exception {
        TestCertificate cert = TestCertificate.make(dir.resolve("tls"), "EC");
        server = TestServer.start(
                dir.resolve("db"), c -> c.withApi(c.api().withTls(cert.cert(), cert.key())), Clock.systemUTC());
        String base = "https://localhost:" + server.daemon.httpPort();
        HttpClient trusting = HttpClient.newBuilder()
                .sslContext(cert.clientContext())
                .version(HttpClient.Version.HTTP_1_1)
                .build();

        assertThat(send(trusting, get(base + "/health", null)).statusCode()).isEqualTo(200);
        HttpResponse<String> ingest = send(trusting, post(base + "/v1/logs", logsJson("tls-http"), TestServer.SECRET));
        assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
        HttpResponse<String> session = send(trusting, get(base + "/api/v1/sessions/tls-http", null));
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.body()).contains("tls-http");

        // a client that does not trust it, and plain HTTP, get nowhere
        HttpClient stranger = HttpClient.newBuilder().build();
        assertThatThrownBy(() -> send(stranger, get(base + "/health", null))).isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> send(stranger, get("http://127.0.0.1:" + server.daemon.httpPort() + "/health", null)))
                .isInstanceOf(java.io.IOException.class);

        // the OTel SDK's own exporters, over HTTPS and gRPC with TLS
        byte[] pem = Files.readAllBytes(cert.cert());
        assertThat(SdkExportersTest.export(
                        OtlpHttpLogRecordExporter.builder()
                                .setEndpoint(base + "/v1/logs")
                                .setTrustedCertificates(pem)
                                .addHeader("Authorization", "Bearer " + TestServer.SECRET)
                                .build(),
                        SdkExportersTest.claudeCodeSession("tls-sdk-http")))
                .isTrue();
        assertThat(SdkExportersTest.export(
                        OtlpGrpcLogRecordExporter.builder()
                                .setEndpoint("https://localhost:" + server.daemon.grpcPort())
                                .setTrustedCertificates(pem)
                                .addHeader("Authorization", "Bearer " + TestServer.SECRET)
                                .build(),
                        SdkExportersTest.claudeCodeSession("tls-sdk-grpc")))
                .isTrue();
        for (String id : List.of("tls-sdk-http", "tls-sdk-grpc")) {
            assertThat(send(trusting, get(base + "/api/v1/sessions/" + id, null))
                            .statusCode())
                    .as(id)
                    .isEqualTo(200);
        }
        // a plaintext gRPC client is not answered
        assertThat(SdkExportersTest.export(
                        OtlpGrpcLogRecordExporter.builder()
                                .setEndpoint("http://127.0.0.1:" + server.daemon.grpcPort())
                                .setTimeout(Duration.ofSeconds(5))
                                .addHeader("Authorization", "Bearer " + TestServer.SECRET)
                                .build(),
                        SdkExportersTest.claudeCodeSession("tls-plain-grpc")))
                .isFalse();
        assertThat(logText()).doesNotContain(TestServer.SECRET);
    }

    @Test
    void aNonLoopbackBindRefusesPlainHttpUnlessAskedExplicitly() {
        TjConfig open = TestServer.config(dir).withApi(new TjConfig.Api("0.0.0.0", 0, 0, false, ""));
        DuckDbStorage storage = DuckDbStorage.open(dir.resolve("refused.duckdb"));
        assertThatThrownBy(() -> Daemon.start(open, storage, Pricing.packaged(), Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0.0.0.0")
                .hasMessageContaining("[api] tls_cert")
                .hasMessageContaining("[api] tls_key")
                .hasMessageContaining("--insecure-http");

        server = TestServer.start(
                dir.resolve("insecure"),
                c -> c.withApi(new TjConfig.Api("0.0.0.0", 0, 0, false, "").withInsecureHttp(true)),
                Clock.systemUTC());
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        assertThat(logText()).contains("--insecure-http").contains("PLAIN HTTP");
    }

    @Test
    void aTokenIngestsUntilRevokedThenGets401AtOnceOnHttpAndGrpc() throws Exception {
        server = TestServer.start(dir);
        HttpResponse<String> noCredential = server.post(
                "/api/v1/admin/tokens",
                "application/json",
                "{\"machine\":\"laptop\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(noCredential.statusCode()).isEqualTo(401);

        HttpResponse<String> made = server.postJson("/api/v1/admin/tokens", "{\"machine\":\"laptop\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode created = TestServer.json(made);
        String token = created.get("token").asText();
        assertThat(token).startsWith("tj_");
        assertThat(created.get("machine").asText()).isEqualTo("laptop");

        HttpResponse<String> listed =
                server.get("/api/v1/admin/tokens", "Authorization", "Bearer " + TestServer.SECRET);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body())
                .doesNotContain(token)
                .contains(created.get("id").asText());

        String base = server.base();
        HttpClient client = HttpClient.newHttpClient();
        assertThat(send(client, post(base + "/v1/logs", logsJson("by-token"), token))
                        .statusCode())
                .isEqualTo(200);
        assertThat(server.get("/api/v1/sessions/by-token").statusCode()).isEqualTo(200);
        assertThat(SdkExportersTest.export(
                        OtlpGrpcLogRecordExporter.builder()
                                .setEndpoint("http://127.0.0.1:" + server.daemon.grpcPort())
                                .addHeader("Authorization", "Bearer " + token)
                                .build(),
                        SdkExportersTest.claudeCodeSession("by-token-grpc")))
                .isTrue();
        JsonNode used = TestServer.json(
                        server.get("/api/v1/admin/tokens", "Authorization", "Bearer " + TestServer.SECRET))
                .get("tokens")
                .get(0);
        assertThat(used.get("last_used_at").isNull()).isFalse();

        HttpResponse<String> revoked = server.postJson("/api/v1/admin/tokens/revoke", "{\"target\":\"laptop\"}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        HttpResponse<String> refused = send(client, post(base + "/v1/logs", logsJson("after-revoke"), token));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain(token);
        assertThat(SdkExportersTest.export(
                        OtlpGrpcLogRecordExporter.builder()
                                .setEndpoint("http://127.0.0.1:" + server.daemon.grpcPort())
                                .addHeader("Authorization", "Bearer " + token)
                                .build(),
                        SdkExportersTest.claudeCodeSession("after-revoke-grpc")))
                .isFalse();
        assertThat(server.get("/api/v1/sessions/after-revoke").statusCode()).isEqualTo(404);
        assertThat(server.postJson("/api/v1/admin/tokens/revoke", "{\"target\":\"laptop\"}")
                        .statusCode())
                .isEqualTo(404);
        // a made-up token is refused too, and the secret still works
        assertThat(send(client, post(base + "/v1/logs", logsJson("x"), "tj_madeup"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(client, post(base + "/v1/logs", logsJson("by-secret"), TestServer.SECRET))
                        .statusCode())
                .isEqualTo(200);

        String metrics = server.get("/metrics").body();
        assertThat(metrics).doesNotContain(token).doesNotContain(TestServer.SECRET);
        assertThat(logText()).doesNotContain(token).doesNotContain(TestServer.SECRET);
    }

    @Test
    void theReadOnlyKeyReadsButWritesNothing() throws Exception {
        server = TestServer.start(
                dir,
                c -> c.withApi(new TjConfig.Api("127.0.0.1", 0, 0, true, API_KEY).withReadApiKey(READ_KEY)),
                Clock.systemUTC());
        server.postJson("/v1/logs", logsJson("s-read"));
        for (String path : List.of("/api/v1/status", "/api/v1/sessions", "/api/v1/sessions/s-read", "/metrics")) {
            assertThat(server.get(path, "Authorization", "Bearer " + READ_KEY).statusCode())
                    .as(path)
                    .isEqualTo(200);
        }
        assertThat(server.get("/", "Authorization", "Bearer " + READ_KEY).statusCode())
                .isEqualTo(200);
        assertThat(server.get("/api/v1/events?key=" + READ_KEY).statusCode()).isNotEqualTo(401);

        byte[] label = "{\"label\":\"L\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> write = server.post(
                "/api/v1/sessions/s-read/label", "application/json", label, "Authorization", "Bearer " + READ_KEY);
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.body()).doesNotContain(READ_KEY).doesNotContain(API_KEY);
        assertThat(server.get("/api/v1/admin/tokens", "Authorization", "Bearer " + READ_KEY)
                        .statusCode())
                .isEqualTo(403);
        assertThat(server.post(
                                "/api/v1/admin/tokens",
                                "application/json",
                                "{\"machine\":\"m\"}".getBytes(StandardCharsets.UTF_8),
                                "Authorization",
                                "Bearer " + READ_KEY)
                        .statusCode())
                .isEqualTo(403);
        assertThat(server.get("/api/v1/status", "Authorization", "Bearer wrong").statusCode())
                .isEqualTo(401);

        // the full key still writes and manages tokens
        assertThat(server.post(
                                "/api/v1/sessions/s-read/label",
                                "application/json",
                                label,
                                "Authorization",
                                "Bearer " + API_KEY)
                        .statusCode())
                .isEqualTo(200);
        assertThat(server.post(
                                "/api/v1/admin/tokens",
                                "application/json",
                                "{\"machine\":\"m\"}".getBytes(StandardCharsets.UTF_8),
                                "Authorization",
                                "Bearer " + API_KEY)
                        .statusCode())
                .isEqualTo(201);
        assertThat(server.get("/metrics", "Authorization", "Bearer " + API_KEY).body())
                .doesNotContain(API_KEY)
                .doesNotContain(READ_KEY);
        assertThat(logText()).doesNotContain(API_KEY).doesNotContain(READ_KEY);
    }

    @Test
    void theDashboardShellCarriesTheKeyOnlyOnALoopbackBind() {
        server = TestServer.start(
                dir.resolve("loop"),
                c -> c.withApi(new TjConfig.Api("127.0.0.1", 0, 0, true, API_KEY)),
                Clock.systemUTC());
        assertThat(server.get("/").body()).contains(API_KEY);
        server.close();
        server = TestServer.start(
                dir.resolve("team"),
                c -> c.withApi(new TjConfig.Api("0.0.0.0", 0, 0, true, API_KEY).withInsecureHttp(true)),
                Clock.systemUTC());
        String shell = server.get("/").body();
        assertThat(shell).contains("<html").doesNotContain(API_KEY);
        // its own page may write under its own name; another site may not
        String own = "127.0.0.1:" + server.daemon.httpPort();
        byte[] label = "{\"label\":\"L\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(server.post(
                                "/api/v1/sessions/x/label",
                                "application/json",
                                label,
                                "Authorization",
                                "Bearer " + API_KEY,
                                "Origin",
                                "http://" + own)
                        .statusCode())
                .isNotEqualTo(403);
        assertThat(server.post(
                                "/api/v1/sessions/x/label",
                                "application/json",
                                label,
                                "Authorization",
                                "Bearer " + API_KEY,
                                "Origin",
                                "http://evil.example")
                        .statusCode())
                .isEqualTo(403);
    }
}
