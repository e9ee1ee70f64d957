package dev.tj.core.rollup;

import dev.tj.core.span.Usage;
import java.time.Instant;
import java.util.List;

/**
 * What one subagent ({@code sub_agent_id}) of a session used.
 *
 * @param type   the tool that launched it ({@code Agent}, {@code Task}), when its launch is stored
 * @param model  the model of its heaviest call (most input + output tokens)
 * @param flags  right-sizing candidates ({@link Rightsizing}), never a claimed saving
 */
public record SubagentUse(
        String subAgentId,
        String type,
        String model,
        long llmCalls,
        long toolCalls,
        Usage usage,
        double costUsd,
        Instant startedAt,
        Instant endedAt,
        List<String> flags) {
    /** Every token it moved: input, output, cache read and cache write. */
    public long tokens() {
        return usage.total();
    }

    public double durationSeconds() {
        return startedAt == null || endedAt == null
                ? 0.0
                : Math.max(0, endedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }
}
