package dev.tj.core.history;

import dev.tj.core.span.Usage;

/**
 * Calls, tokens and cost summed over some history (a run, a session, a subagent): the one shape
 * backfill and quickstart report totals in.
 */
public record UsageTotals(
        long calls, long input, long output, long cacheRead, long cacheWrite5m, long cacheWrite1h, double costUsd) {

    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0, 0.0);

    public static UsageTotals ofCall(Usage u, double costUsd) {
        return new UsageTotals(1, u.input(), u.output(), u.cacheRead(), u.cacheWrite5m(), u.cacheWrite1h(), costUsd);
    }

    public UsageTotals plus(UsageTotals o) {
        return new UsageTotals(
                calls + o.calls,
                input + o.input,
                output + o.output,
                cacheRead + o.cacheRead,
                cacheWrite5m + o.cacheWrite5m,
                cacheWrite1h + o.cacheWrite1h,
                costUsd + o.costUsd);
    }

    public long cacheWrite() {
        return cacheWrite5m + cacheWrite1h;
    }

    public long tokens() {
        return input + output + cacheRead + cacheWrite5m + cacheWrite1h;
    }
}
