package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as a process: tj session and tj runs against a real daemon, then from the database alone. */
class SessionCliIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SID = "5b0e1c2d-1111-4222-8333-444455556666";

    @TempDir
    Path home;

    static String assistant(String ts, String id, String text, String tool) {
        String content = "{\"type\":\"text\",\"text\":\"" + text + "\"}"
                + (tool == null
                        ? ""
                        : ",{\"type\":\"tool_use\",\"id\":\"" + tool
                                + "\",\"name\":\"Bash\",\"input\":{\"command\":\"make test\"}}");
        return "{\"type\":\"assistant\",\"isSidechain\":false,\"sessionId\":\"" + SID + "\",\"cwd\":\"/home/dev/app\","
                + "\"timestamp\":\"" + ts + "\",\"uuid\":\"u-" + id + "\",\"requestId\":\"req_" + id
                + "\",\"message\":{\"id\":\""
                + id
                + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":["
                + content + "],\"usage\":{\"input_tokens\":5,\"output_tokens\":7,\"cache_read_input_tokens\":0,"
                + "\"cache_creation_input_tokens\":0}}}\n";
    }

    static void transcript(Path root) throws Exception {
        String t0 = Instant.now().minusSeconds(120).toString();
        String body = "{\"type\":\"user\",\"isSidechain\":false,\"sessionId\":\"" + SID
                + "\",\"cwd\":\"/home/dev/app\","
                + "\"timestamp\":\"" + t0
                + "\",\"uuid\":\"u-0\",\"message\":{\"role\":\"user\",\"content\":\"fix the failing build\"}}\n"
                + assistant(Instant.now().minusSeconds(110).toString(), "msg_1", "Running the tests first.", "toolu_1")
                + "{\"type\":\"user\",\"isSidechain\":false,\"sessionId\":\"" + SID + "\",\"cwd\":\"/home/dev/app\","
                + "\"timestamp\":\"" + Instant.now().minusSeconds(100)
                + "\",\"uuid\":\"u-r1\",\"message\":{\"role\":\"user\","
                + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"FAIL\",\"is_error\":true}]}}\n"
                + assistant(Instant.now().minusSeconds(90).toString(), "msg_2", "The build is green now.", null);
        Path f = root.resolve("-home-dev-app").resolve(SID + ".jsonl");
        Files.createDirectories(f.getParent());
        Files.writeString(f, body, StandardCharsets.UTF_8);
    }

    @Test
    void sessionAndRunsAgainstARealDaemon() throws Exception {
        Path projects = home.resolve("projects");
        transcript(projects);
        Map<String, String> env = Map.of("TJ_CLAUDE_PROJECTS_ROOT", projects.toString());
        JsonNode sessionOnline, runsOnline, runOnline;
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, env)) {
            Instant t = Instant.now().minusSeconds(60);
            assertThat(d.post("/v1/logs", d.secret(), CcLogs.apiRequests(SID, "ttys011", 3, t, "run-cli", null))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(d.post("/v1/logs", d.secret(), CcLogs.apiRequests("s-child", "ttys012", 2, t, "run-cli", SID))
                            .statusCode())
                    .isEqualTo(200);

            // a Stop hook: the terminal now waits for its user, and tj status says so
            assertThat(d.hook("Stop", SID)).isEqualTo(202);
            var status = TjProcess.run(home, env, "status");
            assertThat(status.out()).contains("waits for you (input), started");
            // the next prompt ends the wait (only the daemon knows waits: the offline answer below has none)
            assertThat(d.hook("UserPromptSubmit", SID)).isEqualTo(202);
            assertThat(TjProcess.run(home, env, "status").out()).doesNotContain("waits for you");

            var table = TjProcess.run(home, env, "session", SID);
            assertThat(table.exit()).as(table.err()).isZero();
            assertThat(table.out())
                    .contains("SESSION " + SID, "ttys011", "run run-cli", "MODEL", "claude-sonnet-4-5-20250929")
                    .contains("CHILD SESSIONS", "s-child")
                    .contains(
                            "LAST STEPS (2 of 2)",
                            "Running the tests first.",
                            "Bash(make test) ✗",
                            "The build is green now.");

            var json = TjProcess.run(home, env, "session", SID, "--json");
            assertThat(json.exit()).as(json.err()).isZero();
            JsonNode j = JSON.readTree(json.out());
            sessionOnline = j;
            assertThat(j.path("session").path("session_id").asText()).isEqualTo(SID);
            assertThat(j.path("session").path("input_tokens").asLong()).isEqualTo(6);
            assertThat(j.path("turn_count").asLong()).isEqualTo(3);
            assertThat(j.path("last_steps")).hasSize(2);
            assertThat(j.path("last_steps").get(0).path("is_error").asBoolean()).isTrue();

            var missing = TjProcess.run(home, env, "session", "no-such-session");
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("Session no-such-session not found");

            var runs = TjProcess.run(home, env, "runs");
            assertThat(runs.exit()).as(runs.err()).isZero();
            assertThat(runs.out()).contains("RUN", "run-cli");
            JsonNode runsJson =
                    JSON.readTree(TjProcess.run(home, env, "runs", "--json").out());
            runsOnline = runsJson;
            runOnline = JSON.readTree(
                    TjProcess.run(home, env, "runs", "run-cli", "--json").out());
            assertThat(runsJson.path("runs").get(0).path("session_count").asInt())
                    .isEqualTo(2);

            var run = TjProcess.run(home, env, "runs", "run-cli");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("RUN run-cli  2 sessions", SID, "  └ s-child");
            assertThat(TjProcess.run(home, env, "runs", "run-nope").exit()).isEqualTo(1);
        }

        // the daemon is gone: the same documents come from the database and the transcript
        var offline = TjProcess.run(home, env, "session", SID, "--json");
        assertThat(offline.exit()).as(offline.err()).isZero();
        assertThat(JSON.readTree(offline.out())).isEqualTo(sessionOnline);
        var offlineTable = TjProcess.run(home, env, "session", SID);
        assertThat(offlineTable.out()).contains("SESSION " + SID, "LAST STEPS (2 of 2)", "Bash(make test) ✗");
        assertThat(JSON.readTree(TjProcess.run(home, env, "runs", "--json").out()))
                .isEqualTo(runsOnline);
        assertThat(JSON.readTree(
                        TjProcess.run(home, env, "runs", "run-cli", "--json").out()))
                .isEqualTo(runOnline);
        assertThat(TjProcess.run(home, env, "session", "no-such-session").exit())
                .isEqualTo(1);
        assertThat(TjProcess.run(home, env, "runs", "run-nope").exit()).isEqualTo(1);
    }

    @Test
    void withNothingStoredTheCommandsSaySo() throws Exception {
        var r = TjProcess.run(home, Map.of(), "session", "abc");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Session abc not found");
        var runs = TjProcess.run(home, Map.of(), "runs");
        assertThat(runs.exit()).as(runs.err()).isZero();
        assertThat(runs.out()).contains("No runs yet");
        assertThat(TjProcess.run(home, Map.of(), "runs", "r1").exit()).isEqualTo(1);
    }
}
