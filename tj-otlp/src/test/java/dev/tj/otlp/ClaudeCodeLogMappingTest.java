package dev.tj.otlp;

import static dev.tj.otlp.LogDecoding.decode;
import static dev.tj.otlp.LogDecoding.md5;
import static dev.tj.otlp.LogDecoding.only;
import static dev.tj.otlp.Otlpj.SESSION;
import static dev.tj.otlp.Otlpj.T0;
import static dev.tj.otlp.Otlpj.cc;
import static dev.tj.otlp.Otlpj.ccLogs;
import static dev.tj.otlp.Otlpj.kv;
import static dev.tj.otlp.Otlpj.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Claude Code's OTLP log events into spans: names, ids, usage, tools, prompts. */
class ClaudeCodeLogMappingTest {
    private static final Instant START = Instant.parse("2026-11-20T09:00:00Z");
    private static final String PROMPT = "612e7696-a6ce-4c1b-b8e5-10617311d8a3";

    @Test
    void apiRequestCarriesUsageAndReportedCostNotOurCost() throws Exception {
        Span s = only(ccLogs(cc(
                "api_request",
                kv("prompt.id", PROMPT),
                kv("event.sequence", 4L),
                kv("model", "claude-sonnet-4-5-20250929"),
                kv("input_tokens", 12L),
                kv("output_tokens", 340L),
                kv("cache_read_tokens", 5000L),
                kv("cache_creation_tokens", 700L),
                kv("cost_usd", 0.0123),
                kv("duration_ms", 1500L),
                kv("speed", "normal"))));
        assertThat(s.name()).isEqualTo(SpanNames.LLM_CALL);
        assertThat(s.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(s.status()).isEqualTo(SpanStatus.OK);
        assertThat(s.provider()).isEqualTo("anthropic");
        assertThat(s.billingAccount()).isEqualTo("anthropic");
        assertThat(s.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(s.usage()).isEqualTo(new Usage(12, 340, 5000, 700, 0));
        assertThat(s.reportedCostUsd()).isEqualTo(0.0123);
        assertThat(s.costUsd()).as("core prices it").isNull();
        assertThat(s.startTime()).isEqualTo(START);
        assertThat(s.durationMs()).isEqualTo(1500.0);
        assertThat(s.endTime()).isEqualTo(START.plusMillis(1500));
        assertThat(s.parentSpanId()).isEqualTo(md5(PROMPT).substring(0, 16));
        assertThat(s.traceId()).isEqualTo(md5(SESSION));
        assertThat(s.sessionId()).isEqualTo(SESSION);
        assertThat(s.conversationId()).isEqualTo(PROMPT);
        assertThat(s.agentId()).isEqualTo("claude-code");
        assertThat(s.attributes())
                .containsEntry("speed", "normal")
                .as("values kept in columns are not stored twice")
                .doesNotContainKeys("input_tokens", "service.name", "session.id", "model", "cost_usd", "duration_ms");
    }

    @Test
    void cacheCreationIsSplitByTtlWhenTheSplitIsSent() {
        Span s = only(ccLogs(cc(
                "api_request",
                kv("input_tokens", 1L),
                kv("cache_creation_tokens", 1000L),
                kv("cache_creation_1h_tokens", 600L),
                kv("duration_ms", 10L))));
        assertThat(s.usage()).isEqualTo(new Usage(1, 0, 0, 400, 600));
    }

    @Test
    void aSubagentsCallsCarryItsAgentIdAsTheTranscriptDoes() {
        // Claude Code marks a subagent's events with agent_id, the id of its agent-<id>.jsonl transcript
        IngestBatch b = decode(ccLogs(
                cc("api_request", kv("event.sequence", 1L), kv("input_tokens", 1L)),
                cc(
                        "api_request",
                        kv("event.sequence", 2L),
                        kv("input_tokens", 2L),
                        kv("agent_id", "a15ae652bfd0eeae1"),
                        kv("agent.name", "general-purpose")),
                cc(
                        "tool_result",
                        kv("event.sequence", 3L),
                        kv("tool_name", "Bash"),
                        kv("agent_id", "a15ae652bfd0eeae1"))));
        assertThat(b.rejections()).isEmpty();
        assertThat(b.spans())
                .extracting(Span::subAgentId)
                .containsExactly(null, "a15ae652bfd0eeae1", "a15ae652bfd0eeae1");
    }

    @Test
    void costFallsBackToMicros() {
        Span s = only(ccLogs(cc("api_request", kv("cost_usd_micros", 2500L), kv("duration_ms", 1L))));
        assertThat(s.reportedCostUsd()).isEqualTo(0.0025);
    }

    @Test
    void userPromptIsAZeroDurationInvokeAgentKeyedOnPromptId() throws Exception {
        Span s = only(ccLogs(cc(
                "user_prompt",
                kv("prompt.id", PROMPT),
                kv("prompt_length", "42"),
                kv("prompt", "<REDACTED>"),
                kv("event.sequence", 1L))));
        assertThat(s.name()).isEqualTo(SpanNames.INVOKE_AGENT);
        assertThat(s.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(s.status()).isEqualTo(SpanStatus.OK);
        assertThat(s.spanId()).isEqualTo(md5(PROMPT).substring(0, 16));
        assertThat(s.parentSpanId()).isNull();
        assertThat(s.conversationId()).isEqualTo(PROMPT);
        assertThat(s.endTime()).isEqualTo(s.startTime());
        assertThat(s.completesSession()).isFalse();
        assertThat(s.attributes()).doesNotContainKey("prompt").containsEntry("prompt_length", "42");
    }

    @Test
    void userPromptWithoutPromptIdGetsADeterministicIdFromSessionAndSequence() {
        String a = only(ccLogs(cc("user_prompt", kv("event.sequence", 7L)))).spanId();
        String again = only(ccLogs(cc("user_prompt", kv("event.sequence", 7L)))).spanId();
        String other = only(ccLogs(cc("user_prompt", kv("event.sequence", 8L)))).spanId();
        assertThat(a).matches("[0-9a-f]{16}").isEqualTo(again).isNotEqualTo(other);
    }

    @Test
    void realPromptTextIsKept() {
        Span s = only(ccLogs(cc("user_prompt", kv("prompt.id", PROMPT), kv("prompt", "fix the build"))));
        assertThat(s.attributes()).containsEntry("prompt", "fix the build");
    }

    @Test
    void apiErrorIsAnErroredLlmCallWithoutUsage() {
        Span s = only(ccLogs(cc(
                "api_error",
                kv("prompt.id", PROMPT),
                kv("model", "claude-sonnet-4-5"),
                kv("error", "Overloaded"),
                kv("status_code", 529L),
                kv("duration_ms", 1200L),
                kv("attempt", 2L))));
        assertThat(s.name()).isEqualTo(SpanNames.LLM_CALL);
        assertThat(s.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(s.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(s.statusMessage()).isEqualTo("Overloaded");
        assertThat(s.usage().isZero()).isTrue();
        assertThat(s.reportedCostUsd()).isNull();
        assertThat(s.durationMs()).isEqualTo(1200.0);
        assertThat(s.model()).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void toolResultStatusFollowsSuccessLeniently() {
        Span ok =
                only(ccLogs(cc("tool_result", kv("tool_name", "Bash"), kv("success", "TRUE"), kv("duration_ms", 30L))));
        assertThat(ok.name()).isEqualTo(SpanNames.TOOL_CALL);
        assertThat(ok.kind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(ok.status()).isEqualTo(SpanStatus.OK);
        assertThat(ok.statusMessage()).isNull();
        assertThat(ok.toolName()).isEqualTo("Bash");
        assertThat(ok.isToolCall()).isTrue();
        assertThat(ok.endTime()).isEqualTo(START.plusMillis(30));

        assertThat(only(ccLogs(cc("tool_result", kv("tool_name", "Read"), kv("success", true))))
                        .status())
                .isEqualTo(SpanStatus.OK);

        Span bad = only(ccLogs(cc(
                "tool_result",
                kv("tool_name", "Bash"),
                kv("success", "false"),
                kv("error_type", "ExitCode"),
                kv("duration_ms", 30L))));
        assertThat(bad.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(bad.statusMessage()).isEqualTo("ExitCode");

        Span detailed = only(ccLogs(cc(
                "tool_result",
                kv("tool_name", "Bash"),
                kv("success", "false"),
                kv("error", "exit 2"),
                kv("error_type", "ExitCode"))));
        assertThat(detailed.statusMessage()).isEqualTo("exit 2");
    }

    @Test
    void toolDecisionNamesTheToolButIsNotAToolCall() {
        Span s = only(ccLogs(cc(
                "tool_decision",
                kv("prompt.id", PROMPT),
                kv("tool_name", "Bash"),
                kv("decision", "accept"),
                kv("source", "config"),
                kv("tool_use_id", "toolu_1"))));
        assertThat(s.name()).isEqualTo(SpanNames.TOOL_DECISION);
        assertThat(s.toolName()).isEqualTo("Bash");
        assertThat(s.isToolCall()).as("the double-count fix").isFalse();
        assertThat(s.endTime()).isNull();
        assertThat(s.durationMs()).isNull();
        assertThat(s.attributes()).containsEntry("decision", "accept").containsEntry("tool_use_id", "toolu_1");
    }

    @Test
    void otherClaudeCodeEventsAreKeptAsZeroDurationSpans() {
        IngestBatch b = decode(ccLogs(
                cc("compaction", kv("trigger", "auto"), kv("pre_tokens", 150000L), kv("duration_ms", 4000L)),
                cc("hook_execution_complete", kv("hook_name", "pre-commit")),
                cc("assistant_response", kv("response", "<REDACTED>"), kv("model", "claude-opus-4"))));
        assertThat(b.rejections()).isEmpty();
        assertThat(b.ignored()).isZero();
        assertThat(b.spans())
                .extracting(Span::name)
                .containsExactly(
                        "claude_code.compaction",
                        "claude_code.hook_execution_complete",
                        "claude_code.assistant_response");
        assertThat(b.spans()).allSatisfy(s -> {
            assertThat(s.kind()).isEqualTo(SpanKind.INTERNAL);
            assertThat(s.status()).isEqualTo(SpanStatus.UNSET);
            assertThat(s.endTime()).isEqualTo(s.startTime());
            assertThat(s.isToolCall()).isFalse();
            assertThat(s.isLlmCall()).isFalse();
        });
        assertThat(b.spans().get(0).attributes())
                .containsEntry("trigger", "auto")
                .containsEntry("pre_tokens", 150000L);
        assertThat(b.spans().get(2).attributes()).doesNotContainKey("response");
    }

    @Test
    void rawBodiesAndUnknownEventsAreCountedAsIgnored() {
        IngestBatch b = decode(ccLogs(
                cc("api_request_body", kv("body", "{...}")),
                cc("api_response_body", kv("body", "{...}")),
                record(T0, "some.other_event", kv("session.id", SESSION)),
                record(T0, "", kv("session.id", SESSION)),
                record(T0, "connection refused", kv("session.id", SESSION)),
                cc("api_request", kv("duration_ms", 1L))));
        assertThat(b.ignored()).isEqualTo(5);
        assertThat(b.rejections()).isEmpty();
        assertThat(b.spans()).hasSize(1);
    }
}
