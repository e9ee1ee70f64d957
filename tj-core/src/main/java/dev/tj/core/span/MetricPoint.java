package dev.tj.core.span;

import java.time.Instant;
import java.util.Map;

/**
 * One data point of an agent metric (Claude Code's session.count, lines_of_code.count,
 * active_time.total, cost.usage, token.usage, ...), attributed to a session when it carries one.
 *
 * @param pointId deterministic id so that a re-sent export is stored once
 */
public record MetricPoint(
        String pointId,
        String sessionId,
        String agentId,
        String name,
        String unit,
        Instant time,
        double value,
        Map<String, Object> attributes) {}
