package dev.tj.core.status;

/** A closed or stale session in the archive. */
public record ArchivedSession(
        String agentId,
        String kind,
        String namespace,
        String sessionId,
        String label,
        String status,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        long toolCallCount,
        double totalCostUsd,
        String startedAt,
        String lastSpanTime,
        String machine,
        String user) {}
