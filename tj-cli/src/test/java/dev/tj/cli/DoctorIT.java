package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tj doctor as a process: its checks against a real daemon, a broken config and no daemon. */
class DoctorIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    static JsonNode check(JsonNode doc, String name) {
        for (JsonNode c : doc.path("checks")) if (c.path("check").asText().equals(name)) return c;
        throw new AssertionError("no check " + name + " in " + doc.toPrettyString());
    }

    JsonNode doctor(Map<String, String> env, int expectedExit) throws Exception {
        var r = TjProcess.run(home, env, "doctor", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(expectedExit);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.path("exit_code").asInt()).isEqualTo(expectedExit);
        return doc;
    }

    @Test
    void aConfigThatDoesNotParseIsAnErrorExit2() throws Exception {
        Path bad = home.resolve("bad.toml");
        Files.writeString(bad, "[api]\nport = = 3\n");
        JsonNode doc = doctor(Map.of("TJ_CONFIG", bad.toString()), 2);
        assertThat(check(doc, "config").path("level").asText()).isEqualTo("error");
        assertThat(check(doc, "config").path("detail").asText()).contains("bad.toml");
        var text = TjProcess.run(home, Map.of("TJ_CONFIG", bad.toString()), "doctor");
        assertThat(text.exit()).isEqualTo(2);
        assertThat(text.out()).contains("ERROR", "config", "fix:");
    }

    @Test
    void withoutADaemonItWarnsAndWithOneTheDaemonAndItsDataAreChecked() throws Exception {
        JsonNode down = doctor(Map.of(), 1);
        assertThat(check(down, "daemon").path("level").asText()).isEqualTo("warn");
        assertThat(check(down, "daemon").path("fix").asText()).contains("tj serve");
        assertThat(check(down, "database").path("level").asText()).isEqualTo("ok");

        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            DaemonLifecycleIT.awaitState(home);
            String session = "d0c70000-0000-4000-8000-000000000001";
            assertThat(d.post("/v1/logs", d.secret(), CcLogs.apiRequests(session, "ttys1", 3, Instant.now()))
                            .statusCode())
                    .isEqualTo(200);
            for (int i = 0; i < 200 && d.get("/api/v1/sessions/" + session).statusCode() != 200; i++) Thread.sleep(50);
            var r = TjProcess.run(home, Map.of(), "doctor", "--json");
            JsonNode up = JSON.readTree(r.out());
            JsonNode daemon = check(up, "daemon");
            assertThat(daemon.path("level").asText()).as(daemon.toString()).isEqualTo("ok");
            assertThat(daemon.path("detail").asText()).contains("pid " + d.process.pid());
            assertThat(check(up, "database").path("detail").asText()).contains("held by the tj daemon");
            JsonNode claude = check(up, "last record: Claude Code");
            assertThat(claude.path("level").asText()).isEqualTo("ok");
            assertThat(claude.path("detail").asText()).contains("s ago");
            assertThat(check(up, "catch-up").path("level").asText()).isEqualTo("ok");
            assertThat(check(down, "catch-up").path("level").asText()).isEqualTo("warn");
        }
    }

    @Test
    void connectionChecksFollowOnboardingAndAStaleSecretIsAnError() throws Exception {
        Path claude = home.resolve("user-home/.claude");
        Files.createDirectories(claude);
        JsonNode before = doctor(Map.of(), 1);
        assertThat(check(before, "claude code telemetry").path("level").asText())
                .isEqualTo("warn");

        var onboard = TjProcess.run(home, Map.of(), "onboard", "--claude-code", "--yes", "--no-daemon", "--no-shell");
        assertThat(onboard.exit()).as(onboard.out() + onboard.err()).isZero();
        JsonNode after = doctor(Map.of(), 1); // still warns: no daemon runs
        assertThat(check(after, "claude code telemetry").path("level").asText()).isEqualTo("ok");
        assertThat(check(after, "claude code hooks").path("level").asText()).isEqualTo("ok");
        assertThat(check(after, "ingest secret").path("level").asText()).isEqualTo("ok");
        // onboarded but nothing came yet: the last-record check expects Claude Code now
        assertThat(check(after, "last record: Claude Code").path("level").asText())
                .isEqualTo("warn");

        Path settings = claude.resolve("settings.json");
        String secret = Files.readString(home.resolve("ingest-secret")).trim();
        Files.writeString(settings, Files.readString(settings).replace("Bearer " + secret, "Bearer stale"));
        JsonNode stale = doctor(Map.of(), 2);
        assertThat(check(stale, "ingest secret").path("level").asText()).isEqualTo("error");
        assertThat(check(stale, "ingest secret").path("fix").asText()).contains("tj onboard");
    }
}
