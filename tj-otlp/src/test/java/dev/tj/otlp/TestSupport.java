package dev.tj.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.tj.testkit.Fixtures;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Fixture loading and an independent OTLP/JSON → protobuf converter (Jackson tree + generated proto
 * builders) so that the protobuf path can be checked against the same inputs as the JSON path.
 */
final class TestSupport {
    private TestSupport() {}

    static final ObjectMapper JSON = new ObjectMapper();

    /** The project's OTLP fixture otlp/&lt;name&gt; ({@link Fixtures}). */
    static JsonNode readFixture(String name) {
        try {
            return JSON.readTree(Fixtures.bytes("otlp/" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ JSON → proto

    static ExportLogsServiceRequest logsProto(JsonNode root) {
        ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
        for (JsonNode rl : root.path("resourceLogs")) {
            ResourceLogs.Builder b = ResourceLogs.newBuilder().setResource(resource(rl.path("resource")));
            for (JsonNode sl : rl.path("scopeLogs")) {
                ScopeLogs.Builder sb = ScopeLogs.newBuilder().setScope(scope(sl.path("scope")));
                for (JsonNode r : sl.path("logRecords")) {
                    LogRecord.Builder lr = LogRecord.newBuilder()
                            .setTimeUnixNano(
                                    Long.parseLong(r.path("timeUnixNano").asText("0")))
                            .setObservedTimeUnixNano(Long.parseLong(
                                    r.path("observedTimeUnixNano").asText("0")))
                            .addAllAttributes(keyValues(r.path("attributes")));
                    if (r.has("body")) lr.setBody(anyValue(r.get("body")));
                    if (r.has("eventName")) lr.setEventName(r.get("eventName").asText());
                    sb.addLogRecords(lr);
                }
                b.addScopeLogs(sb);
            }
            req.addResourceLogs(b);
        }
        return req.build();
    }

    static ExportTraceServiceRequest tracesProto(JsonNode root) {
        ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
        for (JsonNode rs : root.path("resourceSpans")) {
            ResourceSpans.Builder b = ResourceSpans.newBuilder().setResource(resource(rs.path("resource")));
            for (JsonNode ss : rs.path("scopeSpans")) {
                ScopeSpans.Builder sb = ScopeSpans.newBuilder().setScope(scope(ss.path("scope")));
                for (JsonNode s : ss.path("spans")) {
                    Span.Builder sp = Span.newBuilder()
                            .setTraceId(id(s.path("traceId").asText()))
                            .setSpanId(id(s.path("spanId").asText()))
                            .setParentSpanId(id(s.path("parentSpanId").asText("")))
                            .setName(s.path("name").asText())
                            .setKindValue(s.path("kind").asInt())
                            .setStartTimeUnixNano(
                                    Long.parseLong(s.path("startTimeUnixNano").asText("0")))
                            .setEndTimeUnixNano(
                                    Long.parseLong(s.path("endTimeUnixNano").asText("0")))
                            .addAllAttributes(keyValues(s.path("attributes")));
                    if (s.has("status")) {
                        sp.setStatus(Status.newBuilder()
                                .setCodeValue(s.path("status").path("code").asInt())
                                .setMessage(s.path("status").path("message").asText("")));
                    }
                    for (JsonNode e : s.path("events")) {
                        sp.addEvents(Span.Event.newBuilder()
                                .setName(e.path("name").asText(""))
                                .setTimeUnixNano(
                                        Long.parseLong(e.path("timeUnixNano").asText("0")))
                                .addAllAttributes(keyValues(e.path("attributes"))));
                    }
                    sb.addSpans(sp);
                }
                b.addScopeSpans(sb);
            }
            req.addResourceSpans(b);
        }
        return req.build();
    }

    static ExportMetricsServiceRequest metricsProto(JsonNode root) {
        ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
        for (JsonNode rm : root.path("resourceMetrics")) {
            ResourceMetrics.Builder b = ResourceMetrics.newBuilder().setResource(resource(rm.path("resource")));
            for (JsonNode sm : rm.path("scopeMetrics")) {
                ScopeMetrics.Builder sb = ScopeMetrics.newBuilder().setScope(scope(sm.path("scope")));
                for (JsonNode m : sm.path("metrics")) {
                    Metric.Builder mb = Metric.newBuilder()
                            .setName(m.path("name").asText())
                            .setUnit(m.path("unit").asText(""));
                    if (m.has("sum")) {
                        Sum.Builder s = Sum.newBuilder();
                        for (JsonNode p : m.path("sum").path("dataPoints")) s.addDataPoints(numberPoint(p));
                        mb.setSum(s);
                    } else if (m.has("gauge")) {
                        Gauge.Builder g = Gauge.newBuilder();
                        for (JsonNode p : m.path("gauge").path("dataPoints")) g.addDataPoints(numberPoint(p));
                        mb.setGauge(g);
                    } else if (m.has("histogram")) {
                        Histogram.Builder h = Histogram.newBuilder();
                        for (JsonNode p : m.path("histogram").path("dataPoints")) {
                            HistogramDataPoint.Builder hp = HistogramDataPoint.newBuilder()
                                    .addAllAttributes(keyValues(p.path("attributes")))
                                    .setStartTimeUnixNano(Long.parseLong(
                                            p.path("startTimeUnixNano").asText("0")))
                                    .setTimeUnixNano(Long.parseLong(
                                            p.path("timeUnixNano").asText("0")))
                                    .setCount(Long.parseLong(p.path("count").asText("0")));
                            if (p.has("sum")) hp.setSum(p.path("sum").asDouble());
                            h.addDataPoints(hp);
                        }
                        mb.setHistogram(h);
                    }
                    sb.addMetrics(mb);
                }
                b.addScopeMetrics(sb);
            }
            req.addResourceMetrics(b);
        }
        return req.build();
    }

    private static NumberDataPoint numberPoint(JsonNode p) {
        NumberDataPoint.Builder b = NumberDataPoint.newBuilder()
                .addAllAttributes(keyValues(p.path("attributes")))
                .setStartTimeUnixNano(Long.parseLong(p.path("startTimeUnixNano").asText("0")))
                .setTimeUnixNano(Long.parseLong(p.path("timeUnixNano").asText("0")));
        if (p.has("asInt")) b.setAsInt(Long.parseLong(p.path("asInt").asText()));
        if (p.has("asDouble")) b.setAsDouble(p.path("asDouble").asDouble());
        return b.build();
    }

    private static ByteString id(String hex) {
        return hex.isEmpty()
                ? ByteString.EMPTY
                : ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static Resource resource(JsonNode r) {
        return Resource.newBuilder()
                .addAllAttributes(keyValues(r.path("attributes")))
                .build();
    }

    private static InstrumentationScope scope(JsonNode s) {
        InstrumentationScope.Builder b = InstrumentationScope.newBuilder();
        if (s.has("name")) b.setName(s.get("name").asText());
        if (s.has("version")) b.setVersion(s.get("version").asText());
        return b.build();
    }

    static List<KeyValue> keyValues(JsonNode arr) {
        List<KeyValue> out = new ArrayList<>();
        for (JsonNode kv : arr)
            out.add(KeyValue.newBuilder()
                    .setKey(kv.path("key").asText())
                    .setValue(anyValue(kv.path("value")))
                    .build());
        return out;
    }

    static AnyValue anyValue(JsonNode v) {
        AnyValue.Builder b = AnyValue.newBuilder();
        if (v.has("stringValue")) b.setStringValue(v.get("stringValue").asText());
        else if (v.has("intValue"))
            b.setIntValue(Long.parseLong(v.get("intValue").asText()));
        else if (v.has("doubleValue")) b.setDoubleValue(v.get("doubleValue").asDouble());
        else if (v.has("boolValue")) b.setBoolValue(v.get("boolValue").asBoolean());
        else if (v.has("arrayValue")) {
            ArrayValue.Builder a = ArrayValue.newBuilder();
            for (JsonNode e : v.get("arrayValue").path("values")) a.addValues(anyValue(e));
            b.setArrayValue(a);
        } else if (v.has("kvlistValue")) {
            b.setKvlistValue(KeyValueList.newBuilder()
                    .addAllValues(keyValues(v.get("kvlistValue").path("values"))));
        }
        return b.build();
    }
}
