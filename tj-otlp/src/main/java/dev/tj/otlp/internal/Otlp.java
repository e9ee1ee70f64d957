package dev.tj.otlp.internal;

import java.util.List;
import java.util.Map;

/**
 * The decoded-but-not-yet-mapped form shared by the OTLP/JSON and protobuf readers, so that both
 * wire formats go through one mapping. Times are raw unix nanos: 0 = absent, -1 = unparseable
 * (then {@code problem} says why). Ids are raw strings: hex of the bytes for protobuf, the text as
 * sent for JSON; the mappers validate them. {@code problem} is non-null when the record cannot be
 * used (e.g. attributes nested too deep); the mappers turn it into a rejection.
 */
public final class Otlp {
    private Otlp() {}

    public record Resource(Map<String, Object> attributes, String problem) {
        public static final Resource EMPTY = new Resource(Map.of(), null);
    }

    // ---- logs

    /**
     * @param observedTimeUnixNano when the exporter saw the record; 0 when absent or unusable (it is
     *                             only a fallback for the event time, never a reason to reject)
     * @param body                 the body when it is a string AnyValue, else null
     */
    public record LogRecord(
            long timeUnixNano,
            long observedTimeUnixNano,
            String body,
            String eventName,
            Map<String, Object> attributes,
            String problem) {}

    public record ScopeLogs(String scopeName, List<LogRecord> records) {}

    public record ResourceLogs(Resource resource, List<ScopeLogs> scopes) {}

    // ---- traces

    public record Event(String name, long timeUnixNano, Map<String, Object> attributes) {}

    public record Span(
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            int kind,
            long startTimeUnixNano,
            long endTimeUnixNano,
            Map<String, Object> attributes,
            List<Event> events,
            int statusCode,
            String statusMessage,
            String problem) {}

    public record ScopeSpans(String scopeName, List<Span> spans) {}

    public record ResourceSpans(Resource resource, List<ScopeSpans> scopes) {}

    // ---- metrics

    public enum MetricType {
        GAUGE,
        SUM,
        HISTOGRAM,
        EXPONENTIAL_HISTOGRAM,
        SUMMARY,
        NONE
    }

    /**
     * One data point. Gauge/Sum points carry {@code value}; histogram and summary points carry
     * {@code count} and optionally {@code sum}.
     */
    public record Point(
            Map<String, Object> attributes,
            long startTimeUnixNano,
            long timeUnixNano,
            Double value,
            Long count,
            Double sum,
            int flags,
            String problem) {}

    public record Metric(String name, String unit, MetricType type, List<Point> points) {}

    public record ScopeMetrics(String scopeName, List<Metric> metrics) {}

    public record ResourceMetrics(Resource resource, List<ScopeMetrics> scopes) {}
}
