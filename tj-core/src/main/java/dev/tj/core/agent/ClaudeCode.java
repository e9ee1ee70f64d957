package dev.tj.core.agent;

import dev.tj.core.span.Providers;
import dev.tj.core.span.Usage;

/**
 * Claude Code as tj knows it, for both of its wire shapes: OTLP log events
 * ({@code claude_code.api_request} ...) and transcript lines ({@code ~/.claude/projects}).
 * Its usage is already in tj's token convention (docs/tokens.md): input excludes cache reads and
 * writes.
 */
public final class ClaudeCode {
    private ClaudeCode() {}

    /** Claude Code's own {@code service.name}, so live and backfilled sessions carry one agent id. */
    public static final String AGENT_ID = "claude-code";
    /** The OTLP attribute naming the session (the transcript's {@code sessionId}). */
    public static final String SESSION_KEY = "session.id";
    /** The OTLP attribute naming the subagent an event belongs to (its transcript's {@code agentId}). */
    public static final String SUBAGENT_KEY = "agent_id";

    public static final String PROVIDER = "anthropic";
    /** Prefix of its OTLP event names. */
    public static final String EVENT_PREFIX = "claude_code.";
    /** The request/usage value that marks a fast-mode call (OTLP {@code speed}, transcript {@code usage.speed}). */
    public static final String FAST = "fast";

    public static String traceId(String sessionId) {
        return SpanIds.trace(sessionId);
    }

    /** Transcript rule: claude*, gpt/o3/o4, gemini by name; anything else Claude Code ran is Anthropic's. */
    public static String provider(String model) {
        String p = Providers.forModel(model);
        return p == null ? PROVIDER : p;
    }

    /**
     * One API response's usage, from either wire shape.
     *
     * @param cacheCreation the total cache write, null when not reported
     * @param write5m       the 5-minute part when the TTL split is reported, else null
     * @param write1h       the 1-hour part when the TTL split is reported, else null
     */
    public static Usage usage(long input, long output, long cacheRead, Long cacheCreation, Long write5m, Long write1h) {
        long total;
        long h;
        if (write5m == null && write1h == null) {
            // no TTL split: every write is a 5-minute write
            total = cacheCreation == null ? 0 : Math.max(0, cacheCreation);
            h = 0;
        } else {
            long m5 = write5m == null ? 0 : Math.max(0, write5m);
            long h1 = write1h == null ? 0 : Math.max(0, write1h);
            // the total is what was billed; the split only says how it divides (and cannot exceed it)
            total = cacheCreation == null || cacheCreation < 0 ? m5 + h1 : cacheCreation;
            h = write1h != null ? Math.min(h1, total) : Math.max(0, total - m5);
        }
        return new Usage(input, output, cacheRead, total - h, h);
    }
}
