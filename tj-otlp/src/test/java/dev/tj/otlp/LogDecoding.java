package dev.tj.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.span.Span;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** OTLP/JSON logs decoded as the receiver decodes them, for the log mapping tests. */
final class LogDecoding {
    private LogDecoding() {}

    static final OtlpDecoder DECODER = new OtlpDecoder();

    static IngestBatch decode(String json) {
        return DECODER.decodeLogs(TestSupport.utf8(json), OtlpFormat.JSON);
    }

    /** The one span {@code json} maps to, with nothing rejected. */
    static Span only(String json) {
        IngestBatch b = decode(json);
        assertThat(b.rejections()).isEmpty();
        assertThat(b.spans()).hasSize(1);
        return b.spans().get(0);
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static KeyValue str(String k, String v) {
        return KeyValue.newBuilder()
                .setKey(k)
                .setValue(AnyValue.newBuilder().setStringValue(v))
                .build();
    }
}
