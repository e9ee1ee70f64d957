package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claude Code's hook events, posted as its hooks receive them, set and clear a live session's
 * attention state on the Status tiles and the session detail; SessionEnd closes the session.
 */
class HookApiTest extends LiveServer {
    static final String S = "7c1e2a90-3b4d-4e5f-8a6b-0c1d2e3f4a5b";
    static final Instant T = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void liveSession() {
        server.ingestLogs(OtlpJson.logs(
                OtlpJson.resource("claude-code", "proj", "ttys3"),
                List.of(
                        OtlpJson.userPrompt(S, 1, T, "p1"),
                        OtlpJson.apiRequest(S, 2, T.plusSeconds(1), "p1", 10, 20, 300, 40, 0.01, 900))));
    }

    /** The JSON Claude Code pipes to a hook command (reference: clients-2026-11.md). */
    static String hook(String event, String extra) {
        return "{\"session_id\":\"" + S + "\",\"transcript_path\":\"/home/dev/.claude/projects/-home-dev-app/" + S
                + ".jsonl\",\"cwd\":\"/home/dev/app\",\"hook_event_name\":\"" + event + "\"" + extra + "}";
    }

    JsonNode tileAttention() {
        JsonNode status = TestServer.json(server.get("/api/v1/status"));
        for (JsonNode agent : status.path("agents"))
            for (JsonNode tile : agent.path("sessions"))
                if (tile.path("session_id").asText().equals(S)) return tile.path("attention");
        for (JsonNode tile : status.path("agents"))
            if (tile.path("session_id").asText().equals(S)) return tile.path("attention");
        throw new AssertionError("no tile for " + S + " in " + status);
    }

    JsonNode detailAttention() {
        return TestServer.json(server.get("/api/v1/sessions/" + S))
                .path("session")
                .path("attention");
    }

    @Test
    void stopWaitsForInputAPermissionPromptForPermissionAndThePromptClearsIt() {
        assertThat(tileAttention().isNull()).isTrue();

        var stop = server.postJson(
                "/api/v1/hooks",
                hook("Stop", ",\"prompt_id\":\"p1\",\"stop_hook_active\":false,\"last_assistant_message\":\"Done.\""));
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
        assertThat(TestServer.json(stop).path("attention").path("state").asText())
                .isEqualTo("needs_input");
        assertThat(tileAttention().path("state").asText()).isEqualTo("needs_input");
        Instant since = Instant.parse(tileAttention().path("since").asText());
        assertThat(since).isAfter(T);
        assertThat(detailAttention().path("state").asText()).isEqualTo("needs_input");

        server.postJson(
                "/api/v1/hooks", hook("SubagentStop", ",\"agent_id\":\"a1\",\"agent_type\":\"general-purpose\""));
        assertThat(tileAttention().path("since").asText()).isEqualTo(since.toString()); // still the same wait

        server.postJson(
                "/api/v1/hooks",
                hook(
                        "Notification",
                        ",\"message\":\"Claude needs your permission to use Bash\",\"notification_type\":\"permission_prompt\""));
        assertThat(tileAttention().path("state").asText()).isEqualTo("needs_permission");
        assertThat(tileAttention().path("message").asText()).isEqualTo("Claude needs your permission to use Bash");

        server.postJson("/api/v1/hooks", hook("UserPromptSubmit", ",\"prompt_id\":\"p2\",\"prompt\":\"go on\""));
        assertThat(tileAttention().isNull()).isTrue();
        assertThat(detailAttention().isNull()).isTrue();
    }

    @Test
    void sessionEndClosesTheSession() throws Exception {
        server.postJson("/api/v1/hooks", hook("Stop", ""));
        var end = server.postJson("/api/v1/hooks", hook("SessionEnd", ",\"reason\":\"prompt_input_exit\""));
        assertThat(end.statusCode()).isEqualTo(202);
        assertThat(TestServer.json(end).path("attention").isNull()).isTrue();
        String status = "";
        for (int i = 0; i < 200 && !status.equals("closed"); i++) {
            status = TestServer.json(server.get("/api/v1/sessions/" + S))
                    .path("session")
                    .path("status")
                    .asText();
            if (!status.equals("closed")) Thread.sleep(50);
        }
        assertThat(status).isEqualTo("closed");
    }

    @Test
    void badHookInputIsRefusedAndNothingChanges() {
        byte[] stop = hook("Stop", "").getBytes(StandardCharsets.UTF_8);
        assertThat(server.post("/api/v1/hooks", "application/json", stop).statusCode())
                .isEqualTo(401);
        assertThat(server.post("/api/v1/hooks", "application/json", stop, "Authorization", "Bearer wrong")
                        .statusCode())
                .isEqualTo(401);
        assertThat(server.postJson("/api/v1/hooks", "not json").statusCode()).isEqualTo(400);
        assertThat(server.postJson("/api/v1/hooks", "[1,2]").statusCode()).isEqualTo(400);
        assertThat(server.postJson("/api/v1/hooks", "{\"hook_event_name\":\"Stop\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(server.postJson("/api/v1/hooks", "{\"hook_event_name\":7,\"session_id\":\"" + S + "\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(server.postJson("/api/v1/hooks", "{\"hook_event_name\":\"Stop\",\"session_id\":\"../../etc\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(server.postJson(
                                "/api/v1/hooks",
                                "{\"hook_event_name\":\"Stop\",\"session_id\":\"" + "a".repeat(70_000) + "\"}")
                        .statusCode())
                .isEqualTo(413);
        var unknown = server.postJson("/api/v1/hooks", hook("SomethingNew", ""));
        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(TestServer.json(unknown).path("effect").asText()).isEqualTo("none");
        assertThat(tileAttention().isNull()).isTrue();
    }
}
