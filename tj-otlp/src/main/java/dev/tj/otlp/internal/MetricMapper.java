package dev.tj.otlp.internal;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.span.MetricPoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * OTLP metrics → metric points.
 *
 * <ul>
 *   <li>Gauge and Sum (int or double): one point per data point.</li>
 *   <li>Histogram, exponential histogram and summary: two points per data point,
 *       {@code <name>.count} (unit "1") and {@code <name>.sum} (the metric's unit; only when a sum
 *       was sent). Buckets and quantiles are not kept.</li>
 *   <li>A data point flagged NO_RECORDED_VALUE, and a metric with no data, count as ignored.</li>
 *   <li>Rejected: a point without a time or a value, or with attributes nested too deep.</li>
 * </ul>
 * Attributes are resource ∪ point (the point wins); sessionId = session.id, agentId = service.name.
 * pointId = SHA-256-16(name, sorted attributes, timeUnixNano, startTimeUnixNano).
 */
public final class MetricMapper {
    private MetricMapper() {}

    private static final int NO_RECORDED_VALUE = 1;

    public static IngestBatch map(List<Otlp.ResourceMetrics> in) {
        Common.Acc acc = new Common.Acc();
        for (Otlp.ResourceMetrics rm : in) {
            for (Otlp.ScopeMetrics sm : rm.scopes()) {
                for (Otlp.Metric m : sm.metrics()) metric(acc, rm.resource(), m);
            }
        }
        return acc.batch();
    }

    private static void metric(Common.Acc acc, Otlp.Resource res, Otlp.Metric m) {
        if (m.type() == Otlp.MetricType.NONE) {
            acc.ignored++;
            return;
        }
        String name = m.name() == null ? "" : m.name();
        String unit = m.unit() == null || m.unit().isEmpty() ? null : m.unit();
        for (Otlp.Point p : m.points()) {
            String recordId = name + ":" + (p.timeUnixNano() < 0 ? "invalid" : Long.toString(p.timeUnixNano()));
            if ((p.flags() & NO_RECORDED_VALUE) != 0) {
                acc.ignored++;
                continue;
            }
            String why = res.problem() != null ? "resource: " + res.problem() : p.problem();
            if (why == null && name.isEmpty()) why = "missing metric name";
            if (why == null && p.timeUnixNano() == 0) why = "missing timeUnixNano";
            if (why != null) {
                acc.reject(recordId, why);
                continue;
            }
            Map<String, Object> attrs = Common.merge(res.attributes(), p.attributes());
            switch (m.type()) {
                case GAUGE, SUM -> {
                    if (p.value() == null) acc.reject(recordId, "data point has no value");
                    else acc.points.add(point(name, unit, p, p.value(), attrs));
                }
                default -> {
                    if (p.count() == null) {
                        acc.reject(recordId, "data point has no count");
                        continue;
                    }
                    acc.points.add(point(name + ".count", "1", p, p.count(), attrs));
                    if (p.sum() != null) acc.points.add(point(name + ".sum", unit, p, p.sum(), attrs));
                }
            }
        }
    }

    private static MetricPoint point(String name, String unit, Otlp.Point p, double value, Map<String, Object> attrs) {
        Instant time = Times.ofNanos(p.timeUnixNano());
        String id = Ids.sha256_16(c -> c.string(name)
                .sep()
                .attributes(attrs)
                .sep()
                .number(p.timeUnixNano())
                .number(p.startTimeUnixNano()));
        return new MetricPoint(
                id,
                Values.str(attrs, "session.id"),
                Values.str(attrs, Common.SERVICE_NAME),
                name,
                unit,
                time,
                value,
                attrs);
    }
}
