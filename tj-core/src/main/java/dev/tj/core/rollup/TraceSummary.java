package dev.tj.core.rollup;

import java.time.Instant;

/**
 * One trace of a session.
 *
 * @param name       the name of its first span by start
 * @param durationMs the sum of its spans' durations
 * @param error      any of its spans failed
 */
public record TraceSummary(
        String traceId,
        String name,
        Instant startTime,
        double durationMs,
        double costUsd,
        boolean error,
        long spanCount) {}
