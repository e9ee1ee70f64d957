package dev.tj.core.storage;

import dev.tj.core.session.PlanTier;
import java.time.Instant;
import java.util.Set;

/**
 * One run in the run list: the sum over the sessions that carry its {@code run_id}.
 *
 * @param lastActivity the latest last activity (or start) of its sessions
 * @param planTiers    the distinct plan tiers of its sessions
 */
public record RunTotals(
        String runId,
        long sessionCount,
        double costUsd,
        long inputTokens,
        long outputTokens,
        Instant startedAt,
        Instant lastActivity,
        Set<PlanTier> planTiers) {}
