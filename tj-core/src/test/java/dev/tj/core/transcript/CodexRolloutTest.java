package dev.tj.core.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.history.HistorySpans;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollouts as Codex 0.169.0 writes them, and gone wrong: tj's token convention, exit codes, odd lines. */
class CodexRolloutTest {
    @TempDir
    Path dir;

    CodexFile read(String... lines) throws Exception {
        Path f = dir.resolve("rollout-2026-11-20T09-29-00-0199aaaa-bbbb-7ccc-8ddd-eeeeffff0000.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return new CodexParser()
                .parse(f, Files.size(f), Instant.parse("2026-11-21T00:00:00Z").toEpochMilli());
    }

    static final String META =
            "{\"timestamp\":\"2026-11-20T09:29:00Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"s-1\",\"cwd\":\"/w/app\",\"originator\":\"codex_tui\"}}";
    static final String TURN =
            "{\"timestamp\":\"2026-11-20T09:29:00Z\",\"type\":\"turn_context\",\"payload\":{\"model\":\"gpt-5.3-codex\"}}";

    static String call(String ts, String id) {
        return "{\"timestamp\":\"" + ts
                + "\",\"type\":\"response_item\",\"payload\":{\"type\":\"function_call\",\"name\":\"exec_command\",\"arguments\":\"{}\",\"call_id\":\""
                + id + "\"}}";
    }

    static String output(String ts, String id, String outputJson) {
        return "{\"timestamp\":\"" + ts
                + "\",\"type\":\"response_item\",\"payload\":{\"type\":\"function_call_output\",\"call_id\":\"" + id
                + "\",\"output\":" + outputJson + "}}";
    }

    @Test
    void usageIsInTheTokenConventionAndTheAgentIsTheOriginator() throws Exception {
        CodexFile f = read(
                META,
                TURN,
                "{\"timestamp\":\"2026-11-20T09:29:01Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{"
                        + "\"last_token_usage\":{\"input_tokens\":3393,\"cached_input_tokens\":2100,\"cache_write_input_tokens\":93,"
                        + "\"output_tokens\":500,\"reasoning_output_tokens\":300,\"total_tokens\":3893}}}}");
        Span s = HistorySpans.codexLlm(f, f.calls.get(0));
        assertThat(s.usage()).isEqualTo(new Usage(3393 - 2100 - 93, 500, 2100, 93, 0));
        assertThat(s.usage().total()).isEqualTo(3893); // OpenAI's total_tokens: cached counted once
        assertThat(s.agentId()).isEqualTo("codex_tui");
        assertThat(s.costUsd()).isNull(); // priced where it is stored, not here
        assertThat(s.attributes()).containsEntry("reasoning_tokens", 300L);
    }

    @Test
    void aCommandThatExitedNonZeroIsAnError() throws Exception {
        CodexFile f = read(
                META,
                TURN,
                call("2026-11-20T09:29:01Z", "c1"),
                output("2026-11-20T09:29:02Z", "c1", "\"Chunk ID: 1\\nProcess exited with code 3\\nOutput:\\n\""),
                call("2026-11-20T09:29:03Z", "c2"),
                output(
                        "2026-11-20T09:29:04Z",
                        "c2",
                        "\"{\\\"output\\\":\\\"boom\\\",\\\"metadata\\\":{\\\"exit_code\\\":2,\\\"duration_seconds\\\":0.1}}\""),
                call("2026-11-20T09:29:05Z", "c3"),
                output("2026-11-20T09:29:06Z", "c3", "\"Process exited with code 0\\nOutput:\\nok\""),
                call("2026-11-20T09:29:07Z", "c4"),
                "{\"timestamp\":\"2026-11-20T09:29:08Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"exec_command_end\",\"call_id\":\"c4\",\"exit_code\":127}}",
                output("2026-11-20T09:29:08Z", "c4", "\"command not found\""));
        List<Span> tools =
                f.tools.stream().map(t -> HistorySpans.codexTool(f, t)).toList();
        assertThat(tools)
                .extracting(Span::status)
                .containsExactly(SpanStatus.ERROR, SpanStatus.ERROR, SpanStatus.OK, SpanStatus.ERROR);
        assertThat(tools)
                .extracting(Span::statusMessage)
                .containsExactly("exit code 3", "exit code 2", null, "exit code 127");
        assertThat(tools).allSatisfy(t -> assertThat(t.attributes()).doesNotContainKeys("output", "arguments"));
    }

    @Test
    void unknownLinesAndItemsAreSkippedWithACount() throws Exception {
        CodexFile f = read(
                META,
                TURN,
                "{\"timestamp\":\"2026-11-20T09:29:01Z\",\"type\":\"ghost_record\",\"payload\":{\"x\":1}}",
                "{\"timestamp\":\"2026-11-20T09:29:01Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"hologram_call\",\"call_id\":\"h\"}}",
                "{\"timestamp\":\"2026-11-20T09:29:01Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"mood_changed\"}}",
                "{\"timestamp\":\"2026-11-20T09:29:02Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{"
                        + "\"last_token_usage\":{\"input_tokens\":100,\"output_tokens\":10}}}}");
        assertThat(f.unknownRecords).isEqualTo(3);
        assertThat(f.calls).hasSize(1);
        assertThat(f.tools).isEmpty();
    }

    @Test
    void aTokenCountWithMissingFieldsCountsWhatItHasAndKeepsASaneTime() throws Exception {
        CodexFile f = read(
                META,
                TURN,
                // no cached, no reasoning, no timestamp: dated from the line before it
                "{\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{"
                        + "\"last_token_usage\":{\"input_tokens\":100,\"output_tokens\":\"lots\"}}}}",
                // neither usage object: skipped with a count
                "{\"timestamp\":\"2026-11-20T09:29:03Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{\"model_context_window\":1}}}",
                // only cumulative totals: the delta
                "{\"timestamp\":\"2026-11-20T09:29:04Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{"
                        + "\"total_token_usage\":{\"input_tokens\":250,\"cached_input_tokens\":50,\"output_tokens\":20}}}}");
        assertThat(f.calls).hasSize(2);
        CodexCall first = f.calls.get(0);
        assertThat(List.of(first.input(), first.cached(), first.output(), first.reasoning()))
                .containsExactly(100L, 0L, 0L, 0L);
        assertThat(first.ts()).isEqualTo(Instant.parse("2026-11-20T09:29:00Z").toEpochMilli());
        assertThat(f.stats.noUsageRecords).isEqualTo(1);
        CodexCall second = f.calls.get(1);
        assertThat(List.of(second.input(), second.cached(), second.output())).containsExactly(250L, 50L, 20L);
        assertThat(f.stats.undatedCalls).isEqualTo(1);
    }
}
