package dev.tj.otlp;

import static dev.tj.otlp.Otlpj.attrs;
import static dev.tj.otlp.Otlpj.kv;
import static dev.tj.otlp.Otlpj.str;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.ingest.Rejection;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanEvent;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceMappingTest {
    private final OtlpDecoder decoder = new OtlpDecoder();
    private static final String TRACE = "0102030405060708090a0b0c0d0e0f10";

    private IngestBatch decode(String json) {
        return decoder.decodeTraces(TestSupport.utf8(json), OtlpFormat.JSON);
    }

    static String traces(String resourceAttrs, String... spans) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":" + resourceAttrs
                + "},\"scopeSpans\":[{\"scope\":{\"name\":\"t\"},\"spans\":[" + String.join(",", spans) + "]}]}]}";
    }

    /** A span with the given id fields (null = absent) and extra raw JSON members. */
    static String span(String traceId, String spanId, String name, String... members) {
        StringBuilder b = new StringBuilder("{");
        if (traceId != null) b.append("\"traceId\":").append(str(traceId)).append(',');
        if (spanId != null) b.append("\"spanId\":").append(str(spanId)).append(',');
        b.append("\"name\":").append(str(name));
        for (String m : members) b.append(',').append(m);
        return b.append('}').toString();
    }

    static final String TIMES =
            "\"startTimeUnixNano\":\"1748736000000000000\",\"endTimeUnixNano\":\"1748736001500000000\"";

    static String spanAttrs(String... kvs) {
        return "\"attributes\":" + attrs(kvs);
    }

    private Span only(String json) {
        IngestBatch b = decode(json);
        assertThat(b.rejections()).isEmpty();
        assertThat(b.spans()).hasSize(1);
        return b.spans().get(0);
    }

    @Test
    void sdkSampleDecodesToThreeSpans() {
        JsonNode sample = TestSupport.readFixture("sdk-traces-sample.json");
        IngestBatch b = decoder.decodeTraces(TestSupport.bytes(sample), OtlpFormat.JSON);
        assertThat(b.rejections()).isEmpty();
        assertThat(b.ignored()).isZero();
        assertThat(b.spans()).hasSize(3);

        Span llm = b.spans().get(0);
        assertThat(llm.spanId()).isEqualTo("0102030405060708");
        assertThat(llm.traceId()).isEqualTo(TRACE);
        assertThat(llm.parentSpanId()).isNull();
        assertThat(llm.agentId()).isEqualTo("test-agent");
        assertThat(llm.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(llm.status()).isEqualTo(SpanStatus.OK);
        assertThat(llm.isLlmCall()).isTrue();
        assertThat(llm.provider()).isEqualTo("anthropic");
        assertThat(llm.billingAccount()).isEqualTo("anthropic");
        assertThat(llm.model()).isEqualTo("claude-sonnet-4-6");
        assertThat(llm.usage()).isEqualTo(new Usage(1500, 320, 0, 0, 0));
        assertThat(llm.costUsd()).isEqualTo(0.00513);
        assertThat(llm.reportedCostUsd()).isEqualTo(0.00513);
        assertThat(llm.startTime()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
        assertThat(llm.durationMs()).isEqualTo(1500.0);
        assertThat(llm.sessionId()).isNull();
        assertThat(llm.attributes())
                .containsEntry("service.version", "0.1.0")
                .containsEntry("gen_ai.usage.input_tokens", 1500L);

        Span tool = b.spans().get(1);
        assertThat(tool.toolName()).isEqualTo("search");
        assertThat(tool.isToolCall()).isTrue();
        assertThat(tool.parentSpanId()).isEqualTo("0102030405060708");
        assertThat(tool.kind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(tool.durationMs()).isEqualTo(100.0);
        assertThat(tool.usage().isZero()).isTrue();

        Span other = b.spans().get(2);
        assertThat(other.agentId()).isEqualTo("test-agent-2");
        assertThat(other.traceId()).isEqualTo("2122232425262728292a2b2c2d2e2f30");
        assertThat(other.provider()).isEqualTo("openai");
        assertThat(other.billingAccount()).isEqualTo("openai");
        assertThat(other.model()).isEqualTo("gpt-4o");
        assertThat(other.usage()).isEqualTo(new Usage(800, 200, 0, 0, 0));
        assertThat(other.costUsd()).isNull();

        var proto = TestSupport.tracesProto(sample);
        assertThat(decoder.decodeTraces(proto.toByteArray(), OtlpFormat.PROTOBUF))
                .isEqualTo(b);
        assertThat(decoder.traces(proto)).isEqualTo(b);
    }

    @Test
    void idsAreNormalisedToLowerCaseHex() {
        Span s = only(traces(
                attrs(),
                span(
                        "0102030405060708090A0B0C0D0E0F10",
                        "ABCDEF0102030405",
                        "op",
                        TIMES,
                        "\"parentSpanId\":\"FEDCBA9876543210\"")));
        assertThat(s.traceId()).isEqualTo(TRACE);
        assertThat(s.spanId()).isEqualTo("abcdef0102030405");
        assertThat(s.parentSpanId()).isEqualTo("fedcba9876543210");
    }

    @Test
    void missingOrInvalidIdsRejectTheSpanOnly() {
        IngestBatch b = decode(traces(
                attrs(),
                span(TRACE, "0102030405060708", "good", TIMES),
                span("zz02030405060708090a0b0c0d0e0f10", "1111111111111111", "nonhex", TIMES),
                span("0102", "2222222222222222", "short", TIMES),
                span("00000000000000000000000000000000", "3333333333333333", "zero", TIMES),
                span(TRACE, "0000000000000000", "zerospan", TIMES),
                span(null, "4444444444444444", "notrace", TIMES),
                span(TRACE, null, "nospan", TIMES),
                span(TRACE, "AQIDBAUGBwg=", "base64", TIMES)));
        assertThat(b.spans()).extracting(Span::name).containsExactly("good");
        assertThat(b.rejections())
                .extracting(Rejection::recordId)
                .containsExactly(
                        "1111111111111111",
                        "2222222222222222",
                        "3333333333333333",
                        "0000000000000000",
                        "4444444444444444",
                        "index 6",
                        "AQIDBAUGBwg=");
        assertThat(b.rejections())
                .extracting(Rejection::reason)
                .satisfiesExactly(
                        r -> assertThat(r).contains("invalid traceId"),
                        r -> assertThat(r).contains("invalid traceId").contains("32 hex"),
                        r -> assertThat(r).contains("invalid traceId"),
                        r -> assertThat(r).contains("invalid spanId"),
                        r -> assertThat(r).isEqualTo("missing traceId"),
                        r -> assertThat(r).isEqualTo("missing spanId"),
                        r -> assertThat(r).contains("invalid spanId"));
    }

    @Test
    void protobufIdsOfTheWrongLengthAreRejected() {
        var span = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3}))
                .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                .setName("x")
                .setStartTimeUnixNano(1748736000000000000L)
                .build();
        var req = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder()
                        .addScopeSpans(io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder()
                                .addSpans(span)))
                .build();
        IngestBatch b = decoder.decodeTraces(req.toByteArray(), OtlpFormat.PROTOBUF);
        assertThat(b.spans()).isEmpty();
        assertThat(b.rejections())
                .containsExactly(
                        new Rejection("0102030405060708", "invalid traceId '010203': expected 32 hex characters"));
    }

    @Test
    void startZeroIsRejectedAndEndZeroMeansOpen() {
        IngestBatch b = decode(traces(
                attrs(),
                span(TRACE, "0102030405060708", "nostart", "\"endTimeUnixNano\":\"1748736001500000000\""),
                span(
                        TRACE,
                        "1112131415161718",
                        "open",
                        "\"startTimeUnixNano\":1748736000000000000,\"endTimeUnixNano\":\"0\""),
                span(TRACE, "2122232425262728", "badstart", "\"startTimeUnixNano\":\"soon\"")));
        assertThat(b.rejections())
                .extracting(Rejection::recordId)
                .containsExactly("0102030405060708", "2122232425262728");
        assertThat(b.rejections().get(0).reason()).isEqualTo("missing startTimeUnixNano");
        assertThat(b.rejections().get(1).reason()).contains("startTimeUnixNano").contains("soon");
        assertThat(b.spans()).singleElement().satisfies(s -> {
            assertThat(s.startTime()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
            assertThat(s.endTime()).isNull();
            assertThat(s.durationMs()).isNull();
        });
    }

    @Test
    void enumsAcceptNumbersAndProtoNames() {
        Span s = only(traces(
                attrs(),
                span(
                        TRACE,
                        "0102030405060708",
                        "op",
                        TIMES,
                        "\"kind\":\"SPAN_KIND_CLIENT\"",
                        "\"status\":{\"code\":\"STATUS_CODE_ERROR\",\"message\":\"boom\"}")));
        assertThat(s.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(s.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(s.statusMessage()).isEqualTo("boom");
        Span n = only(
                traces(attrs(), span(TRACE, "0102030405060708", "op", TIMES, "\"kind\":2", "\"status\":{\"code\":1}")));
        assertThat(n.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(n.status()).isEqualTo(SpanStatus.OK);
    }

    @Test
    void genAiAttributesMapToIndexedFields() {
        Span s = only(traces(
                attrs(
                        kv("service.name", "svc"),
                        kv("gen_ai.request.model", "resource-model"),
                        kv("service.namespace", "proj")),
                span(
                        TRACE,
                        "0102030405060708",
                        "chat",
                        TIMES,
                        spanAttrs(
                                kv("gen_ai.system", "aws.bedrock"), kv("gen_ai.response.model", "claude-3-haiku"),
                                kv("gen_ai.request.model", "claude-3-5-haiku"), kv("gen_ai.usage.input_tokens", 10L),
                                kv("gen_ai.usage.output_tokens", "5"), kv("gen_ai.usage.cache_read_input_tokens", 3L),
                                kv("gen_ai.usage.cache_creation_input_tokens", 2L), kv("session.id", "sess-9"),
                                kv("gen_ai.conversation.id", "conv-9"), kv("gen_ai.request.type", "chat"),
                                kv("tokenjam.run_id", "run-7"), kv("gen_ai.agent.id", "planner")))));
        assertThat(s.agentId()).isEqualTo("planner");
        assertThat(s.subAgentId()).isNull();
        assertThat(s.provider()).isEqualTo("aws.bedrock");
        assertThat(s.billingAccount()).isEqualTo("bedrock");
        assertThat(s.model()).as("span wins over resource").isEqualTo("claude-3-5-haiku");
        assertThat(s.usage()).isEqualTo(new Usage(10, 5, 3, 2, 0));
        assertThat(s.sessionId()).isEqualTo("sess-9");
        assertThat(s.conversationId()).isEqualTo("conv-9");
        assertThat(s.requestType()).isEqualTo("chat");
        assertThat(s.resource()).isEqualTo(new ResourceIdentity("proj", null, "run-7", null));
        assertThat(s.costUsd()).isNull();
    }

    @Test
    void responseModelBillingOverrideAndToolPrefix() {
        Span s = only(traces(
                attrs(kv("service.name", "svc")),
                span(
                        TRACE,
                        "0102030405060708",
                        "tool.grep",
                        TIMES,
                        spanAttrs(
                                kv("gen_ai.provider.name", "openai"),
                                kv("gen_ai.response.model", "gpt-4o-mini"),
                                kv("tokenjam.billing_account", "azure-team")))));
        assertThat(s.model()).isEqualTo("gpt-4o-mini");
        assertThat(s.billingAccount()).isEqualTo("azure-team");
        assertThat(s.toolName()).isEqualTo("grep");
        Span call = only(traces(attrs(), span(TRACE, "0102030405060708", "gen_ai.tool.call", TIMES)));
        assertThat(call.toolName())
                .as("no 'call' tool from the semconv span name")
                .isNull();
        assertThat(call.agentId()).isNull();
    }

    @Test
    void subAgentOnlyWithAParentAgent() {
        Span s = only(traces(
                attrs(kv("service.name", "claude-code")),
                span(
                        TRACE,
                        "0102030405060708",
                        "claude_code.llm_request",
                        TIMES,
                        spanAttrs(
                                kv("gen_ai.system", "anthropic"),
                                kv("gen_ai.request.model", "claude-opus-4"),
                                kv("agent_id", "sub-1"),
                                kv("parent_agent_id", "main"),
                                kv("gen_ai.usage.input_tokens", 4L)))));
        assertThat(s.agentId()).isEqualTo("claude-code");
        assertThat(s.subAgentId()).isEqualTo("sub-1");
        assertThat(s.provider()).isEqualTo("anthropic");
        assertThat(s.usage().input()).isEqualTo(4);
    }

    @Test
    void eventsBecomeSpanEvents() {
        Span s = only(traces(
                attrs(),
                span(
                        TRACE,
                        "0102030405060708",
                        "op",
                        TIMES,
                        "\"events\":[{\"name\":\"exception\",\"timeUnixNano\":\"1748736000700000000\",\"attributes\":"
                                + attrs(kv("exception.message", "boom")) + "},{\"name\":\"untimed\"}]")));
        assertThat(s.events())
                .containsExactly(
                        new SpanEvent(
                                "exception",
                                Instant.parse("2025-06-01T00:00:00.700Z"),
                                Map.of("exception.message", "boom")),
                        new SpanEvent("untimed", s.startTime(), Map.of()));
    }

    @Test
    void unparseableTokensAndCostAreRejected() {
        IngestBatch b = decode(traces(
                attrs(),
                span(TRACE, "0102030405060708", "a", TIMES, spanAttrs(kv("gen_ai.usage.input_tokens", "many"))),
                span(TRACE, "1112131415161718", "b", TIMES, spanAttrs(kv("tokenjam.cost_usd", "free")))));
        assertThat(b.spans()).isEmpty();
        assertThat(b.rejections())
                .extracting(Rejection::reason)
                .satisfiesExactly(
                        r -> assertThat(r).contains("gen_ai.usage.input_tokens"),
                        r -> assertThat(r).contains("tokenjam.cost_usd"));
    }

    @Test
    void emptyStringsMeanAbsentAsInProtobuf() {
        String json = traces(
                attrs(),
                span(TRACE, "0102030405060708", "", TIMES),
                span(
                        TRACE,
                        "1112131415161718",
                        "op",
                        TIMES,
                        "\"parentSpanId\":\"\"",
                        "\"status\":{\"code\":2,\"message\":\"\"}"));
        IngestBatch b = decode(json);
        assertThat(b.rejections()).containsExactly(new Rejection("0102030405060708", "missing span name"));
        assertThat(b.spans()).singleElement().satisfies(s -> {
            assertThat(s.statusMessage()).isNull();
            assertThat(s.parentSpanId()).isNull();
        });
        var proto = TestSupport.tracesProto(readTree(json));
        assertThat(decoder.traces(proto)).isEqualTo(b);
    }

    private static JsonNode readTree(String json) {
        try {
            return TestSupport.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void snakeCaseFieldNamesAreAccepted() {
        String json = "{\"resource_spans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"string_value\":\"svc\"}}]},\"scope_spans\":[{\"spans\":[{\"trace_id\":\"" + TRACE + "\","
                + "\"span_id\":\"0102030405060708\",\"parent_span_id\":\"\",\"name\":\"op\","
                + "\"start_time_unix_nano\":\"1748736000000000000\",\"end_time_unix_nano\":\"1748736001000000000\"}]}]}]}";
        Span s = only(json);
        assertThat(s.agentId()).isEqualTo("svc");
        assertThat(s.parentSpanId()).isNull();
        assertThat(s.durationMs()).isEqualTo(1000.0);
    }
}
