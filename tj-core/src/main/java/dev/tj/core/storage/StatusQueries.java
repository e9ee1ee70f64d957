package dev.tj.core.storage;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The read models of the status view (dashboard, {@code tj status}). Any thread, at any time. */
public interface StatusQueries {
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
}
