package dev.tj.otlp;

import static dev.tj.otlp.Otlpj.attrs;
import static dev.tj.otlp.Otlpj.kv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.ingest.Rejection;
import dev.tj.core.span.MetricPoint;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricMappingTest {
    private final OtlpDecoder decoder = new OtlpDecoder();

    private IngestBatch decode(String json) {
        return decoder.decodeMetrics(TestSupport.utf8(json), OtlpFormat.JSON);
    }

    static String metrics(String... metrics) {
        return "{\"resourceMetrics\":[{\"resource\":{\"attributes\":" + attrs(kv("service.name", "claude-code"))
                + "},\"scopeMetrics\":[{\"scope\":{\"name\":\"com.anthropic.claude_code\"},\"metrics\":["
                + String.join(",", metrics) + "]}]}]}";
    }

    static final String T = "1795165260000000000";
    static final String START = "1795165200000000000";

    static String point(String value, String time, String... kvs) {
        return "{\"attributes\":" + attrs(kvs) + ",\"startTimeUnixNano\":\"" + START + "\",\"timeUnixNano\":\"" + time
                + "\"," + value + "}";
    }

    static final String COST =
            "{\"name\":\"claude_code.cost.usage\",\"unit\":\"USD\",\"sum\":{\"aggregationTemporality\":1,"
                    + "\"isMonotonic\":true,\"dataPoints\":["
                    + point("\"asDouble\":0.25", T, kv("session.id", "s1"), kv("model", "claude-opus-4")) + "]}}";
    static final String TOKENS = "{\"name\":\"claude_code.token.usage\",\"unit\":\"tokens\",\"sum\":{\"dataPoints\":["
            + point("\"asInt\":\"1200\"", T, kv("session.id", "s1"), kv("type", "input")) + ","
            + point("\"asInt\":300", T, kv("session.id", "s1"), kv("type", "output")) + "]}}";
    static final String GAUGE =
            "{\"name\":\"queue.depth\",\"gauge\":{\"dataPoints\":[" + point("\"asInt\":\"7\"", T) + "]}}";
    static final String HIST = "{\"name\":\"latency\",\"unit\":\"ms\",\"histogram\":{\"dataPoints\":["
            + "{\"startTimeUnixNano\":\"" + START + "\",\"timeUnixNano\":\"" + T + "\",\"count\":\"4\",\"sum\":100.5,"
            + "\"bucketCounts\":[\"1\",\"3\"],\"explicitBounds\":[10]}]}}";

    @Test
    void sumGaugeAndHistogramBecomePoints() throws Exception {
        IngestBatch b = decode(metrics(COST, TOKENS, GAUGE, HIST));
        assertThat(b.rejections()).isEmpty();
        assertThat(b.spans()).isEmpty();
        assertThat(b.points())
                .extracting(MetricPoint::name)
                .containsExactly(
                        "claude_code.cost.usage",
                        "claude_code.token.usage",
                        "claude_code.token.usage",
                        "queue.depth",
                        "latency.count",
                        "latency.sum");
        assertThat(b.points()).extracting(MetricPoint::value).containsExactly(0.25, 1200.0, 300.0, 7.0, 4.0, 100.5);
        MetricPoint cost = b.points().get(0);
        assertThat(cost.sessionId()).isEqualTo("s1");
        assertThat(cost.agentId()).isEqualTo("claude-code");
        assertThat(cost.unit()).isEqualTo("USD");
        assertThat(cost.time()).isEqualTo(Instant.parse("2026-11-20T09:01:00Z"));
        assertThat(cost.attributes())
                .containsEntry("model", "claude-opus-4")
                .containsEntry("service.name", "claude-code");
        assertThat(b.points().get(3).sessionId()).isNull();
        assertThat(b.points().get(4).unit()).isEqualTo("1");
        assertThat(b.points().get(5).unit()).isEqualTo("ms");
        assertThat(b.points())
                .extracting(MetricPoint::pointId)
                .doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[0-9a-f]{16}"));

        var proto = TestSupport.metricsProto(TestSupport.JSON.readTree(metrics(COST, TOKENS, GAUGE, HIST)));
        assertThat(decoder.decodeMetrics(proto.toByteArray(), OtlpFormat.PROTOBUF))
                .isEqualTo(b);
        assertThat(decoder.metrics(proto)).isEqualTo(b);
    }

    @Test
    void pointIdsAreDeterministic() {
        String a = decode(metrics(COST)).points().get(0).pointId();
        assertThat(decode(metrics(COST)).points().get(0).pointId()).isEqualTo(a);
        String reordered = "{\"name\":\"claude_code.cost.usage\",\"unit\":\"USD\",\"sum\":{\"dataPoints\":["
                + point("\"asDouble\":0.25", T, kv("model", "claude-opus-4"), kv("session.id", "s1")) + "]}}";
        assertThat(decode(metrics(reordered)).points().get(0).pointId()).isEqualTo(a);
        String later = "{\"name\":\"claude_code.cost.usage\",\"unit\":\"USD\",\"sum\":{\"dataPoints\":["
                + point(
                        "\"asDouble\":0.25",
                        "1795165320000000000",
                        kv("session.id", "s1"),
                        kv("model", "claude-opus-4"))
                + "]}}";
        assertThat(decode(metrics(later)).points().get(0).pointId()).isNotEqualTo(a);
    }

    @Test
    void pointsWithoutTimeOrValueAreRejectedAndEmptyOnesIgnored() {
        String noTime = "{\"name\":\"m1\",\"gauge\":{\"dataPoints\":[{\"asDouble\":1.0}]}}";
        String noValue = "{\"name\":\"m2\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"" + T + "\"}]}}";
        String noRecorded =
                "{\"name\":\"m3\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\"" + T + "\",\"flags\":1}]}}";
        String noData = "{\"name\":\"m4\"}";
        IngestBatch b = decode(metrics(noTime, noValue, noRecorded, noData));
        assertThat(b.points()).isEmpty();
        assertThat(b.ignored()).isEqualTo(2);
        assertThat(b.rejections())
                .containsExactly(
                        new Rejection("m1:0", "missing timeUnixNano"),
                        new Rejection("m2:" + T, "data point has no value"));
    }
}
