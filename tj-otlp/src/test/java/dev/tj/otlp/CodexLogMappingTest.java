package dev.tj.otlp;

import static dev.tj.otlp.LogDecoding.decode;
import static dev.tj.otlp.LogDecoding.only;
import static dev.tj.otlp.Otlpj.attrs;
import static dev.tj.otlp.Otlpj.codex;
import static dev.tj.otlp.Otlpj.codexLogs;
import static dev.tj.otlp.Otlpj.kv;
import static dev.tj.otlp.Otlpj.logs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import org.junit.jupiter.api.Test;

/** Codex's OTLP log events (no body, the name in event.name) into spans. */
class CodexLogMappingTest {

    @Test
    void codexReasoningTokensAreNotAddedToOutput() {
        Span s = only(codexLogs(codex(
                "sse_event",
                "2026-11-20T09:29:06.207Z",
                kv("event.kind", "response.completed"),
                kv("duration_ms", "4000"),
                kv("input_token_count", "6862"),
                kv("output_token_count", "228"),
                kv("cached_token_count", "283"),
                kv("reasoning_token_count", "132"),
                kv("tool_token_count", "0"))));
        assertThat(s.name()).isEqualTo(SpanNames.LLM_CALL);
        // tj's token convention (docs/tokens.md): input excludes the cached tokens OpenAI counts inside it
        assertThat(s.usage()).isEqualTo(new Usage(6862 - 283, 228, 283, 0, 0));
        assertThat(s.usage().total()).isEqualTo(6862 + 228); // OpenAI's total_tokens
        assertThat(s.attributes()).containsEntry("reasoning_token_count", "132");
        assertThat(s.provider()).isEqualTo("openai");
        assertThat(s.reportedCostUsd()).isNull();
        assertThat(s.durationMs()).isEqualTo(4000.0);
        assertThat(s.parentSpanId()).isNull();
    }

    @Test
    void codexCacheWriteTokensAreFiveMinuteWrites() {
        Span s = only(codexLogs(codex(
                "sse_event",
                "2026-11-20T09:29:06Z",
                kv("event.kind", "response.completed"),
                kv("input_token_count", 10L),
                kv("cache_write_token_count", 4L))));
        assertThat(s.usage()).isEqualTo(new Usage(6, 0, 0, 4, 0)); // written tokens are inside OpenAI's input too
    }

    @Test
    void codexStreamingDeltasAndSuccessfulApiRequestsAreIgnored() {
        IngestBatch b = decode(codexLogs(
                codex("sse_event", "2026-11-20T09:29:06Z", kv("event.kind", "response.output_text.delta")),
                codex("api_request", "2026-11-20T09:29:06Z", kv("attempt", 1L), kv("duration_ms", 900L)),
                codex("websocket_request", "2026-11-20T09:29:06Z"),
                codex(
                        "api_request",
                        "2026-11-20T09:29:07Z",
                        kv("attempt", 2L),
                        kv("duration_ms", 300L),
                        kv("error.message", "429 Too Many Requests"),
                        kv("http.response.status_code", 429L))));
        assertThat(b.ignored()).isEqualTo(3);
        assertThat(b.rejections()).isEmpty();
        assertThat(b.spans()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo(SpanNames.LLM_CALL);
            assertThat(s.status()).isEqualTo(SpanStatus.ERROR);
            assertThat(s.statusMessage()).isEqualTo("429 Too Many Requests");
            assertThat(s.durationMs()).isEqualTo(300.0);
            assertThat(s.usage().isZero()).isTrue();
        });
    }

    @Test
    void codexToolEventsAndPrompt() {
        IngestBatch b = decode(codexLogs(
                codex("user_prompt", "2026-11-20T09:29:01Z", kv("prompt_length", "40"), kv("prompt", "[REDACTED]")),
                codex("tool_decision", "2026-11-20T09:29:02Z", kv("tool_name", "shell"), kv("decision", "approved")),
                codex(
                        "tool_result",
                        "2026-11-20T09:29:03Z",
                        kv("tool_name", "shell"),
                        kv("success", "false"),
                        kv("duration_ms", "30"))));
        assertThat(b.spans())
                .extracting(Span::name)
                .containsExactly(SpanNames.INVOKE_AGENT, SpanNames.TOOL_DECISION, SpanNames.TOOL_CALL);
        assertThat(b.spans()).allSatisfy(s -> {
            assertThat(s.sessionId()).isEqualTo("conv-1");
            assertThat(s.conversationId()).isEqualTo("conv-1");
            assertThat(s.agentId()).isEqualTo("codex_cli_rs");
        });
        assertThat(b.spans().get(0).endTime()).isEqualTo(b.spans().get(0).startTime());
        assertThat(b.spans().get(0).attributes()).doesNotContainKey("prompt");
        assertThat(b.spans().get(1).isToolCall()).isFalse();
        assertThat(b.spans().get(2).isToolCall()).isTrue();
        assertThat(b.spans().get(2).status()).isEqualTo(SpanStatus.ERROR);
    }

    @Test
    void codexAgentDefaultsWhenNoServiceName() {
        // the rollout path's default too (issue 8 unified them; this used to be "codex-cli")
        Span s = only(logs(attrs(), "codex_otel", codex("user_prompt", "2026-11-20T09:29:01Z")));
        assertThat(s.agentId()).isEqualTo("codex_exec");
    }
}
