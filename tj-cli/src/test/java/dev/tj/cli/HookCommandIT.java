package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tj hook <event>} as Claude Code runs a command hook: the JSON on stdin, nothing on stdout
 * or stderr, exit 0 whatever happens, and the daemon's attention state follows the events.
 */
class HookCommandIT {
    static final String S = "5e55a0c1-0000-4000-8000-00000000a001";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    /** A hook payload the way Claude Code pipes it, without hook_event_name (the argument names it). */
    static byte[] payload(String extra) {
        return ("{\"session_id\":\"" + S + "\",\"transcript_path\":\"/tmp/" + S + ".jsonl\",\"cwd\":\"/tmp\"" + extra
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static void assertSilentSuccess(TjProcess.Result r) {
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    JsonNode attention(TjProcess.Daemon d) throws Exception {
        return JSON.readTree(d.get("/api/v1/sessions/" + S).body())
                .path("session")
                .path("attention");
    }

    @Test
    void eventsOnStdinSetAndClearTheWaitAndBadInputIsIgnoredSilently() throws Exception {
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            assertThat(d.post(
                                    "/v1/logs",
                                    d.secret(),
                                    CcLogs.apiRequests(
                                            S, "ttys001", 2, Instant.now().minusSeconds(30)))
                            .statusCode())
                    .isEqualTo(200);
            for (int i = 0; i < 200 && d.get("/api/v1/sessions/" + S).statusCode() != 200; i++) Thread.sleep(50);

            assertSilentSuccess(TjProcess.run(home, Map.of(), payload(",\"stop_hook_active\":false"), "hook", "Stop"));
            assertThat(attention(d).path("state").asText()).isEqualTo("needs_input");

            // garbage, nothing, a JSON array, odd arguments: exit 0, silent, the wait untouched
            assertSilentSuccess(
                    TjProcess.run(home, Map.of(), "{not json".getBytes(StandardCharsets.UTF_8), "hook", "Stop"));
            assertSilentSuccess(TjProcess.run(home, Map.of(), new byte[0], "hook", "UserPromptSubmit"));
            assertSilentSuccess(TjProcess.run(home, Map.of(), "[1,2]".getBytes(StandardCharsets.UTF_8), "hook"));
            assertSilentSuccess(TjProcess.run(
                    home, Map.of(), "\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1), "hook", "--weird", "x", "y"));
            assertThat(attention(d).path("state").asText()).isEqualTo("needs_input");

            // the payload's own hook_event_name wins over the argument
            assertSilentSuccess(TjProcess.run(
                    home,
                    Map.of(),
                    payload(",\"hook_event_name\":\"Notification\",\"notification_type\":\"permission_prompt\","
                            + "\"message\":\"Claude needs your permission to use Bash\""),
                    "hook",
                    "Stop"));
            assertThat(attention(d).path("state").asText()).isEqualTo("needs_permission");

            assertSilentSuccess(
                    TjProcess.run(home, Map.of(), payload(",\"prompt\":\"go on\""), "hook", "UserPromptSubmit"));
            assertThat(attention(d).isNull()).isTrue();

            // the wrong secret is refused by the daemon, and the hook still exits 0 silently
            var wrong = TjProcess.run(
                    home,
                    Map.of("TJ_CONFIG", writeConfig(d, "[security]\ningest_secret = \"wrong\"\n")),
                    payload(""),
                    "hook",
                    "Stop");
            assertSilentSuccess(wrong);
            assertThat(attention(d).isNull()).isTrue();
        }
        // no daemon at all: still exit 0 and silent
        assertSilentSuccess(TjProcess.run(home, Map.of(), payload(""), "hook", "Stop"));
    }

    private Path configFile;

    private String writeConfig(TjProcess.Daemon d, String extra) throws Exception {
        configFile = home.resolve("wrong-secret.toml");
        java.nio.file.Files.writeString(configFile, "[api]\nport = " + d.port + "\n" + extra);
        return configFile.toString();
    }
}
