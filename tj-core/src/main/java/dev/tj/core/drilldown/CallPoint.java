package dev.tj.core.drilldown;

import java.time.Instant;

/**
 * One stored span of the session as the map needs it: an LLM call (its context, output and cost)
 * or a tool call; {@code subAgentId} when a subagent made it.
 */
public record CallPoint(
        Instant start,
        Instant end,
        boolean llm,
        long contextTokens,
        long outputTokens,
        double costUsd,
        String model,
        String subAgentId) {}
