package dev.tj.core.storage;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one storage SPI. Every backend passes the conformance suite in tj-storage-tests.
 *
 * <p>Write methods are called by a single writer ({@link dev.tj.core.ingest.BatchWriter}); read
 * methods may be called from any thread at the same time as writes.
 */
public interface Storage extends AutoCloseable {

    // ---- write side (single writer) ----

    /** Which of these span ids are already stored. */
    Set<String> existingSpanIds(Collection<String> spanIds);

    /**
     * Which of these spans are already stored (by span id). A span id always comes with the same
     * start time — ids are derived from the record, or are a client's and re-sent unchanged — so a
     * backend may search only the stored spans in the time range these cover, keeping the check
     * proportional to recent data rather than to all history.
     */
    default Set<String> existingSpans(Collection<Span> spans) {
        return existingSpanIds(spans.stream().map(Span::spanId).toList());
    }

    /** Which of these metric point ids are already stored. */
    Set<String> existingPointIds(Collection<String> pointIds);

    /** The stored sessions among these ids. */
    Map<String, Session> sessions(Collection<String> sessionIds);

    /** The newest session (by start) that carries this conversation id. */
    Optional<String> sessionIdForConversation(String conversationId);

    /** Active sessions of one terminal (service.instance.id). */
    List<Session> activeSessionsOfInstance(String instanceId);

    /**
     * Stores new spans and points and replaces the given sessions, all in one transaction: after
     * this returns, everything is durable; if it throws, nothing of the batch is stored.
     */
    void commit(WriteBatch batch);

    /**
     * The highest {@link WriteBatch#journalSeq()} committed so far (0 if none): the ingest journal
     * replays only frames after it. Never goes down.
     */
    long journalPosition();

    /**
     * Where the ingest journal that feeds this storage lives (next to a database file), or empty when
     * the storage is not durable itself and a journal would promise more than it keeps.
     */
    default java.util.Optional<java.nio.file.Path> journalDirectory() { return java.util.Optional.empty(); }

    /**
     * Starts a {@link BulkLoad}: many new spans committed in few transactions, written out as they
     * come (a first backfill). Close it when done.
     */
    default BulkLoad bulkLoad() { return BulkLoad.buffered(this); }

    // ---- read side ----

    Optional<Session> session(String sessionId);

    /** Sessions by stored status and/or agent (nulls mean any), newest start first. */
    List<Session> sessions(SessionStatusFilter filter);

    /** Active sessions whose last activity is after the cutoff, most recent activity first. */
    List<Session> liveSessions(Instant cutoff, String agentIdOrNull);

    /**
     * Closed sessions, and active ones whose last activity is at or before the cutoff, most recent
     * activity first, at most {@code limit}.
     */
    List<Session> archivedSessions(Instant cutoff, String agentIdOrNull, int limit);

    /** Every agent id that has a session or a span, sorted. */
    List<String> agentIds();

    /** Sum of span cost per agent for spans that started at or after {@code since}. */
    Map<String, Double> spanCostByAgentSince(Instant since);

    /** Per-agent, per-minute span cost, count and error count for spans started at or after since. */
    List<MinuteBucket> minuteBuckets(Collection<String> agentIds, Instant since);

    /** The latest activity of each agent, over all history. */
    Map<String, Instant> lastSeen(Collection<String> agentIds);

    /** Session counts by plan tier, over all history; agent may be null for all agents. */
    Map<PlanTier, Long> planTierMix(String agentIdOrNull);

    /** Spans of one session, by start time. */
    List<Span> spans(String sessionId);

    /** Metric points of one session, by time. */
    List<MetricPoint> metricPoints(String sessionId);

    /** Total stored spans. */
    long spanCount();

    /** A cost report over stored spans with a model. */
    java.util.List<CostRow> cost(CostQuery query);

    /** Read positions of transcript files, keyed by path. */
    Map<String, SourceFile> sourceFiles();

    /** Dashboard renames. */
    Map<String, String> labels();

    void setLabel(String sessionId, String label, Instant at);

    void clearLabel(String sessionId);

    /** Unacknowledged, unsuppressed alerts of an agent (or all agents), newest first. */
    List<AlertRef> activeAlerts(String agentIdOrNull, int limit);

    /**
     * The writer calls this when nothing has been queued for a moment: the time for upkeep that
     * would otherwise stall a commit, and so an acknowledgement (e.g. folding the write-ahead log
     * into the main file). Must be cheap when there is nothing to do.
     */
    default void idle() {}

    /** Flush everything to the main file so a restart replays nothing. */
    void checkpoint();

    @Override
    void close();
}
