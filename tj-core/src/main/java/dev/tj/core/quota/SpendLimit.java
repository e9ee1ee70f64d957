package dev.tj.core.quota;

/**
 * A gateway's spend limit as the statusline reports it ({@code rate_limits.spend_limit}).
 *
 * @param period as sent (e.g. {@code month}), or null
 */
public record SpendLimit(double usedUsd, double limitUsd, String period) {
    /** Used share of the limit in percent, or null when the limit is not positive. */
    public Double usedPercent() {
        return limitUsd > 0 ? usedUsd / limitUsd * 100 : null;
    }
}
