package dev.tj.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixtures exist and their stated totals are what their records add up to. */
class FixturesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void everyTranscriptFixtureCopiesOut() {
        assertThat(Fixtures.claudeCodeTranscripts(tmp))
                .hasSize(Fixtures.CLAUDE_CODE_TRANSCRIPTS.size())
                .allSatisfy(p -> assertThat(p).isRegularFile().isNotEmptyFile());
    }

    @Test
    void claudeCodeLogTotalsAreTheSumsOfTheirRecords() throws Exception {
        JsonNode f = JSON.readTree(Fixtures.bytes(Fixtures.OTLP_LOGS));
        Map<String, Map<String, Double>> sums = new HashMap<>();
        for (JsonNode batch : f.get("claude_code_batches")) {
            for (JsonNode rl : batch.path("resourceLogs")) {
                for (JsonNode sl : rl.path("scopeLogs")) {
                    for (JsonNode r : sl.path("logRecords")) {
                        Map<String, JsonNode> a = attrs(r.path("attributes"));
                        Map<String, Double> s = sums.computeIfAbsent(
                                a.get("session.id").path("stringValue").asText(), k -> new HashMap<>());
                        String event = r.path("body").path("stringValue").asText();
                        switch (event) {
                            case "claude_code.api_request" -> {
                                s.merge("input", num(a, "input_tokens"), Double::sum);
                                s.merge("output", num(a, "output_tokens"), Double::sum);
                                s.merge("cache_read", num(a, "cache_read_tokens"), Double::sum);
                                s.merge("cache_creation", num(a, "cache_creation_tokens"), Double::sum);
                                s.merge(
                                        "cost_usd",
                                        a.get("cost_usd").path("doubleValue").asDouble(),
                                        Double::sum);
                                s.merge("api_requests", 1.0, Double::sum);
                            }
                            case "claude_code.tool_result" -> {
                                s.merge("tool_results", 1.0, Double::sum);
                                if (a.get("success")
                                        .path("stringValue")
                                        .asText()
                                        .equals("false")) s.merge("tool_errors", 1.0, Double::sum);
                            }
                            case "claude_code.user_prompt" -> s.merge("prompts", 1.0, Double::sum);
                            default -> {}
                        }
                    }
                }
            }
        }
        assertThat(f.get("claude_code_expected")).hasSize(3);
        for (JsonNode e : f.get("claude_code_expected")) {
            Map<String, Double> s = sums.get(e.get("session_id").asText());
            for (String k : new String[] {
                "input", "output", "cache_read", "cache_creation", "api_requests", "tool_results", "prompts"
            }) {
                assertThat(s.getOrDefault(k, 0.0)).as(k).isEqualTo(e.get(k).asDouble());
            }
            assertThat(s.getOrDefault("tool_errors", 0.0))
                    .isEqualTo(e.get("tool_errors").asDouble());
            assertThat(s.get("cost_usd")).isCloseTo(e.get("cost_usd").asDouble(), within(1e-9));
        }
    }

    private static Map<String, JsonNode> attrs(JsonNode list) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode kv : list) m.put(kv.path("key").asText(), kv.path("value"));
        return m;
    }

    private static double num(Map<String, JsonNode> a, String k) {
        JsonNode v = a.get(k);
        return v == null ? 0 : Double.parseDouble(v.path("intValue").asText("0"));
    }
}
