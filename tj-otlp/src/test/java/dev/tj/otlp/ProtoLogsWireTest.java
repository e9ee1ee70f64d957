package dev.tj.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;
import dev.tj.otlp.internal.Otlp;
import dev.tj.otlp.internal.ProtoLogsWire;
import dev.tj.otlp.internal.ProtoOtlpReader;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The wire reader of OTLP/HTTP protobuf logs must read exactly what the generated parser followed
 * by {@link ProtoOtlpReader} reads: same records, same attribute order, same problems.
 */
class ProtoLogsWireTest {
    private final Random random = new Random(7);

    @Test
    void readsWhatTheGeneratedParserReadsOverVariedRequests() throws Exception {
        for (int i = 0; i < 300; i++) {
            ExportLogsServiceRequest request = request();
            List<Otlp.ResourceLogs> expected = ProtoOtlpReader.logs(request);
            List<Otlp.ResourceLogs> got = ProtoLogsWire.logs(CodedInputStream.newInstance(request.toByteArray()));
            assertThat(got).isEqualTo(expected);
            assertThat(got.toString()).isEqualTo(expected.toString()); // attribute order too
        }
    }

    @Test
    void nestingPastTheLimitIsARecordProblemAndTheRestOfTheRequestIsRead() throws Exception {
        AnyValue deep = AnyValue.newBuilder().setStringValue("bottom").build();
        for (int i = 0; i < 90; i++) { // past the 64 levels kept, within the parser's limit
            deep = AnyValue.newBuilder()
                    .setKvlistValue(KeyValueList.newBuilder().addValues(kv("k", deep)))
                    .build();
        }
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .addLogRecords(LogRecord.newBuilder()
                                        .setTimeUnixNano(5)
                                        .addAttributes(kv("deep", deep)))
                                .addLogRecords(LogRecord.newBuilder()
                                        .setTimeUnixNano(6)
                                        .addAttributes(str("a", "b")))))
                .build();

        List<Otlp.LogRecord> records = ProtoLogsWire.logs(CodedInputStream.newInstance(request.toByteArray()))
                .get(0)
                .scopes()
                .get(0)
                .records();

        assertThat(records.get(0).problem()).contains("deeper than 64");
        assertThat(records.get(1).problem()).isNull();
        assertThat(records.get(1).attributes()).containsEntry("a", "b");
    }

    @Test
    void truncatedAndInvalidTextAreRefusedAsAWhole() {
        byte[] body = request().toByteArray();
        OtlpDecoder decoder = new OtlpDecoder();
        byte[] cut = Arrays.copyOf(body, body.length - 3);
        assertThatThrownBy(() -> decoder.decodeLogs(cut, OtlpFormat.PROTOBUF)).isInstanceOf(MalformedPayload.class);

        byte[] badUtf8 = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .addLogRecords(LogRecord.newBuilder().addAttributes(str("k\u00e9", "v")))))
                .build()
                .toByteArray();
        for (int i = 0; i + 1 < badUtf8.length; i++) {
            if (badUtf8[i] == (byte) 0xC3 && badUtf8[i + 1] == (byte) 0xA9) badUtf8[i + 1] = '('; // a lead byte alone
        }
        assertThatThrownBy(() -> decoder.decodeLogs(badUtf8, OtlpFormat.PROTOBUF))
                .isInstanceOf(MalformedPayload.class)
                .hasMessageContaining("UTF-8");
    }

    // ---- random requests

    private ExportLogsServiceRequest request() {
        ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
        for (int r = random.nextInt(3); r >= 0; r--) {
            ResourceLogs.Builder rl = ResourceLogs.newBuilder();
            if (random.nextBoolean()) {
                Resource.Builder res = Resource.newBuilder();
                for (int a = random.nextInt(4); a > 0; a--) res.addAttributes(attribute(1));
                rl.setResource(res);
            }
            for (int s = random.nextInt(3); s >= 0; s--) {
                ScopeLogs.Builder sl = ScopeLogs.newBuilder();
                if (random.nextBoolean()) {
                    sl.setScope(InstrumentationScope.newBuilder()
                            .setName(random.nextBoolean() ? "com.anthropic.claude_code.events" : "")
                            .setVersion("2.1.328"));
                }
                for (int n = random.nextInt(6); n >= 0; n--) sl.addLogRecords(record());
                rl.addScopeLogs(sl);
            }
            req.addResourceLogs(rl);
        }
        return req.build();
    }

    private LogRecord record() {
        LogRecord.Builder b = LogRecord.newBuilder();
        switch (random.nextInt(4)) {
            case 0 -> b.setTimeUnixNano(1_764_000_000_000_000_000L + random.nextInt(1_000_000));
            case 1 -> b.setTimeUnixNano(-1 - random.nextInt(10)); // past 2^63 unsigned: unusable
            default -> {}
        }
        if (random.nextBoolean()) b.setObservedTimeUnixNano(random.nextBoolean() ? 42 : -7);
        switch (random.nextInt(4)) {
            case 0 ->
                b.setBody(AnyValue.newBuilder().setStringValue(random.nextBoolean() ? "claude_code.api_request" : ""));
            case 1 -> b.setBody(value(2));
            case 2 -> b.setBody(AnyValue.getDefaultInstance());
            default -> {}
        }
        if (random.nextBoolean()) b.setEventName(random.nextBoolean() ? "codex.sse_event" : "");
        if (random.nextInt(5) == 0) b.setSeverityText("INFO").setFlags(1).setTraceId(ByteString.copyFrom(new byte[16]));
        for (int a = random.nextInt(8); a > 0; a--) b.addAttributes(attribute(1));
        if (random.nextInt(4) == 0) {
            b.setUnknownFields(UnknownFieldSet.newBuilder()
                    .addField(
                            99, UnknownFieldSet.Field.newBuilder().addVarint(5).build())
                    .addField(
                            98,
                            UnknownFieldSet.Field.newBuilder()
                                    .addLengthDelimited(ByteString.copyFromUtf8("x"))
                                    .build())
                    .build());
        }
        return b.build();
    }

    private KeyValue attribute(int depth) {
        String key = switch (random.nextInt(6)) {
            case 0 -> ""; // dropped
            case 1 -> "dup"; // repeated keys keep their first place
            default -> "k" + random.nextInt(20);
        };
        KeyValue.Builder kv = KeyValue.newBuilder().setKey(key);
        if (random.nextInt(8) != 0) kv.setValue(value(depth)); // sometimes no value at all
        return kv.build();
    }

    private AnyValue value(int depth) {
        int kind = random.nextInt(depth > 66 ? 6 : 9);
        return switch (kind) {
            case 0 ->
                AnyValue.newBuilder()
                        .setStringValue("v\u00e9\u4e2d" + random.nextInt(100))
                        .build();
            case 1 -> AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build();
            case 2 -> AnyValue.newBuilder().setIntValue(random.nextLong()).build();
            case 3 ->
                AnyValue.newBuilder().setDoubleValue(random.nextDouble() * 1e6).build();
            case 4 ->
                AnyValue.newBuilder()
                        .setBytesValue(ByteString.copyFrom(new byte[] {1, 2, (byte) 250}))
                        .build();
            case 5 -> AnyValue.getDefaultInstance(); // nothing set
            case 6 -> {
                ArrayValue.Builder a = ArrayValue.newBuilder();
                for (int i = random.nextInt(4); i > 0; i--) a.addValues(value(depth + 1));
                yield AnyValue.newBuilder().setArrayValue(a).build();
            }
            default -> {
                // now and then a chain deep enough to cross the 64-level limit
                if (random.nextInt(20) == 0) yield chain(70);
                KeyValueList.Builder l = KeyValueList.newBuilder();
                for (int i = random.nextInt(4); i > 0; i--) l.addValues(attribute(depth + 1));
                yield AnyValue.newBuilder().setKvlistValue(l).build();
            }
        };
    }

    private static AnyValue chain(int levels) {
        AnyValue v = AnyValue.newBuilder().setIntValue(1).build();
        for (int i = 0; i < levels; i++) {
            v = AnyValue.newBuilder()
                    .setKvlistValue(KeyValueList.newBuilder().addValues(kv("n", v)))
                    .build();
        }
        return v;
    }

    private static KeyValue kv(String key, AnyValue v) {
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    private static KeyValue str(String key, String v) {
        return kv(key, AnyValue.newBuilder().setStringValue(v).build());
    }
}
