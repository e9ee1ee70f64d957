package dev.tj.core.span;

/**
 * Token counts of one or more LLM calls, in Anthropic's disjoint classes: {@code input} excludes
 * cache reads and cache writes. OpenAI-style providers report cached tokens inside input; see
 * {@link #freshInput(String)}.
 *
 * <p>Cache writes are split by TTL because a 1-hour write costs twice base input, a 5-minute write
 * 1.25x. When a source does not tell the split, everything is counted as 5-minute.
 */
public record Usage(long input, long output, long cacheRead, long cacheWrite5m, long cacheWrite1h) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public long cacheWrite() { return cacheWrite5m + cacheWrite1h; }

    public long total() { return input + output + cacheRead + cacheWrite(); }

    public boolean isZero() { return total() == 0; }

    public Usage plus(Usage o) {
        if (o == null || o.isZero()) return this;
        return new Usage(input + o.input, output + o.output, cacheRead + o.cacheRead,
                cacheWrite5m + o.cacheWrite5m, cacheWrite1h + o.cacheWrite1h);
    }

    /** Input tokens not served from cache; OpenAI counts cached tokens inside input. */
    public long freshInput(String provider) {
        return Providers.cacheReadInsideInput(provider) ? Math.max(0, input - cacheRead) : input;
    }
}
