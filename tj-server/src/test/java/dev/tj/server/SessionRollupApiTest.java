package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /api/v1/sessions/{id} with its rollup, for a Claude Code transcript backfilled through the
 * daemon: 130 main-session calls (so the context series is thinned), an {@code Agent} subagent on
 * opus that reads a large context and writes little (a right-sizing candidate twice over).
 */
class SessionRollupApiTest {
    static final String SID = "7f1c2d3e-0000-4000-8000-00000000abcd";
    static final String AGENT = "a1b2c3d4e5";
    static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    @TempDir
    Path dir;

    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("tj"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String assistant(
            String sid,
            Instant ts,
            String msgId,
            String model,
            long in,
            long out,
            long read,
            String tools,
            String agentId) {
        String side =
                agentId == null ? "\"isSidechain\":false," : "\"isSidechain\":true,\"agentId\":\"" + agentId + "\",";
        return "{\"type\":\"assistant\"," + side + "\"sessionId\":\"" + sid
                + "\",\"cwd\":\"/home/dev/app\",\"timestamp\":\""
                + ts + "\",\"uuid\":\"u-" + msgId + "\",\"requestId\":\"req_" + msgId + "\",\"message\":{\"id\":\""
                + msgId
                + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[" + tools
                + "],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out
                + ",\"cache_read_input_tokens\":" + read + ",\"cache_creation_input_tokens\":0}}}\n";
    }

    static String toolUse(String id, String name) {
        return "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":{}}";
    }

    static String toolResult(String sid, Instant ts, String toolUseId, boolean error, String agentId, String extra) {
        String side =
                agentId == null ? "\"isSidechain\":false," : "\"isSidechain\":true,\"agentId\":\"" + agentId + "\",";
        return "{\"type\":\"user\"," + side + "\"sessionId\":\"" + sid + "\",\"cwd\":\"/home/dev/app\",\"timestamp\":\""
                + ts
                + "\",\"uuid\":\"r-" + toolUseId
                + "\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"" + toolUseId + "\",\"content\":\"done\",\"is_error\":" + error + "}]}" + extra
                + "}\n";
    }

    static Path writeTranscripts(Path root) throws IOException {
        Path project = root.resolve("-home-dev-app");
        StringBuilder main = new StringBuilder();
        main.append(assistant(
                SID, T0, "msg_000", "claude-sonnet-4-5-20250929", 10, 20, 1000, toolUse("toolu_agent", "Agent"), null));
        main.append(toolResult(
                SID,
                T0.plusSeconds(40),
                "toolu_agent",
                false,
                null,
                ",\"toolUseResult\":{\"agentId\":\"" + AGENT + "\"}"));
        for (int i = 1; i < 130; i++) {
            String tools = i % 10 == 0 ? toolUse("toolu_b" + i, "Bash") : "";
            main.append(assistant(
                    SID,
                    T0.plusSeconds(60L + i),
                    String.format("msg_%03d", i),
                    "claude-sonnet-4-5-20250929",
                    10,
                    20,
                    1000L + i,
                    tools,
                    null));
            if (!tools.isEmpty())
                main.append(toolResult(SID, T0.plusSeconds(60L + i).plusMillis(500), "toolu_b" + i, i == 10, null, ""));
        }
        Files.createDirectories(project);
        Files.writeString(project.resolve(SID + ".jsonl"), main.toString(), StandardCharsets.UTF_8);

        String sub = assistant(
                        SID,
                        T0.plusSeconds(1),
                        "msg_s1",
                        "claude-opus-4-5",
                        1000,
                        300,
                        100_000,
                        toolUse("toolu_s1", "Grep"),
                        AGENT)
                + toolResult(SID, T0.plusSeconds(3), "toolu_s1", false, AGENT, "")
                + assistant(SID, T0.plusSeconds(30), "msg_s2", "claude-opus-4-5", 50, 200, 100_500, "", AGENT);
        Path subFile = project.resolve(SID).resolve("subagents").resolve("agent-" + AGENT + ".jsonl");
        Files.createDirectories(subFile.getParent());
        Files.writeString(subFile, sub, StandardCharsets.UTF_8);
        return root;
    }

    @Test
    void rollupOfABackfilledSessionWithASubagent() throws IOException {
        DaemonBackfill.claudeCode(server, writeTranscripts(dir.resolve("projects")));
        JsonNode d = server.session(SID);
        JsonNode s = d.get("session");
        assertThat(s.get("agent_id").asText()).isEqualTo("claude-code");
        assertThat(s.get("namespace").asText()).isEqualTo("app");
        assertThat(s.get("llm_call_count").asLong()).isEqualTo(132);
        assertThat(s.has("tier")).isTrue();
        assertThat(s.has("run_id")).isTrue();
        assertThat(s.has("parent_session_id")).isTrue();

        assertThat(d.get("turn_count").asLong()).isEqualTo(132);

        JsonNode mix = d.get("model_mix");
        assertThat(mix).hasSize(2);
        assertThat(mix.get(0).get("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(mix.get(0).get("calls").asLong()).isEqualTo(130);
        assertThat(mix.get(1).get("model").asText()).isEqualTo("claude-opus-4-5");
        assertThat(mix.get(1).get("input_tokens").asLong()).isEqualTo(1050);
        assertThat(mix.get(1).get("cache_tokens").asLong()).isEqualTo(200_500);
        double mixCost = 0;
        for (JsonNode m : mix) mixCost += m.get("cost_usd").asDouble();
        assertThat(mixCost).isCloseTo(s.get("total_cost_usd").asDouble(), org.assertj.core.data.Offset.offset(1e-9));

        JsonNode series = d.get("context_series");
        assertThat(series.size()).isLessThanOrEqualTo(120).isGreaterThan(60);
        assertThat(series.get(0).get("t").asText()).isEqualTo(T0.toString());
        assertThat(series.get(series.size() - 1).get("t").asText())
                .isEqualTo(T0.plusSeconds(189).toString());
        assertThat(series.get(series.size() - 1).get("cache_tokens").asLong()).isEqualTo(1129);

        JsonNode tools = d.get("tools");
        assertThat(tools.get(0).get("tool_name").asText()).isEqualTo("Bash");
        assertThat(tools.get(0).get("count").asLong()).isEqualTo(12);
        assertThat(tools.get(0).get("error_count").asLong()).isEqualTo(1);
        List<String> toolNames = new ArrayList<>();
        tools.forEach(t -> toolNames.add(t.get("tool_name").asText()));
        assertThat(toolNames).containsExactlyInAnyOrder("Bash", "Agent", "Grep");

        assertThat(d.get("traces")).hasSize(1);
        assertThat(d.get("traces").get(0).get("span_count").asLong())
                .isEqualTo(s.get("span_count").asLong());
        assertThat(d.get("traces").get(0).get("status_code").asText()).isEqualTo("error");

        JsonNode subs = d.get("subagents");
        assertThat(subs.get("total").asInt()).isEqualTo(1);
        assertThat(subs.get("caveat").asText()).contains("not a quality judgment");
        assertThat(subs.get("estimated_recoverable_usd").isNull()).isTrue();
        JsonNode row = subs.get("rows").get(0);
        assertThat(row.get("sub_agent_id").asText()).isEqualTo(AGENT);
        assertThat(row.get("type").asText()).isEqualTo("Agent");
        assertThat(row.get("model").asText()).isEqualTo("claude-opus-4-5");
        assertThat(row.get("llm_calls").asLong()).isEqualTo(2);
        assertThat(row.get("tool_calls").asLong()).isEqualTo(1);
        assertThat(row.get("input_tokens").asLong()).isEqualTo(1050);
        assertThat(row.get("output_tokens").asLong()).isEqualTo(500);
        assertThat(row.get("tokens").asLong()).isEqualTo(1050 + 500 + 200_500);
        assertThat(row.get("started_at").asText()).isEqualTo(T0.plusSeconds(1).toString());
        assertThat(row.get("duration_seconds").asDouble()).isEqualTo(29.0);
        assertThat(row.get("cost_usd").asDouble())
                .isEqualTo(mix.get(1).get("cost_usd").asDouble())
                .isGreaterThan(0.05);
        assertThat(row.get("flags")).extracting(JsonNode::asText).containsExactly("over_powered", "over_provisioned");
        assertThat(subs.get("flagged").asInt()).isEqualTo(1);

        JsonNode framing = d.get("framing");
        assertThat(framing.get("display_rule").asText()).isNotBlank();
        assertThat(framing.get("window_total_cost_usd").asDouble())
                .isEqualTo(s.get("total_cost_usd").asDouble());
        assertThat(d.get("children")).isEmpty();
    }

    @Test
    void unknownSessionIs404Json() {
        HttpResponse<String> r = server.get("/api/v1/sessions/no-such-session");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(TestServer.json(r).get("error").asText()).isEqualTo("Session no-such-session not found");
    }
}
