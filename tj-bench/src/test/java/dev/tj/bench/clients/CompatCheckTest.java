package dev.tj.bench.clients;

import static dev.tj.bench.clients.ScriptedModelApi.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison and the verdict table, on hand-made snapshots. */
class CompatCheckTest {
    @TempDir
    Path dir;

    private static final List<ApiCall> TRUTH = List.of(
            new ApiCall("codex", "s1", "main", "r1", "gpt-5", 900, 50, 0, 0, 0, 10, 1, 0),
            new ApiCall("codex", "s1", "main", "r2", "gpt-5", 100, 70, 1280, 0, 0, 20, 1, 1));

    @Test
    void tokensAreSummedOverCallsAndComparedExactly() {
        Map<String, String[]> rows = CompatCheck.compare(TRUTH, snapshot(session("s1", 1000, 120, 1280, 2, 1)));
        assertThat(rows.get("api_calls")).containsExactly("2", "2");
        assertThat(rows.get("input")).containsExactly("1000", "1000");
        assertThat(rows.get("output")).containsExactly("120", "120");
        assertThat(rows.get("cache_read")).containsExactly("1280", "1280");
        assertThat(rows.get("errors")).containsExactly("1", "1");
        assertThat(rows.get("session_id")).containsExactly("s1", "s1");
        assertThat(rows.get("cost endpoint in/out/read/write")).containsExactly("1000/120/1280/0", "1000/120/1280/0");
    }

    @Test
    void cachedTokensInsideInputAreAMismatch() throws Exception {
        Path results = dir.resolve("r.jsonl");
        write(results, "codex", "live", CompatCheck.compare(TRUTH, snapshot(session("s1", 1000, 120, 1280, 2, 1))));
        write(results, "codex", "backfill", CompatCheck.compare(TRUTH, snapshot(session("s1", 2280, 120, 1280, 2, 0))));
        String out = captured(() -> assertThat(CompatCheck.report(results)).isEqualTo(1));
        assertThat(out).contains("2280  MISMATCH").contains("FAILED");
        assertThat(out.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow())
                .contains("PASS")
                .contains("FAIL");
    }

    @Test
    void equalStagesPass() throws Exception {
        Path results = dir.resolve("r.jsonl");
        for (String stage : List.of("live", "backfill", "live+backfill")) {
            write(results, "codex", stage, CompatCheck.compare(TRUTH, snapshot(session("s1", 1000, 120, 1280, 2, 1))));
        }
        String out = captured(() -> assertThat(CompatCheck.report(results)).isZero());
        assertThat(out).contains("ALL PASS").doesNotContain("MISMATCH");
    }

    @Test
    void anAgentIdThatDiffersBetweenPathsFails() throws Exception {
        Path results = dir.resolve("r.jsonl");
        write(results, "codex", "live", CompatCheck.compare(TRUTH, snapshot(session("s1", 1000, 120, 1280, 2, 1))));
        ObjectNode other = session("s1", 1000, 120, 1280, 2, 1).put("agent_id", "codex_exec");
        write(results, "codex", "backfill", CompatCheck.compare(TRUTH, snapshot(other)));
        String out = captured(() -> assertThat(CompatCheck.report(results)).isEqualTo(1));
        assertThat(out).contains("codex_exec  DIFFERS");
    }

    private static ObjectNode session(String id, long input, long output, long cacheRead, long calls, long errors) {
        return JSON.createObjectNode()
                .put("session_id", id)
                .put("agent_id", "codex-cli")
                .put("input_tokens", input)
                .put("output_tokens", output)
                .put("cache_read_tokens", cacheRead)
                .put("cache_write_tokens", 0)
                .put("cache_write_5m_tokens", 0)
                .put("cache_write_1h_tokens", 0)
                .put("llm_call_count", calls)
                .put("tool_call_count", 2)
                .put("error_count", errors)
                .put("total_cost_usd", 0.01);
    }

    private static TjApi.Snapshot snapshot(ObjectNode session) {
        ObjectNode totals = JSON.createObjectNode()
                .put("input_tokens", session.path("input_tokens").asLong())
                .put("output_tokens", session.path("output_tokens").asLong())
                .put("cache_read_tokens", session.path("cache_read_tokens").asLong())
                .put("cache_write_tokens", 0);
        List<JsonNode> sessions = new ArrayList<>();
        sessions.add(session);
        return new TjApi.Snapshot(sessions, totals, Map.of());
    }

    private static void write(Path results, String client, String stage, Map<String, String[]> rows) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (var e : rows.entrySet()) {
            sb.append(JSON.writeValueAsString(JSON.createObjectNode()
                            .put("client", client)
                            .put("stage", stage)
                            .put("metric", e.getKey())
                            .put("expected", e.getValue()[0])
                            .put("got", e.getValue()[1])))
                    .append('\n');
        }
        Files.writeString(
                results,
                sb.toString(),
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private interface Body {
        void run() throws Exception;
    }

    private static String captured(Body body) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
