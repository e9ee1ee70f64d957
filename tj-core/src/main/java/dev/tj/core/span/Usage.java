package dev.tj.core.span;

/**
 * Token counts of one or more LLM calls in tj's one convention (docs/tokens.md), whatever the agent
 * or provider: disjoint classes, {@code input} = input neither read from nor written to cache,
 * {@code cacheRead} = cached input, cache writes apart, reasoning inside {@code output} once, and
 * {@link #total()} = what the provider billed (for OpenAI, its {@code total_tokens}). Providers that
 * count cached tokens inside input (OpenAI) are converted where their usage is read
 * ({@code dev.tj.core.agent.Codex#usage}, the OTLP trace mapper), never later.
 *
 * <p>Cache writes are split by TTL because a 1-hour write costs twice base input, a 5-minute write
 * 1.25x. When a source does not tell the split, everything is counted as 5-minute.
 */
public record Usage(long input, long output, long cacheRead, long cacheWrite5m, long cacheWrite1h) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public long cacheWrite() {
        return cacheWrite5m + cacheWrite1h;
    }

    public long total() {
        return input + output + cacheRead + cacheWrite();
    }

    public boolean isZero() {
        return total() == 0;
    }

    public Usage plus(Usage o) {
        if (o == null || o.isZero()) return this;
        return new Usage(
                input + o.input,
                output + o.output,
                cacheRead + o.cacheRead,
                cacheWrite5m + o.cacheWrite5m,
                cacheWrite1h + o.cacheWrite1h);
    }
}
