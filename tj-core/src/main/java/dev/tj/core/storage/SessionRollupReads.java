package dev.tj.core.storage;

import dev.tj.core.session.Session;
import java.util.List;

/** What the drill-in rollup of one session reads. Any thread, at any time; committed data only. */
public interface SessionRollupReads {
    /** The facts of every stored span of the session, by start time then span id (empty if none). */
    List<SpanFacts> spanFacts(String sessionId);

    /**
     * Sessions whose {@code parent_session_id} is this session (never the session itself), newest
     * activity first.
     */
    List<Session> children(String sessionId);
}
