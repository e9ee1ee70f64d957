package dev.tj.core.storage;

import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.util.List;

/**
 * What one writer commit stores: only new spans and points, the sessions they changed, and the read
 * positions of the transcript files they came from (so position and data commit together).
 */
public record WriteBatch(List<Span> spans, List<MetricPoint> points, List<Session> sessions,
                         List<SourceFile> sourceFiles) {
    public WriteBatch(List<Span> spans, List<MetricPoint> points, List<Session> sessions) {
        this(spans, points, sessions, List.of());
    }

    public boolean isEmpty() {
        return spans.isEmpty() && points.isEmpty() && sessions.isEmpty() && sourceFiles.isEmpty();
    }
}
