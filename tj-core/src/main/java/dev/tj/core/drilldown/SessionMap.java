package dev.tj.core.drilldown;

import java.util.List;

/**
 * A session on one time axis (reference §5.3): every main-thread tool call as an event by category,
 * phases, subagent windows, per-call context occupancy and cost. Times are seconds from the first
 * event or call ({@code t_s}) and on the active axis ({@code active_s}), where every idle gap over
 * {@value ActiveAxis#IDLE_GAP_S} s counts {@value ActiveAxis#COLLAPSED_GAP_S} s and is listed in
 * {@link Meta#gaps()}; without such gaps the active axis is the wall clock.
 */
public record SessionMap(
        List<Event> events,
        List<Phase> phases,
        List<SubagentWindow> subagents,
        List<ContextPoint> contextSeries,
        List<CostPoint> costSeries,
        Meta meta,
        Skipped skipped) {

    /** One tool call: category read, edit, search, bash, task, web, other, or error when it failed. */
    public record Event(
            String ts, int ordinal, String category, String label, boolean isRetry, String phase, Double activeS) {}

    public record Phase(String name, int startOrdinal, int endOrdinal, String startTs, String endTs) {}

    public record SubagentWindow(
            String name,
            String agentId,
            String startTs,
            String endTs,
            Integer startOrdinal,
            Integer endOrdinal,
            Double startActiveS,
            Double endActiveS,
            Long tokens,
            Double costUsd) {}

    /** One LLM call's own context (input + cache read + cache write), not cumulative. */
    public record ContextPoint(double tS, double activeS, long tokens) {}

    public record CostPoint(double tS, double activeS, double usd) {}

    public record Gap(String startTs, String endTs, double durationS, double atActiveFrac) {}

    public record Meta(
            String startedAt,
            double durationS,
            long totalTokens,
            double totalCostUsd,
            String model,
            double activeDurationS,
            List<Gap> gaps) {}
}
