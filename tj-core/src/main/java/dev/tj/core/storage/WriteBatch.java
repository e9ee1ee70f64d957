package dev.tj.core.storage;

import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.util.List;

/** What one writer commit stores: only new spans and points, and the sessions they changed. */
public record WriteBatch(List<Span> spans, List<MetricPoint> points, List<Session> sessions) {
    public boolean isEmpty() { return spans.isEmpty() && points.isEmpty() && sessions.isEmpty(); }
}
