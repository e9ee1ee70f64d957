package dev.tj.core.storage;

/** One row of a cost report; cacheWrite is both TTLs together. */
public record CostRow(
        String group,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        double costUsd) {}
