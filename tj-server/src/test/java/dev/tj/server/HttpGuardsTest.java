package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.config.TjConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CORS for loopback origins only; the API key on reads when enabled; open health and version. */
class HttpGuardsTest {
    @TempDir
    Path dir;

    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void corsHeadersOnlyForLoopbackOrigins() {
        server = TestServer.start(dir);
        for (String origin :
                List.of("http://localhost:5173", "http://127.0.0.1:7391", "https://localhost", "http://[::1]:8080")) {
            HttpResponse<String> r = server.get("/api/v1/status", "Origin", origin);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(origin)
                    .hasValue(origin);
        }
        for (String origin : List.of(
                "http://evil.example", "http://localhost.evil.example", "null", "http://127.0.0.1.nip.io", "file://")) {
            HttpResponse<String> r = server.get("/api/v1/status", "Origin", origin);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(origin)
                    .isEmpty();
        }
    }

    @Test
    void preflightAnswersAllowedMethodsAndHeaders() {
        server = TestServer.start(dir);
        HttpResponse<String> r = server.send(server.request("/v1/logs")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .build());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
                .contains("GET", "POST", "PATCH");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("Authorization", "Content-Type");

        HttpResponse<String> denied = server.send(server.request("/v1/logs")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .build());
        assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void apiKeyGuardsReadsLabelsAndMetricsButNotHealthVersionOrIngest() {
        server = TestServer.start(
                dir, c -> c.withApi(new TjConfig.Api("127.0.0.1", 0, 0, true, "the-api-key")), Clock.systemUTC());
        for (String path : List.of("/api/v1/status", "/api/v1/sessions", "/api/v1/sessions/x", "/metrics")) {
            HttpResponse<String> r = server.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(TestServer.json(r).get("detail").asText()).isEqualTo("Invalid API key");
            assertThat(server.get(path, "Authorization", "Bearer wrong").statusCode())
                    .as(path)
                    .isEqualTo(401);
        }
        assertThat(server.get("/api/v1/status", "Authorization", "Bearer the-api-key")
                        .statusCode())
                .isEqualTo(200);
        assertThat(server.get("/metrics", "Authorization", "Bearer the-api-key").statusCode())
                .isEqualTo(200);
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/v1/version").statusCode()).isEqualTo(200);
        // ?key= is only for the dashboard's event stream (EventSource cannot send headers)
        assertThat(server.get("/api/v1/status?key=the-api-key").statusCode()).isEqualTo(401);
        assertThat(server.get("/api/v1/events?key=wrong").statusCode()).isEqualTo(401);

        var label = server.post("/api/v1/sessions/x/label", "application/json", "{\"label\":\"L\"}".getBytes());
        assertThat(label.statusCode()).isEqualTo(401);
        var labelOk = server.post(
                "/api/v1/sessions/x/label",
                "application/json",
                "{\"label\":\"L\"}".getBytes(),
                "Authorization",
                "Bearer the-api-key");
        assertThat(labelOk.statusCode()).isEqualTo(200);

        // ingest takes the ingest secret, not the API key
        Instant t = Instant.now().minus(1, ChronoUnit.MINUTES);
        String logs = OtlpJson.logs(
                OtlpJson.resource("claude-code", null, null),
                List.of(OtlpJson.apiRequest("s-key", 1, t, "p", 1, 1, 0, 0, 0.01, 10)));
        assertThat(server.postJson("/v1/logs", logs).statusCode()).isEqualTo(200);
        assertThat(server.get("/api/v1/sessions/s-key", "Authorization", "Bearer the-api-key")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void withoutAnIngestSecretIngestIsOpen() {
        server = TestServer.start(
                dir,
                c -> c.withSecurity(
                        new TjConfig.Security("", 65536, 256, 10, 32L << 20, java.time.Duration.ofHours(24))),
                Clock.systemUTC());
        Instant t = Instant.now().minus(1, ChronoUnit.MINUTES);
        String logs = OtlpJson.logs(
                OtlpJson.resource("claude-code", null, null),
                List.of(OtlpJson.apiRequest("s-open", 1, t, "p", 1, 1, 0, 0, 0.01, 10)));
        assertThat(server.post("/v1/logs", "application/json", logs.getBytes()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void backfillWritesNeedTheIngestSecret() {
        server = TestServer.start(dir);
        String empty = "{\"spans\":[],\"source_files\":[]}";
        assertThat(server.post("/api/v1/backfill/spans", "application/json", empty.getBytes())
                        .statusCode())
                .isEqualTo(401);
        assertThat(server.post(
                                "/api/v1/backfill/spans",
                                "application/json",
                                empty.getBytes(),
                                "Authorization",
                                "Bearer wrong")
                        .statusCode())
                .isEqualTo(401);
        assertThat(server.post(
                                "/api/v1/backfill/spans",
                                "application/json",
                                empty.getBytes(),
                                "Authorization",
                                "Bearer " + TestServer.SECRET)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void crossSiteWritesAreRefusedEvenWithoutAPreflight() {
        server = TestServer.start(dir);
        // a "simple" request a web page can send without a CORS preflight
        var csrf = server.post(
                "/api/v1/sessions/x/label",
                "text/plain",
                "{\"label\":\"pwned\"}".getBytes(),
                "Origin",
                "http://evil.example");
        assertThat(csrf.statusCode()).isEqualTo(403);
        assertThat(TestServer.json(csrf).get("detail").asText()).contains("Cross-origin");
        assertThat(server.post("/api/v1/backfill/spans", "text/plain", "{}".getBytes(), "Origin", "null")
                        .statusCode())
                .isEqualTo(403);
        assertThat(server.post(
                                "/api/v1/sessions/x/label",
                                "application/json",
                                "{\"label\":\"ok\"}".getBytes(),
                                "Origin",
                                "http://localhost:5173")
                        .statusCode())
                .isEqualTo(200);
        // reads and non-browser clients (no Origin) are unaffected
        assertThat(server.get("/api/v1/status", "Origin", "http://evil.example").statusCode())
                .isEqualTo(200);
        assertThat(server.post("/api/v1/sessions/x/label", "application/json", "{\"label\":\"ok\"}".getBytes())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void foreignHostHeadersAreRefusedWhileBoundToLoopback() throws Exception {
        server = TestServer.start(dir);
        assertThat(rawGet("/api/v1/status", "rebind.evil.example:" + server.daemon.httpPort()))
                .startsWith("HTTP/1.1 403");
        assertThat(rawGet("/health", "localhost:" + server.daemon.httpPort())).startsWith("HTTP/1.1 200");
        assertThat(rawGet("/health", "127.0.0.1")).startsWith("HTTP/1.1 200");
        assertThat(rawGet("/health", "[::1]:7391")).startsWith("HTTP/1.1 200");
        assertThat(rawGet("/health", "app.localhost")).startsWith("HTTP/1.1 200");
    }

    private String rawGet(String path, String host) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", server.daemon.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }
}
