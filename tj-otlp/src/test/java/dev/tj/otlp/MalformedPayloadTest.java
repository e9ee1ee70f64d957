package dev.tj.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.core.ingest.IngestBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MalformedPayloadTest {
    private final OtlpDecoder decoder = new OtlpDecoder();

    private void malformedJson(String body, String messagePart) {
        malformedJson(body.getBytes(StandardCharsets.UTF_8), messagePart);
    }

    private void malformedJson(byte[] body, String messagePart) {
        assertThatThrownBy(() -> decoder.decodeLogs(body, OtlpFormat.JSON))
                .isInstanceOf(MalformedPayload.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void notJson() {
        malformedJson("this is not json", "invalid JSON");
        malformedJson("{\"resourceLogs\":[", "invalid JSON");
        malformedJson("{\"resourceLogs\":[]} {}", "trailing content");
    }

    @Test
    void emptyJsonBody() {
        malformedJson("", "empty");
        malformedJson("   ", "empty");
        assertThatThrownBy(() -> decoder.decodeTraces(null, OtlpFormat.JSON)).isInstanceOf(MalformedPayload.class);
    }

    @Test
    void jsonThatIsNotAnObject() {
        malformedJson("[1,2,3]", "must be a JSON object, not an array");
        malformedJson("\"resourceLogs\"", "must be a JSON object, not a string");
        malformedJson("42", "must be a JSON object");
    }

    @Test
    void wrongTypes() {
        malformedJson("{\"resourceLogs\":\"oops\"}", "resourceLogs must be an array, not a string");
        malformedJson("{\"resourceLogs\":[42]}", "resourceLogs[] must be an object, not a number");
        malformedJson("{\"resourceLogs\":[{\"scopeLogs\":{}}]}", "scopeLogs must be an array");
        malformedJson(
                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"attributes\":{}}]}]}]}",
                "logRecords[].attributes must be an array");
        malformedJson(
                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":[1]}]}]}]}",
                "timeUnixNano must be an integer or a string");
        malformedJson(
                "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":[1]}]}}]}",
                "an AnyValue must be an object");
        assertThatThrownBy(() -> decoder.decodeTraces(
                        TestSupport.utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":{}}]}]}]}"),
                        OtlpFormat.JSON))
                .isInstanceOf(MalformedPayload.class)
                .hasMessageContaining("spans[].traceId must be a string");
        assertThatThrownBy(() -> decoder.decodeMetrics(TestSupport.utf8("{\"resourceMetrics\":{}}"), OtlpFormat.JSON))
                .isInstanceOf(MalformedPayload.class)
                .hasMessageContaining("resourceMetrics must be an array");
    }

    @Test
    void invalidUtf8() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":{\"stringValue\":\"a"
                .getBytes(StandardCharsets.UTF_8));
        b.write(0xC3);
        b.write(0x28); // invalid continuation byte
        b.writeBytes("\"}}]}}]}".getBytes(StandardCharsets.UTF_8));
        malformedJson(b.toByteArray(), "invalid JSON");

        ByteArrayOutputStream c = new ByteArrayOutputStream();
        c.writeBytes("{\"resourceLogs\":[],\"x\":\"".getBytes(StandardCharsets.UTF_8));
        c.write(0xFF);
        c.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        malformedJson(c.toByteArray(), "invalid JSON");
    }

    @Test
    void absurdJsonNestingIsMalformedNotAStackOverflow() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        malformedJson("{\"resourceLogs\":[],\"junk\":" + deep + "}", "invalid JSON");
    }

    @Test
    void emptyOrUnrelatedObjectsAreEmptyBatches() {
        IngestBatch empty = new IngestBatch(java.util.List.of(), java.util.List.of(), java.util.List.of(), 0);
        assertThat(decoder.decodeLogs(TestSupport.utf8("{}"), OtlpFormat.JSON)).isEqualTo(empty);
        assertThat(decoder.decodeLogs(TestSupport.utf8("{\"resourceLogs\":null}"), OtlpFormat.JSON))
                .isEqualTo(empty);
        assertThat(decoder.decodeLogs(TestSupport.utf8("{\"resourceSpans\":[{}]}"), OtlpFormat.JSON))
                .isEqualTo(empty);
        assertThat(decoder.decodeLogs(new byte[0], OtlpFormat.PROTOBUF)).isEqualTo(empty);
        assertThat(decoder.decodeTraces(new byte[0], OtlpFormat.PROTOBUF)).isEqualTo(empty);
        assertThat(decoder.decodeMetrics(null, OtlpFormat.PROTOBUF)).isEqualTo(empty);
    }

    @Test
    void garbageProtobuf() {
        byte[] garbage = {(byte) 0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x0F, 1, 2};
        assertThatThrownBy(() -> decoder.decodeLogs(garbage, OtlpFormat.PROTOBUF))
                .isInstanceOf(MalformedPayload.class)
                .hasMessageContaining("invalid OTLP protobuf");
        assertThatThrownBy(() -> decoder.decodeTraces(
                        "{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8), OtlpFormat.PROTOBUF))
                .isInstanceOf(MalformedPayload.class);
    }

    @Test
    void protobufNestedBeyondTheParserLimitIsMalformed() {
        AnyValue v = AnyValue.newBuilder().setStringValue("bottom").build();
        for (int i = 0; i < 200; i++) {
            v = AnyValue.newBuilder()
                    .setKvlistValue(KeyValueList.newBuilder()
                            .addValues(KeyValue.newBuilder().setKey("k").setValue(v)))
                    .build();
        }
        byte[] body = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .addLogRecords(LogRecord.newBuilder()
                                        .addAttributes(KeyValue.newBuilder()
                                                .setKey("deep")
                                                .setValue(v)))))
                .build()
                .toByteArray();
        assertThatThrownBy(() -> decoder.decodeLogs(body, OtlpFormat.PROTOBUF))
                .isInstanceOf(MalformedPayload.class)
                .hasMessageContaining("invalid OTLP protobuf");
    }
}
