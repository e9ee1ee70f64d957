package dev.tj.otlp;

import static dev.tj.otlp.Otlpj.CC_SCOPE;
import static dev.tj.otlp.Otlpj.SESSION;
import static dev.tj.otlp.Otlpj.T0;
import static dev.tj.otlp.Otlpj.attrs;
import static dev.tj.otlp.Otlpj.cc;
import static dev.tj.otlp.Otlpj.ccLogs;
import static dev.tj.otlp.Otlpj.codex;
import static dev.tj.otlp.Otlpj.codexLogs;
import static dev.tj.otlp.Otlpj.kv;
import static dev.tj.otlp.Otlpj.logs;
import static dev.tj.otlp.Otlpj.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.ingest.Rejection;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LogMappingTest {
    private final OtlpDecoder decoder = new OtlpDecoder();
    private static final Instant START = Instant.parse("2026-11-20T09:00:00Z");
    private static final String PROMPT = "612e7696-a6ce-4c1b-b8e5-10617311d8a3";

    private IngestBatch decode(String json) {
        return decoder.decodeLogs(TestSupport.utf8(json), OtlpFormat.JSON);
    }

    private Span only(String json) {
        IngestBatch b = decode(json);
        assertThat(b.rejections()).isEmpty();
        assertThat(b.spans()).hasSize(1);
        return b.spans().get(0);
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ Claude Code events

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

    // ------------------------------------------------------------------ event names and time

    @Test
    void bareEventNameWithEmptyBodyIsQualifiedByScopeOrService() {
        Span byScope = only(logs(
                attrs(),
                CC_SCOPE,
                record(T0, "", kv("session.id", SESSION), kv("event.name", "api_request"), kv("input_tokens", 3L))));
        assertThat(byScope.name()).isEqualTo(SpanNames.LLM_CALL);
        assertThat(byScope.usage().input()).isEqualTo(3);
        assertThat(byScope.agentId()).isEqualTo("claude-code");

        Span byService = only(logs(
                attrs(kv("service.name", "claude-code-webapp")),
                "other",
                record(T0, "", kv("session.id", SESSION), kv("event.name", "user_prompt"), kv("prompt.id", PROMPT))));
        assertThat(byService.name()).isEqualTo(SpanNames.INVOKE_AGENT);
        assertThat(byService.agentId()).isEqualTo("claude-code-webapp");
    }

    @Test
    void nonAgentBodyFallsBackToAKnownEventNameAttribute() {
        Span s = only(codexLogs(record(
                "0",
                "op.dispatch.user_input_with_turn_context",
                kv("event.name", "codex.user_prompt"),
                kv("event.timestamp", "2026-11-20T09:29:01Z"),
                kv("conversation.id", "conv-1"))));
        assertThat(s.name()).isEqualTo(SpanNames.INVOKE_AGENT);
    }

    @Test
    void logRecordEventNameFieldIsUsedWhenBodyIsEmpty() {
        var req = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName(CC_SCOPE))
                                .addLogRecords(LogRecord.newBuilder()
                                        .setTimeUnixNano(Long.parseLong(T0))
                                        .setEventName("claude_code.tool_result")
                                        .addAttributes(str("session.id", SESSION))
                                        .addAttributes(str("tool_name", "Edit"))
                                        .addAttributes(str("success", "true")))))
                .build();
        IngestBatch b = decoder.decodeLogs(req.toByteArray(), OtlpFormat.PROTOBUF);
        assertThat(b.spans()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo(SpanNames.TOOL_CALL);
            assertThat(s.toolName()).isEqualTo("Edit");
        });
    }

    @Test
    void isoEventTimestampAcceptsZuluAndExplicitOffsets() {
        IngestBatch b = decode(codexLogs(
                codex("user_prompt", "2026-11-20T09:29:01.207Z"),
                codex("tool_decision", "2026-11-20T10:29:01.207+01:00", kv("tool_name", "shell")),
                codex("tool_result", "2026-11-20T04:29:01.207-05:00", kv("tool_name", "shell"), kv("success", "true")),
                codex("tool_result", "2026-11-20T09:29:01.207", kv("tool_name", "shell"), kv("success", "true"))));
        assertThat(b.rejections()).isEmpty();
        assertThat(b.spans()).extracting(Span::startTime).containsOnly(Instant.parse("2026-11-20T09:29:01.207Z"));
    }

    @Test
    void unparseableEventTimestampAndMissingTimestampAreRejected() {
        IngestBatch b = decode(codexLogs(
                codex("user_prompt", "yesterday"),
                record("0", "", kv("event.name", "codex.user_prompt"), kv("conversation.id", "conv-1")),
                codex("user_prompt", "2026-11-20T09:29:01Z")));
        assertThat(b.spans()).hasSize(1);
        assertThat(b.rejections())
                .extracting(Rejection::recordId)
                .containsExactly("codex.user_prompt:0", "codex.user_prompt:0");
        assertThat(b.rejections().get(0).reason()).contains("event.timestamp").contains("yesterday");
        assertThat(b.rejections().get(1).reason()).contains("missing timestamp");
    }

    // ------------------------------------------------------------------ per-record rejections

    @Test
    void missingSessionIdRejectsOnlyThatRecord() {
        IngestBatch b = decode(ccLogs(
                record(T0, "claude_code.api_request", kv("input_tokens", 5L), kv("duration_ms", 10L)),
                cc("api_request", kv("input_tokens", 7L))));
        assertThat(b.rejections())
                .containsExactly(
                        new Rejection("claude_code.api_request:" + T0, "claude_code.api_request: missing session.id"));
        assertThat(b.spans())
                .singleElement()
                .satisfies(s -> assertThat(s.usage().input()).isEqualTo(7));
    }

    @Test
    void missingConversationIdRejectsACodexRecord() {
        IngestBatch b = decode(codexLogs(
                record("0", "", kv("event.name", "codex.user_prompt"), kv("event.timestamp", "2026-11-20T09:29:01Z"))));
        assertThat(b.rejections())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("conversation.id"));
    }

    @Test
    void unparseableTokenCountsAreRejected() {
        IngestBatch b = decode(ccLogs(
                cc("api_request", kv("event.sequence", 1L), kv("input_tokens", "lots")),
                cc("api_request", kv("event.sequence", 2L), kv("output_tokens", -5L)),
                cc("api_request", kv("event.sequence", 3L), kv("cache_read_tokens", 1.5)),
                cc("api_request", kv("event.sequence", 4L), kv("cost_usd", "cheap")),
                cc("api_request", kv("event.sequence", 5L), kv("input_tokens", 1L))));
        assertThat(b.spans()).hasSize(1);
        assertThat(b.rejections())
                .extracting(Rejection::reason)
                .satisfiesExactly(
                        r -> assertThat(r).contains("input_tokens").contains("lots"),
                        r -> assertThat(r).contains("output_tokens").contains("negative"),
                        r -> assertThat(r).contains("cache_read_tokens"),
                        r -> assertThat(r).contains("cost_usd"));
    }

    @Test
    void missingDurationIsANullDurationNotARejection() {
        Span s = only(ccLogs(cc("api_request", kv("input_tokens", 1L))));
        assertThat(s.durationMs()).isNull();
        assertThat(s.endTime()).isNull();
    }

    @Test
    void numbersAndBooleansAreCoercedLeniently() {
        String json = ccLogs(record(
                T0,
                "claude_code.api_request",
                kv("session.id", SESSION),
                kv("input_tokens", 10.0),
                kv("output_tokens", "20"),
                "{\"key\":\"cache_read_tokens\",\"value\":{\"intValue\":30}}",
                kv("duration_ms", "1200"),
                kv("cost_usd", "0.5")));
        Span s = only(json);
        assertThat(s.usage()).isEqualTo(new Usage(10, 20, 30, 0, 0));
        assertThat(s.durationMs()).isEqualTo(1200.0);
        assertThat(s.reportedCostUsd()).isEqualTo(0.5);
    }

    // ------------------------------------------------------------------ dedup ids

    @Test
    void aResentRecordMapsToTheSameSpanId() {
        String rec = cc("api_request", kv("event.sequence", 12L), kv("input_tokens", 1L));
        String first = only(ccLogs(rec)).spanId();
        assertThat(only(ccLogs(rec)).spanId()).isEqualTo(first);
        // keyed on the sequence: other attributes (e.g. an added resource copy) do not matter
        assertThat(only(ccLogs(cc(
                                "api_request",
                                kv("event.sequence", 12L),
                                kv("input_tokens", 1L),
                                kv("terminal.type", "xterm"))))
                        .spanId())
                .isEqualTo(first);
        // a counter restarting under the same session id (resumed process) is a different record
        String resumed = record(
                "1795165299000000000",
                "claude_code.api_request",
                kv("session.id", SESSION),
                kv("event.sequence", 12L),
                kv("input_tokens", 1L));
        assertThat(only(ccLogs(resumed)).spanId()).isNotEqualTo(first);
        assertThat(only(ccLogs(cc("api_request", kv("event.sequence", 13L)))).spanId())
                .isNotEqualTo(first);
        assertThat(only(ccLogs(cc("tool_result", kv("event.sequence", 12L)))).spanId())
                .isNotEqualTo(first);
    }

    @Test
    void withoutSequenceTheIdHashesTheContentInAnyAttributeOrder() {
        String a = only(codexLogs(codex(
                        "sse_event",
                        "2026-11-20T09:29:06.207Z",
                        kv("event.kind", "response.completed"),
                        kv("input_token_count", 100L),
                        kv("output_token_count", 10L))))
                .spanId();
        String reordered = only(codexLogs(record(
                        "0",
                        "",
                        kv("output_token_count", 10L),
                        kv("input_token_count", 100L),
                        kv("event.kind", "response.completed"),
                        kv("model", "gpt-5-codex"),
                        kv("conversation.id", "conv-1"),
                        kv("event.timestamp", "2026-11-20T09:29:06.207Z"),
                        kv("event.name", "codex.sse_event"))))
                .spanId();
        String different = only(codexLogs(codex(
                        "sse_event",
                        "2026-11-20T09:29:06.207Z",
                        kv("event.kind", "response.completed"),
                        kv("input_token_count", 101L),
                        kv("output_token_count", 10L))))
                .spanId();
        assertThat(reordered).isEqualTo(a);
        assertThat(different).isNotEqualTo(a);
    }

    // ------------------------------------------------------------------ Codex

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

    // ------------------------------------------------------------------ resource identity

    @Test
    void identityComesFromResourceElseFromRecordAttributes() {
        Span fromRecord = only(logs(
                attrs(),
                CC_SCOPE,
                cc(
                        "api_request",
                        kv("service.name", "claude-code-api"),
                        kv("service.namespace", "acme"),
                        kv("service.instance.id", "ttys003"),
                        kv("tokenjam.run_id", "run-1"),
                        kv("tokenjam.parent_session_id", "parent-1"))));
        assertThat(fromRecord.agentId()).isEqualTo("claude-code-api");
        assertThat(fromRecord.resource()).isEqualTo(new ResourceIdentity("acme", "ttys003", "run-1", "parent-1"));

        Span resourceWins = only(logs(
                attrs(kv("service.name", "claude-code-web"), kv("service.namespace", "proj")),
                CC_SCOPE,
                cc("api_request", kv("service.namespace", "other"))));
        assertThat(resourceWins.agentId()).isEqualTo("claude-code-web");
        assertThat(resourceWins.resource()).isEqualTo(new ResourceIdentity("proj", null, null, null));

        Span none = only(logs(attrs(), CC_SCOPE, cc("api_request")));
        assertThat(none.agentId()).isEqualTo("claude-code");
        assertThat(none.resource()).isEqualTo(ResourceIdentity.NONE);
    }

    // ------------------------------------------------------------------ robustness

    @Test
    void hundredDeepKvlistRejectsItsRecordWithoutBlowingTheStack() throws Exception {
        String deep = "{\"stringValue\":\"bottom\"}";
        for (int i = 0; i < 100; i++) deep = "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":" + deep + "}]}}";
        String shallow = "{\"stringValue\":\"bottom\"}";
        for (int i = 0; i < 10; i++)
            shallow = "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":" + shallow + "}]}}";
        String json = ccLogs(
                cc("api_request", kv("event.sequence", 1L), kv("deep", new Otlpj.Raw(deep))),
                cc("api_request", kv("event.sequence", 2L), kv("nested", new Otlpj.Raw(shallow))));

        IngestBatch fromJson = onSmallStack(() -> decode(json));
        assertThat(fromJson.rejections())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("deeper than 64"));
        assertThat(fromJson.spans()).singleElement().satisfies(s -> {
            Object v = s.attributes().get("nested");
            for (int i = 0; i < 10; i++) v = ((Map<?, ?>) v).get("k");
            assertThat(v).isEqualTo("bottom");
        });

        byte[] proto = TestSupport.logsProto(TestSupport.JSON.readTree(json)).toByteArray();
        IngestBatch fromProto = onSmallStack(() -> decoder.decodeLogs(proto, OtlpFormat.PROTOBUF));
        assertThat(fromProto).isEqualTo(fromJson);
    }

    private static IngestBatch onSmallStack(java.util.function.Supplier<IngestBatch> work) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(
                null,
                () -> {
                    try {
                        out.set(work.get());
                    } catch (Throwable e) {
                        out.set(e);
                    }
                },
                "small-stack",
                256 * 1024);
        t.start();
        t.join();
        assertThat(out.get()).isInstanceOf(IngestBatch.class);
        return (IngestBatch) out.get();
    }

    @Test
    void tenThousandAttributesAreAllKeptInLinearTime() {
        List<String> kvs = new ArrayList<>();
        kvs.add(kv("session.id", SESSION));
        for (int i = 0; i < 10_000; i++) kvs.add(kv("attr." + i, "value-" + i));
        String json = ccLogs(record(T0, "claude_code.compaction", kvs.toArray(String[]::new)));
        long t0 = System.nanoTime();
        Span s = only(json);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(s.attributes()).hasSize(10_000).containsEntry("attr.9999", "value-9999");
        assertThat(ms).as("decode time in ms").isLessThan(5_000);
    }

    private static KeyValue str(String k, String v) {
        return KeyValue.newBuilder()
                .setKey(k)
                .setValue(AnyValue.newBuilder().setStringValue(v))
                .build();
    }

    @Test
    void protobufKvlistAndArrayDecodeToMapsAndLists() {
        AnyValue list = AnyValue.newBuilder()
                .setArrayValue(io.opentelemetry.proto.common.v1.ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setIntValue(1))
                        .addValues(AnyValue.newBuilder().setBoolValue(true)))
                .build();
        AnyValue map = AnyValue.newBuilder()
                .setKvlistValue(KeyValueList.newBuilder()
                        .addValues(KeyValue.newBuilder().setKey("list").setValue(list)))
                .build();
        var req = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .addLogRecords(LogRecord.newBuilder()
                                        .setTimeUnixNano(Long.parseLong(T0))
                                        .setBody(AnyValue.newBuilder().setStringValue("claude_code.tool_decision"))
                                        .addAttributes(str("session.id", SESSION))
                                        .addAttributes(KeyValue.newBuilder()
                                                .setKey("m")
                                                .setValue(map)))))
                .build();
        Span s = decoder.logs(req).spans().get(0);
        assertThat(s.attributes().get("m")).isEqualTo(Map.of("list", List.of(1L, true)));
        assertThat(s.toolName()).isEqualTo("unknown");
    }
}
