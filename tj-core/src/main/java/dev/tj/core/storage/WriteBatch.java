package dev.tj.core.storage;

import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.util.List;

/**
 * What one writer commit stores: only new spans and points, the sessions they changed, the read
 * positions of the transcript files they came from, and the last ingest-journal frame the batch
 * applies (0 when it applies none), so that data and each position commit together.
 */
public record WriteBatch(
        List<Span> spans,
        List<MetricPoint> points,
        List<Session> sessions,
        List<SourceFile> sourceFiles,
        long journalSeq) {
    public WriteBatch(List<Span> spans, List<MetricPoint> points, List<Session> sessions) {
        this(spans, points, sessions, List.of(), 0);
    }

    public WriteBatch(
            List<Span> spans, List<MetricPoint> points, List<Session> sessions, List<SourceFile> sourceFiles) {
        this(spans, points, sessions, sourceFiles, 0);
    }

    public boolean isEmpty() {
        return spans.isEmpty() && points.isEmpty() && sessions.isEmpty() && sourceFiles.isEmpty() && journalSeq == 0;
    }
}
