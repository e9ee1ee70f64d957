package dev.tj.core.storage;

import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sessions and what they hold, for the session list and drill-in. Any thread, at any time. */
public interface SessionReads {
    Optional<Session> session(String sessionId);

    /** The stored sessions among these ids. */
    Map<String, Session> sessionsById(Collection<String> sessionIds);

    /** Sessions by stored status and/or agent (nulls mean any), newest start first. */
    List<Session> sessions(SessionStatusFilter filter);

    /** Spans of one session, by start time. */
    default List<Span> spans(String sessionId) {
        return spans(sessionId, Integer.MAX_VALUE);
    }

    /**
     * The newest {@code newest} spans of one session (the last ones by start time, then span id),
     * by start time: a detail page shows the end of a long session without reading all of it.
     */
    List<Span> spans(String sessionId, int newest);

    /** Metric points of one session, by time. */
    default List<MetricPoint> metricPoints(String sessionId) {
        return metricPoints(sessionId, Integer.MAX_VALUE);
    }

    /** The newest {@code newest} metric points of one session (by time, then point id), by time. */
    List<MetricPoint> metricPoints(String sessionId, int newest);

    /** Total stored spans. */
    long spanCount();

    /** Dashboard renames, by session id. */
    Map<String, String> labels();

    /** Read positions of transcript files, keyed by path. */
    Map<String, SourceFile> sourceFiles();
}
