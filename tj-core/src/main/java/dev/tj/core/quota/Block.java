package dev.tj.core.quota;

import dev.tj.core.span.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A 5-hour billing block, or the gap between two (no activity for longer than a block).
 *
 * @param start        the block's start: its first call's time floored to the UTC hour
 * @param end          start + 5 hours (for a gap: when the next block starts)
 * @param lastActivity the last call in it (null for a gap)
 * @param active       the block is still running: now is before its end and within 5 hours of its last call
 */
public record Block(
        Instant start,
        Instant end,
        Instant lastActivity,
        boolean active,
        boolean gap,
        int calls,
        Usage usage,
        double costUsd,
        List<String> models) {

    public long tokens() {
        return usage.input() + usage.output() + usage.cacheRead() + usage.cacheWrite();
    }

    /**
     * Tokens per minute and dollars per hour between the first and the last call (null with less than
     * a minute's span, where a rate says nothing).
     */
    public BurnRate burnRate(Instant firstCall) {
        if (gap || lastActivity == null || firstCall == null) return null;
        double minutes = Duration.between(firstCall, lastActivity).toMillis() / 60_000.0;
        if (minutes < 1) return null;
        return new BurnRate(tokens() / minutes, costUsd / minutes * 60);
    }

    /** What the active block comes to at its end if the current burn rate holds. */
    public Projection projection(BurnRate rate, Instant now) {
        if (!active || rate == null) return null;
        double remaining = Math.max(0, Duration.between(now, end).toMillis() / 60_000.0);
        return new Projection(
                Math.round(tokens() + rate.tokensPerMinute() * remaining),
                costUsd + rate.costPerHour() / 60 * remaining,
                Math.round(remaining));
    }

    public record BurnRate(double tokensPerMinute, double costPerHour) {}

    public record Projection(long totalTokens, double totalCostUsd, long remainingMinutes) {}
}
