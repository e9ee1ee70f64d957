package dev.tj.core.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodexParserTest {
    @TempDir
    Path dir;

    static String tc(
            String ts,
            long in,
            long cached,
            long out,
            long reasoning,
            long tin,
            long tcached,
            long tout,
            long treason) {
        return "{\"timestamp\":\"" + ts + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{"
                + "\"total_token_usage\":{\"input_tokens\":" + tin + ",\"cached_input_tokens\":" + tcached
                + ",\"output_tokens\":" + tout
                + ",\"reasoning_output_tokens\":" + treason + ",\"total_tokens\":" + (tin + tout) + "},"
                + "\"last_token_usage\":{\"input_tokens\":" + in + ",\"cached_input_tokens\":" + cached
                + ",\"output_tokens\":" + out
                + ",\"reasoning_output_tokens\":" + reasoning + ",\"total_tokens\":" + (in + out)
                + "},\"model_context_window\":272000},"
                + "\"rate_limits\":null}}";
    }

    @Test
    void tokenCountsReEmitsNullInfoReasoningAndSessionId() throws Exception {
        Path f = dir.resolve("2026/01/02/rollout-2026-01-02T10-00-00-0199aaaa-bbbb-7ccc-8ddd-eeeeffff0000.jsonl");
        Files.createDirectories(f.getParent());
        Files.writeString(
                f,
                String.join(
                                "\n",
                                List.of(
                                        "{\"timestamp\":\"2026-01-02T10:00:00Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"sess-1\",\"cwd\":\"/home/dev/app\",\"originator\":\"codex_cli_rs\"}}",
                                        "{\"timestamp\":\"2026-01-02T10:00:01Z\",\"type\":\"turn_context\",\"payload\":{\"cwd\":\"/home/dev/app\",\"model\":\"gpt-5-codex\"}}",
                                        "{\"timestamp\":\"2026-01-02T10:00:02Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":null,\"rate_limits\":{}}}",
                                        tc("2026-01-02T10:00:03Z", 1000, 800, 300, 200, 1000, 800, 300, 200),
                                        tc(
                                                "2026-01-02T10:00:04Z",
                                                1000,
                                                800,
                                                300,
                                                200,
                                                1000,
                                                800,
                                                300,
                                                200), // re-emitted: totals unchanged
                                        "{\"timestamp\":\"2026-01-02T10:00:05Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"function_call\",\"name\":\"shell\",\"arguments\":\"{}\",\"call_id\":\"call_1\"}}",
                                        "{\"timestamp\":\"2026-01-02T10:00:06Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"ok\"}}",
                                        tc("2026-01-02T10:00:07Z", 500, 400, 50, 0, 1500, 1200, 350, 200)))
                        + "\n");
        CodexFile c = new CodexParser().parse(f, Files.size(f), 0);
        assertThat(c.sessionId()).isEqualTo("sess-1");
        assertThat(c.calls()).hasSize(2);
        assertThat(c.reemittedEvents()).isEqualTo(1);
        assertThat(c.nullInfoEvents()).isEqualTo(1);
        CodexCall first = c.calls().get(0);
        assertThat(first.model()).isEqualTo("gpt-5-codex");
        assertThat(List.of(first.input(), first.cached(), first.output(), first.reasoning()))
                .containsExactly(1000L, 800L, 300L, 200L);
        long out = c.calls().stream().mapToLong(CodexCall::output).sum();
        assertThat(out).isEqualTo(350); // reasoning is inside output, not added again
        assertThat(c.tools()).hasSize(1);
        assertThat(c.tools().get(0).outputTs()).isEqualTo(Timestamps.parse("2026-01-02T10:00:06Z"));
    }

    @Test
    void sessionIdFallsBackToOlderFieldThenFileName() throws Exception {
        Path f = dir.resolve("rollout-2026-01-02T10-00-00-0199aaaa-bbbb-7ccc-8ddd-eeeeffff0001.jsonl");
        Files.writeString(f, tc("2026-01-02T10:00:03Z", 10, 0, 5, 0, 10, 0, 5, 0) + "\n");
        assertThat(new CodexParser().parse(f, Files.size(f), 0).sessionId())
                .isEqualTo("0199aaaa-bbbb-7ccc-8ddd-eeeeffff0001");
        Path g = dir.resolve("rollout-old.jsonl");
        Files.writeString(
                g,
                "{\"timestamp\":\"2026-01-02T10:00:00Z\",\"type\":\"session_meta\",\"payload\":{\"session_id\":\"old-1\"}}\n");
        assertThat(new CodexParser().parse(g, Files.size(g), 0).sessionId()).isEqualTo("old-1");
    }
}
