package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as a process: serve, status, session-end, help. */
class CliIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void helpListsTheCommandsThatWork() throws Exception {
        var r = TjProcess.run(home, Map.of(), "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("serve", "status", "session-end");
        for (String line : r.out().split("\n")) {
            assertThat(line).doesNotContain("not available");
        }
    }

    @Test
    void statusWithoutDaemonOrDataSaysSoAndExitsZero() throws Exception {
        var r = TjProcess.run(home, Map.of(), "status");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("No sessions yet");
        var j = TjProcess.run(home, Map.of(), "status", "--json");
        assertThat(JSON.readTree(j.out()).path("agents").isArray()).isTrue();
    }

    @Test
    void serveCreatesAPrivateSecretAndStatusAsksTheDaemon() throws Exception {
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            Path secretFile = home.resolve("ingest-secret");
            assertThat(Files.getPosixFilePermissions(secretFile))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(d.secret()).matches("[0-9a-f]{64}");
            assertThat(d.awaitStdout("OTEL_EXPORTER_OTLP_HEADERS"))
                    .contains("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + d.port, "Authorization=Bearer");
            assertThat(d.post("/v1/logs", "wrong", CcLogs.apiRequests("s-cli", "ttys009", 3, Instant.now()))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(d.post(
                                    "/v1/logs",
                                    d.secret(),
                                    CcLogs.apiRequests(
                                            "s-cli", "ttys009", 3, Instant.now().minusSeconds(5)))
                            .statusCode())
                    .isEqualTo(200);

            var table = TjProcess.run(home, Map.of(), "status");
            assertThat(table.exit()).as(table.err()).isZero();
            assertThat(table.out()).contains("LIVE SESSIONS", "ttys009", "acme");

            var json = TjProcess.run(home, Map.of(), "status", "--json");
            JsonNode tile = JSON.readTree(json.out()).path("agents").get(0);
            assertThat(tile.path("session_id").asText()).isEqualTo("s-cli");
            assertThat(tile.path("input_tokens").asLong()).isEqualTo(6);
            assertThat(tile.path("status").asText()).isEqualTo("active");

            var end = TjProcess.run(home, Map.of(), "session-end", "--instance", "ttys009", "-v");
            assertThat(end.exit()).isZero();
            assertThat(end.out()).contains("\"closed\":1");
            JsonNode after = JSON.readTree(d.get("/api/v1/status").body());
            assertThat(after.path("agents")).isEmpty();
            assertThat(after.path("archived").get(0).path("status").asText()).isEqualTo("closed");
            var again = TjProcess.run(home, Map.of(), "session-end", "--session", "s-cli", "-v");
            assertThat(again.out()).contains("\"closed\":0");
        }
    }

    @Test
    void sessionEndAlwaysExitsZeroEvenWithNoDaemon() throws Exception {
        var r = TjProcess.run(home, Map.of(), "session-end", "--instance", "ttys001", "-v");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("no tj daemon");
    }

    @Test
    void configuredSecretIsTheOneUsed() throws Exception {
        Path cfg = home.resolve("tj.toml");
        Files.writeString(cfg, "[security]\ningest_secret = \"from-config\"\n");
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of("TJ_CONFIG", cfg.toString()))) {
            assertThat(d.post("/v1/logs", "from-config", CcLogs.apiRequests("s-cfg", "t", 1, Instant.now()))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(Files.exists(home.resolve("ingest-secret"))).isFalse();
        }
    }

    @Test
    void statusReadsTheDatabaseWhenNoDaemonRuns() throws Exception {
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            assertThat(d.post(
                                    "/v1/logs",
                                    d.secret(),
                                    CcLogs.apiRequests(
                                            "s-offline",
                                            "ttys004",
                                            2,
                                            Instant.now().minusSeconds(5)))
                            .statusCode())
                    .isEqualTo(200);
        }
        var r = TjProcess.run(home, Map.of(), "status", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode tiles = JSON.readTree(r.out()).path("agents");
        assertThat(tiles.get(0).path("session_id").asText()).isEqualTo("s-offline");
        assertThat(tiles.get(0).path("label").asText()).isEqualTo("ttys004");
    }
}
