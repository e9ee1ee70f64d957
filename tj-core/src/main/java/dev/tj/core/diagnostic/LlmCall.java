package dev.tj.core.diagnostic;

import dev.tj.core.span.Usage;
import java.time.Instant;

/**
 * One LLM call as the diagnostics see it, in tj's token convention ({@link Usage}): {@code input} is
 * uncached input only, {@code cacheRead} the context re-read from cache, cache writes apart.
 *
 * @param subAgentId the Claude Code subagent that made the call, null for the main thread
 * @param agentId    the agent ({@code claude-code}, {@code codex}, an SDK agent's id)
 * @param costUsd    our price (0 when unpriced)
 */
public record LlmCall(
        String sessionId,
        String subAgentId,
        String agentId,
        String provider,
        String model,
        Instant time,
        Usage usage,
        double costUsd) {
    public LlmCall {
        usage = usage == null ? Usage.ZERO : usage;
    }
}
