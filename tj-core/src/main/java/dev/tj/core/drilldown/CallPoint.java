package dev.tj.core.drilldown;

import dev.tj.core.span.Usage;
import dev.tj.core.storage.SpanFacts;
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
        String subAgentId) {

    /** The span as a point of the map, or null when it is neither an LLM call nor a tool call. */
    public static CallPoint of(SpanFacts f) {
        if (!f.isLlmCall() && f.toolName() == null) return null;
        Usage u = f.usage();
        return new CallPoint(
                f.startTime(),
                f.endTime(),
                f.isLlmCall(),
                u.input() + u.cacheRead() + u.cacheWrite(),
                u.output(),
                f.costUsd() == null ? 0 : f.costUsd(),
                f.model(),
                f.subAgentId());
    }
}
