package dev.tj.core.status;

import dev.tj.core.attention.Attention;

/**
 * One live (active or idle) session on the status page.
 *
 * @param costToday         the agent's span cost since UTC midnight
 * @param reportedCostUsd   what the agent reported (Claude Code cost_usd), kept apart from ours
 * @param pricedByFallback  some of its calls used a model we have no rates for
 * @param overflow          how many more live sessions this agent has beyond the tiles shown
 * @param attention         the session waits for its user (from its hooks), else null
 * @param machine           where it runs (a team server shows many), else null
 * @param user              who runs it, else null
 */
public record Tile(
        String agentId,
        String kind,
        String namespace,
        String status,
        String sessionId,
        String label,
        double costToday,
        double totalCostUsd,
        Double reportedCostUsd,
        boolean pricedByFallback,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        long toolCallCount,
        long errorCount,
        int activeAlerts,
        Double durationSeconds,
        Double activeSeconds,
        String startedAt,
        String lastSpanTime,
        int overflow,
        String instanceId,
        String runId,
        String planTier,
        String pricingMode,
        Attention attention,
        String machine,
        String user) {}
