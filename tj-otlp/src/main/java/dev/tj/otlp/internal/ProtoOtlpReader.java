package dev.tj.otlp.internal;

import com.google.protobuf.ByteString;
import dev.tj.core.agent.SpanIds;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsed OTLP protobuf messages into {@link Otlp}; ids become lower-case hex. */
public final class ProtoOtlpReader {
    private ProtoOtlpReader() {}

    /** Mutable per-record problem holder (the first problem wins); the wire reader uses it too. */
    static final class Problem {
        String why;

        void tooDeep() {
            if (why == null) why = "attribute value nests deeper than " + JsonOtlpReader.MAX_DEPTH + " levels";
        }
    }

    public static List<Otlp.ResourceLogs> logs(ExportLogsServiceRequest r) {
        List<Otlp.ResourceLogs> out = new ArrayList<>(r.getResourceLogsCount());
        for (ResourceLogs rl : r.getResourceLogsList()) {
            List<Otlp.ScopeLogs> scopes = new ArrayList<>(rl.getScopeLogsCount());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                List<Otlp.LogRecord> records = new ArrayList<>(sl.getLogRecordsCount());
                for (LogRecord lr : sl.getLogRecordsList()) {
                    Problem pr = new Problem();
                    Map<String, Object> attrs = attributes(lr.getAttributesList(), pr);
                    String body = lr.hasBody() && lr.getBody().hasStringValue()
                            ? lr.getBody().getStringValue()
                            : null;
                    long time = lr.getTimeUnixNano();
                    if (time < 0)
                        pr.why = pr.why != null ? pr.why : "invalid timeUnixNano " + Long.toUnsignedString(time);
                    long observed = Math.max(0, lr.getObservedTimeUnixNano()); // unsigned overflow: unusable, so absent
                    records.add(
                            new Otlp.LogRecord(time, observed, body, emptyToNull(lr.getEventName()), attrs, pr.why));
                }
                scopes.add(new Otlp.ScopeLogs(
                        sl.hasScope() ? emptyToNull(sl.getScope().getName()) : null, records));
            }
            out.add(new Otlp.ResourceLogs(resource(rl.hasResource() ? rl.getResource() : null), scopes));
        }
        return out;
    }

    public static List<Otlp.ResourceSpans> traces(ExportTraceServiceRequest r) {
        List<Otlp.ResourceSpans> out = new ArrayList<>(r.getResourceSpansCount());
        for (ResourceSpans rs : r.getResourceSpansList()) {
            List<Otlp.ScopeSpans> scopes = new ArrayList<>(rs.getScopeSpansCount());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                List<Otlp.Span> spans = new ArrayList<>(ss.getSpansCount());
                for (Span s : ss.getSpansList()) spans.add(span(s));
                scopes.add(new Otlp.ScopeSpans(
                        ss.hasScope() ? emptyToNull(ss.getScope().getName()) : null, spans));
            }
            out.add(new Otlp.ResourceSpans(resource(rs.hasResource() ? rs.getResource() : null), scopes));
        }
        return out;
    }

    private static Otlp.Span span(Span s) {
        Problem pr = new Problem();
        Map<String, Object> attrs = attributes(s.getAttributesList(), pr);
        List<Otlp.Event> events = new ArrayList<>(s.getEventsCount());
        for (Span.Event e : s.getEventsList()) {
            events.add(new Otlp.Event(
                    emptyToNull(e.getName()), e.getTimeUnixNano(), attributes(e.getAttributesList(), pr)));
        }
        long start = s.getStartTimeUnixNano(), end = s.getEndTimeUnixNano();
        if (start < 0 && pr.why == null) pr.why = "invalid startTimeUnixNano " + Long.toUnsignedString(start);
        if (end < 0 && pr.why == null) pr.why = "invalid endTimeUnixNano " + Long.toUnsignedString(end);
        return new Otlp.Span(
                id(s.getTraceId()),
                id(s.getSpanId()),
                id(s.getParentSpanId()),
                emptyToNull(s.getName()),
                s.getKindValue(),
                start,
                end,
                attrs,
                events,
                s.hasStatus() ? s.getStatus().getCodeValue() : 0,
                s.hasStatus() ? emptyToNull(s.getStatus().getMessage()) : null,
                pr.why);
    }

    public static List<Otlp.ResourceMetrics> metrics(ExportMetricsServiceRequest r) {
        List<Otlp.ResourceMetrics> out = new ArrayList<>(r.getResourceMetricsCount());
        for (ResourceMetrics rm : r.getResourceMetricsList()) {
            List<Otlp.ScopeMetrics> scopes = new ArrayList<>(rm.getScopeMetricsCount());
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                List<Otlp.Metric> metrics = new ArrayList<>(sm.getMetricsCount());
                for (Metric m : sm.getMetricsList()) metrics.add(metric(m));
                scopes.add(new Otlp.ScopeMetrics(
                        sm.hasScope() ? emptyToNull(sm.getScope().getName()) : null, metrics));
            }
            out.add(new Otlp.ResourceMetrics(resource(rm.hasResource() ? rm.getResource() : null), scopes));
        }
        return out;
    }

    private static Otlp.Metric metric(Metric m) {
        Otlp.MetricType type;
        List<Otlp.Point> points = new ArrayList<>();
        switch (m.getDataCase()) {
            case GAUGE -> {
                type = Otlp.MetricType.GAUGE;
                for (NumberDataPoint p : m.getGauge().getDataPointsList()) points.add(number(p));
            }
            case SUM -> {
                type = Otlp.MetricType.SUM;
                for (NumberDataPoint p : m.getSum().getDataPointsList()) points.add(number(p));
            }
            case HISTOGRAM -> {
                type = Otlp.MetricType.HISTOGRAM;
                for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                    points.add(counted(
                            p.getAttributesList(),
                            p.getStartTimeUnixNano(),
                            p.getTimeUnixNano(),
                            p.getCount(),
                            p.hasSum() ? p.getSum() : null,
                            p.getFlags()));
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                type = Otlp.MetricType.EXPONENTIAL_HISTOGRAM;
                for (ExponentialHistogramDataPoint p :
                        m.getExponentialHistogram().getDataPointsList()) {
                    points.add(counted(
                            p.getAttributesList(),
                            p.getStartTimeUnixNano(),
                            p.getTimeUnixNano(),
                            p.getCount(),
                            p.hasSum() ? p.getSum() : null,
                            p.getFlags()));
                }
            }
            case SUMMARY -> {
                type = Otlp.MetricType.SUMMARY;
                for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                    points.add(counted(
                            p.getAttributesList(),
                            p.getStartTimeUnixNano(),
                            p.getTimeUnixNano(),
                            p.getCount(),
                            p.getSum(),
                            p.getFlags()));
                }
            }
            default -> type = Otlp.MetricType.NONE;
        }
        return new Otlp.Metric(emptyToNull(m.getName()), emptyToNull(m.getUnit()), type, points);
    }

    private static Otlp.Point number(NumberDataPoint p) {
        Problem pr = new Problem();
        Map<String, Object> attrs = attributes(p.getAttributesList(), pr);
        Double value = switch (p.getValueCase()) {
            case AS_DOUBLE -> p.getAsDouble();
            case AS_INT -> (double) p.getAsInt();
            default -> null;
        };
        return new Otlp.Point(
                attrs,
                p.getStartTimeUnixNano(),
                p.getTimeUnixNano(),
                value,
                null,
                null,
                p.getFlags(),
                timeProblem(pr, p.getTimeUnixNano()));
    }

    private static Otlp.Point counted(List<KeyValue> kvs, long start, long time, long count, Double sum, int flags) {
        Problem pr = new Problem();
        Map<String, Object> attrs = attributes(kvs, pr);
        return new Otlp.Point(attrs, start, time, null, count < 0 ? null : count, sum, flags, timeProblem(pr, time));
    }

    private static String timeProblem(Problem pr, long time) {
        if (pr.why == null && time < 0) pr.why = "invalid timeUnixNano " + Long.toUnsignedString(time);
        return pr.why;
    }

    private static Otlp.Resource resource(Resource r) {
        if (r == null || r.getAttributesCount() == 0) return Otlp.Resource.EMPTY;
        Problem pr = new Problem();
        Map<String, Object> attrs = attributes(r.getAttributesList(), pr);
        return new Otlp.Resource(attrs, pr.why);
    }

    private static Map<String, Object> attributes(List<KeyValue> kvs, Problem pr) {
        if (kvs.isEmpty()) return Map.of();
        Map<String, Object> m = new LinkedHashMap<>(Math.max(16, kvs.size() * 4 / 3 + 1));
        putAll(kvs, m, 1, pr);
        return m;
    }

    private static void putAll(List<KeyValue> kvs, Map<String, Object> into, int depth, Problem pr) {
        for (KeyValue kv : kvs) {
            String key = kv.getKey();
            if (key.isEmpty() || !kv.hasValue()) continue;
            Object v = value(kv.getValue(), depth, pr);
            if (v != null) into.put(key, v);
        }
    }

    /** AnyValue → String/Long/Double/Boolean/List/Map; bytes → base64 text (as OTLP/JSON sends them). */
    private static Object value(AnyValue v, int depth, Problem pr) {
        if (depth > JsonOtlpReader.MAX_DEPTH) {
            pr.tooDeep();
            return null;
        }
        switch (v.getValueCase()) {
            case STRING_VALUE:
                return v.getStringValue();
            case BOOL_VALUE:
                return v.getBoolValue();
            case INT_VALUE:
                return v.getIntValue();
            case DOUBLE_VALUE:
                return v.getDoubleValue();
            case BYTES_VALUE:
                return Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE: {
                List<AnyValue> vs = v.getArrayValue().getValuesList();
                List<Object> out = new ArrayList<>(vs.size());
                for (AnyValue e : vs) out.add(value(e, depth + 1, pr));
                return out;
            }
            case KVLIST_VALUE: {
                Map<String, Object> out = new LinkedHashMap<>();
                putAll(v.getKvlistValue().getValuesList(), out, depth + 1, pr);
                return out;
            }
            default:
                return null;
        }
    }

    /** Hex of an id's bytes; null when empty. Length is validated by the mapper. */
    private static String id(ByteString b) {
        return b.isEmpty() ? null : SpanIds.hex(b.toByteArray(), b.size());
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
