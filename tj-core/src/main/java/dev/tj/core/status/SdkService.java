package dev.tj.core.status;

import java.util.List;

/**
 * A non-coding agent seen in the last 7 days, with 24 one-minute slots ending at the current minute.
 *
 * @param state live (≤ 5 min), went_quiet (≤ 30 min) or long_dormant
 */
public record SdkService(
        String agentId,
        String kind,
        String namespace,
        String state,
        String lastSeen,
        double todayCost,
        List<Double> costPerMin,
        List<Long> callsPerMin,
        List<Double> errPctPerMin,
        double reqPerMin,
        double errRate,
        double windowCost) {}
