package dev.tj.core.storage;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A cost report over stored LLM-call spans (spans with a model).
 *
 * @param since   inclusive lower bound on span start, or null for all history
 * @param until   exclusive upper bound, or null for now
 * @param agentId null for all agents
 * @param zone    the zone whose calendar days/weeks/months group rows (UTC by default)
 * @param machine null for all machines
 * @param user    null for all users
 */
public record CostQuery(
        Instant since, Instant until, CostGroup groupBy, String agentId, ZoneId zone, String machine, String user) {
    public CostQuery(Instant since, Instant until, CostGroup groupBy, String agentId, ZoneId zone) {
        this(since, until, groupBy, agentId, zone, null, null);
    }
}
