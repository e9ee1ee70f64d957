package dev.tj.otlp;

import static dev.tj.otlp.LogDecoding.DECODER;
import static dev.tj.otlp.LogDecoding.decode;
import static dev.tj.otlp.LogDecoding.only;
import static dev.tj.otlp.LogDecoding.str;
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
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.Usage;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LogMappingTest {
    private static final String PROMPT = "612e7696-a6ce-4c1b-b8e5-10617311d8a3";

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
        IngestBatch b = DECODER.decodeLogs(req.toByteArray(), OtlpFormat.PROTOBUF);
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
        IngestBatch fromProto = onSmallStack(() -> DECODER.decodeLogs(proto, OtlpFormat.PROTOBUF));
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
    void tenThousandAttributesAreAllKept() {
        List<String> kvs = new ArrayList<>();
        kvs.add(kv("session.id", SESSION));
        for (int i = 0; i < 10_000; i++) kvs.add(kv("attr." + i, "value-" + i));
        String json = ccLogs(record(T0, "claude_code.compaction", kvs.toArray(String[]::new)));
        Span s = only(json);
        assertThat(s.attributes()).hasSize(10_000).containsEntry("attr.9999", "value-9999");
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
        Span s = DECODER.logs(req).spans().get(0);
        assertThat(s.attributes().get("m")).isEqualTo(Map.of("list", List.of(1L, true)));
        assertThat(s.toolName()).isEqualTo("unknown");
    }
}
