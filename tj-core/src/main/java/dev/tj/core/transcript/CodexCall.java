package dev.tj.core.transcript;

/**
 * One Codex model turn, from a {@code token_count} event whose cumulative totals moved, as the
 * rollout reports it (OpenAI semantics; {@link dev.tj.core.agent.Codex#usage} makes tj's usage of it).
 *
 * @param input      input tokens INCLUDING cached and cache-written ones
 * @param cached     cached input tokens (a subset of input)
 * @param cacheWrite input tokens written to cache (a subset of input)
 * @param output     output tokens, reasoning included (reasoning is a subset, never added again)
 * @param reasoning  reasoning tokens, for information only
 * @param lineOffset byte offset of the event's line: a stable identity in an append-only file
 */
public record CodexCall(
        String sessionId,
        String model,
        boolean modelGuessed,
        long ts,
        long input,
        long cached,
        long cacheWrite,
        long output,
        long reasoning,
        long lineOffset) {}
