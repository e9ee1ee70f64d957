package dev.tj.core.transcript;

/**
 * One Codex model turn, from a {@code token_count} event whose cumulative totals moved.
 *
 * @param input      input tokens INCLUDING cached ones (OpenAI semantics)
 * @param cached     cached input tokens (a subset of input)
 * @param output     output tokens, reasoning included (reasoning is a subset, never added again)
 * @param reasoning  reasoning tokens, for information only
 * @param lineOffset byte offset of the event's line: a stable identity in an append-only file
 */
public record CodexCall(String sessionId, String model, boolean modelGuessed, long ts, long input, long cached,
                        long output, long reasoning, long lineOffset) {}
