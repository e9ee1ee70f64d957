package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.testkit.TestCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Team access through the real shaded jar: {@code tj token create|list|revoke} against a running
 * daemon (its admin API) and without one (the database directly), a token's OTLP POST accepted and
 * then refused at once after revoke; {@code tj serve} refusing a non-loopback bind without TLS and
 * starting with {@code --insecure-http}; and a TLS daemon the CLI reaches over HTTPS.
 */
class TeamAccessIT {
    @TempDir
    Path home;

    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("");
    }

    @Test
    void tokensThroughTheDaemonAndDirectlyAndARevokedTokenGets401AtOnce() throws Exception {
        String token;
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            var made = TjProcess.run(home, Map.of(), "token", "create", "--machine", "laptop");
            assertThat(made.exit()).as(made.err()).isZero();
            token = firstLine(made.out());
            assertThat(token).startsWith("tj_").hasSize(46);
            assertThat(made.err()).contains("laptop").doesNotContain(token);

            var list = TjProcess.run(home, Map.of(), "token", "list");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out())
                    .contains("laptop")
                    .contains(token.substring(0, 7))
                    .doesNotContain(token);

            String logs =
                    CcLogs.apiRequests("s-token", "ttys1", 1, Instant.now().minusSeconds(5));
            assertThat(d.post("/v1/logs", token, logs).statusCode()).isEqualTo(200);

            var revoke = TjProcess.run(home, Map.of(), "token", "revoke", "laptop");
            assertThat(revoke.exit()).as(revoke.err()).isZero();
            assertThat(revoke.out()).contains("revoked");
            HttpResponse<String> refused = d.post("/v1/logs", token, logs);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).doesNotContain(token);
            assertThat(TjProcess.run(home, Map.of(), "token", "revoke", "laptop")
                            .exit())
                    .isEqualTo(1);
        }
        assertThat(Files.readString(home.resolve("serve.err"))).doesNotContain(token);
        assertThat(Files.readString(home.resolve("serve.out"))).doesNotContain(token);

        // no daemon: the same commands on the database
        var offline = TjProcess.run(home, Map.of(), "token", "list", "--json");
        assertThat(offline.exit()).as(offline.err()).isZero();
        assertThat(offline.out()).contains("\"machine\":\"laptop\"").contains("\"revoked_at\":\"");
        var desk = TjProcess.run(home, Map.of(), "token", "create", "--machine", "desk");
        assertThat(desk.exit()).as(desk.err()).isZero();
        String deskToken = firstLine(desk.out());
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            String logs = CcLogs.apiRequests("s-desk", "ttys2", 1, Instant.now().minusSeconds(5));
            assertThat(d.post("/v1/logs", deskToken, logs).statusCode()).isEqualTo(200);
            assertThat(d.post("/v1/logs", token, logs).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void serveRefusesANonLoopbackBindWithoutTlsAndStartsWithInsecureHttp() throws Exception {
        int port = TjProcess.freePort(), grpc = TjProcess.freePort();
        var refused = TjProcess.run(
                home, Map.of(), "serve", "--host", "0.0.0.0", "--port", "" + port, "--grpc-port", "" + grpc);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err())
                .contains("0.0.0.0")
                .contains("[api] tls_cert")
                .contains("[api] tls_key")
                .contains("--insecure-http");

        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of(), "--host", "0.0.0.0", "--insecure-http")) {
            assertThat(d.get("/health").statusCode()).isEqualTo(200);
            assertThat(Files.readString(home.resolve("serve.err"))).contains("--insecure-http");
        }
    }

    @Test
    void aTlsDaemonAnswersHttpsAndTheCliReachesItThroughTheCertificate() throws Exception {
        TestCertificate cert = TestCertificate.make(home.resolve("tls"), "EC");
        int port = TjProcess.freePort(), grpc = TjProcess.freePort();
        Path cfg = home.resolve("tls.toml");
        Files.writeString(
                cfg,
                "[api]\nhost = \"0.0.0.0\"\nport = " + port + "\ngrpc_port = " + grpc + "\ntls_cert = \"" + cert.cert()
                        + "\"\ntls_key = \"" + cert.key() + "\"\n");
        Map<String, String> env = Map.of("TJ_CONFIG", cfg.toString());
        ProcessBuilder pb = TjProcess.builder(home, env, "serve");
        pb.redirectOutput(home.resolve("tls.out").toFile())
                .redirectError(home.resolve("tls.err").toFile());
        Process p = pb.start();
        try {
            HttpClient trusting = HttpClient.newBuilder()
                    .sslContext(cert.clientContext())
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest health = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/health"))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            int status = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (status != 200 && System.nanoTime() < deadline && p.isAlive()) {
                try {
                    status = trusting.send(health, HttpResponse.BodyHandlers.ofString())
                            .statusCode();
                } catch (java.io.IOException e) {
                    Thread.sleep(200); // not listening yet
                }
            }
            assertThat(status).as(Files.readString(home.resolve("tls.err"))).isEqualTo(200);
            // the banner comes just after the port opens
            String banner = "";
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    !banner.contains("dashboard") && System.nanoTime() < until; ) {
                Thread.sleep(50);
                banner = Files.readString(home.resolve("tls.out"));
            }
            assertThat(banner).contains("https://127.0.0.1:" + port);

            var made = TjProcess.run(home, env, "token", "create", "--machine", "tls-box");
            assertThat(made.exit()).as(made.err()).isZero();
            String token = firstLine(made.out());
            HttpRequest post = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/v1/logs"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(CcLogs.apiRequests(
                            "s-tls", "ttys3", 1, Instant.now().minusSeconds(5))))
                    .build();
            assertThat(trusting.send(post, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            var list = TjProcess.run(home, env, "token", "list");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("tls-box");
            assertThat(List.of(Files.readString(home.resolve("tls.err")), Files.readString(home.resolve("tls.out"))))
                    .allSatisfy(text -> assertThat(text).doesNotContain(token));
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
