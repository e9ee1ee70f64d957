package dev.tj.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Codex ground truth against an independent oracle over the rollout lines (full Jackson trees). */
class CodexCorpusTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern EXIT = Pattern.compile("Process exited with code (\\d+)");

    @TempDir
    Path tmp;

    @Test
    void groundTruthEqualsWhatTheRolloutsSayInTjsTokenConvention() throws Exception {
        CodexTruth truth = CodexCorpus.write(tmp.resolve("codex"), 11, 60);
        Map<String, CodexTruth.Totals> bySession = new TreeMap<>();
        Set<String> kinds = new HashSet<>();
        long reemits = 0, nullInfo = 0, lacksLast = 0, lacksNewer = 0, lines = 0;
        List<Path> files;
        try (Stream<Path> w = Files.walk(tmp.resolve("codex/sessions"))) {
            files = w.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            assertThat(f.getFileName().toString())
                    .matches("rollout-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-[0-9a-f-]{36}\\.jsonl");
            assertThat(tmp.resolve("codex/sessions").relativize(f).toString())
                    .matches("\\d{4}/\\d{2}/\\d{2}/rollout-.*");
            String session = null;
            JsonNode prevTotal = null;
            CodexTruth.Totals sum = CodexTruth.Totals.ZERO;
            Map<String, Boolean> calls = new HashMap<>();
            for (String line : Files.readAllLines(f)) {
                lines++;
                JsonNode n = JSON.readTree(line);
                JsonNode p = n.path("payload");
                kinds.add(n.path("type").asText() + "/" + p.path("type").asText());
                switch (n.path("type").asText()) {
                    case "session_meta" -> session = p.path("id").asText();
                    case "response_item" -> {
                        String t = p.path("type").asText();
                        if (t.equals("function_call") || t.equals("custom_tool_call"))
                            calls.put(p.path("call_id").asText(), false);
                        if (t.equals("function_call_output") || t.equals("custom_tool_call_output")) {
                            String out = p.path("output").asText();
                            int code;
                            Matcher m = EXIT.matcher(out);
                            if (m.find()) code = Integer.parseInt(m.group(1));
                            else
                                code = JSON.readTree(out)
                                        .path("metadata")
                                        .path("exit_code")
                                        .asInt();
                            calls.put(p.path("call_id").asText(), code != 0);
                        }
                    }
                    case "event_msg" -> {
                        if (!p.path("type").asText().equals("token_count")) break;
                        JsonNode info = p.path("info");
                        if (info.isNull()) {
                            nullInfo++;
                            break;
                        }
                        JsonNode total = info.path("total_token_usage");
                        if (total.equals(prevTotal)) {
                            reemits++;
                            break;
                        }
                        long in, cached, cw, out, reasoning, billed;
                        if (info.has("last_token_usage")) {
                            JsonNode l = info.get("last_token_usage");
                            if (!l.has("cache_write_input_tokens")) lacksNewer++;
                            in = l.path("input_tokens").asLong();
                            cached = l.path("cached_input_tokens").asLong();
                            cw = l.path("cache_write_input_tokens").asLong();
                            out = l.path("output_tokens").asLong();
                            reasoning = l.path("reasoning_output_tokens").asLong();
                            billed = l.path("total_tokens").asLong();
                        } else {
                            lacksLast++;
                            in = delta(total, prevTotal, "input_tokens");
                            cached = delta(total, prevTotal, "cached_input_tokens");
                            cw = delta(total, prevTotal, "cache_write_input_tokens");
                            out = delta(total, prevTotal, "output_tokens");
                            reasoning = delta(total, prevTotal, "reasoning_output_tokens");
                            billed = delta(total, prevTotal, "total_tokens");
                        }
                        prevTotal = total;
                        assertThat(reasoning).isLessThanOrEqualTo(out);
                        assertThat(billed).isEqualTo(in + out); // OpenAI: cached and cache writes are inside input
                        sum = sum.plus(
                                new CodexTruth.Totals(in - cached - cw, cached, cw, out, reasoning, billed, 1, 0, 0));
                    }
                    default -> {}
                }
            }
            long errors = calls.values().stream().filter(b -> b).count();
            sum = sum.plus(new CodexTruth.Totals(0, 0, 0, 0, 0, 0, 0, calls.size(), errors));
            bySession.put(session, sum);
            assertThat(truth.rollouts().get(session)).isEqualTo(f);
        }
        assertThat(bySession).isEqualTo(truth.bySession());
        assertThat(bySession.values().stream().reduce(CodexTruth.Totals.ZERO, CodexTruth.Totals::plus))
                .isEqualTo(truth.total());
        for (CodexTruth.Totals t : truth.bySession().values()) {
            assertThat(t.total()).isEqualTo(t.input() + t.cacheRead() + t.cacheWrite() + t.output());
        }
        assertThat(truth.files()).isEqualTo(files.size()).isEqualTo(60);
        assertThat(truth.lines()).isEqualTo(lines);
        assertThat(truth.total().errors()).isPositive();
        assertThat(truth.total().cacheWrite()).isPositive();
        assertThat(truth.byModel()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(reemits).isPositive();
        assertThat(nullInfo).isPositive();
        assertThat(lacksLast).isPositive();
        assertThat(lacksNewer).isPositive();
        assertThat(kinds)
                .contains(
                        "response_item/ghost_snapshot",
                        "compacted/",
                        "response_item/future_item_kind",
                        "response_item/custom_tool_call",
                        "response_item/reasoning",
                        "turn_context/",
                        "event_msg/user_message");

        JsonNode e = JSON.readTree(tmp.resolve("codex/expected.json").toFile());
        assertThat(e.path("total").path("total_tokens").asLong())
                .isEqualTo(truth.total().total());
        assertThat(e.path("by_session").size()).isEqualTo(60);
    }

    @Test
    void theSameSeedWritesTheSameRollouts() throws Exception {
        CodexTruth a = CodexCorpus.write(tmp.resolve("a"), 5, 8);
        CodexTruth b = CodexCorpus.write(tmp.resolve("b"), 5, 8);
        assertThat(b.bySession()).isEqualTo(a.bySession());
        assertThat(ClaudeCodeCorpusTest.digest(tmp.resolve("b/sessions")))
                .isEqualTo(ClaudeCodeCorpusTest.digest(tmp.resolve("a/sessions")));
    }

    private static long delta(JsonNode total, JsonNode prev, String field) {
        return total.path(field).asLong() - (prev == null ? 0 : prev.path(field).asLong());
    }
}
