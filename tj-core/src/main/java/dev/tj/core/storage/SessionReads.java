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
    List<Span> spans(String sessionId);

    /** Metric points of one session, by time. */
    List<MetricPoint> metricPoints(String sessionId);

    /** Total stored spans. */
    long spanCount();

    /** Dashboard renames, by session id. */
    Map<String, String> labels();

    /** Read positions of transcript files, keyed by path. */
    Map<String, SourceFile> sourceFiles();
}
