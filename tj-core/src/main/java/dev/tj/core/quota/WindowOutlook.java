package dev.tj.core.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where one window stands and where it is heading: the latest official reading, the recent burn rate
 * and, if that rate holds, when the window runs out and what it reaches at its reset.
 *
 * @param usedPercent          the latest reading; 0 when the window has reset since it was read
 * @param readingAt            when that reading was taken
 * @param burnPerHour          percentage points per hour over the last hour of readings in this window
 *                             (since the window's start where shorter), or null when nothing says
 * @param projectedAtReset     used + burn × hours to the reset, or null
 * @param exhaustedAt          when 100 % is reached at that rate, or null (no burn, or not before the reset)
 * @param resetSinceReading    the reset time passed after the last reading: a fresh window nobody read yet
 */
public record WindowOutlook(
        String name,
        double usedPercent,
        Instant resetsAt,
        Instant startsAt,
        Instant readingAt,
        Double burnPerHour,
        Double projectedAtReset,
        Instant exhaustedAt,
        boolean resetSinceReading) {

    /** Readings spanning less than this say nothing about a rate. */
    private static final Duration MIN_SPAN = Duration.ofMinutes(5);

    private static final Duration RATE_SPAN = Duration.ofHours(1);

    public boolean runsOutBeforeReset() {
        return exhaustedAt != null;
    }

    /**
     * @param snapshots recent snapshots, oldest first (at least the last hour); null when this window
     *                  was never read
     */
    public static WindowOutlook of(String name, List<QuotaSnapshot> snapshots, Instant now) {
        QuotaSnapshot last = null;
        QuotaWindow w = null;
        for (int i = snapshots.size() - 1; i >= 0 && w == null; i--) {
            w = snapshots.get(i).window(name).orElse(null);
            last = snapshots.get(i);
        }
        if (w == null) return null;
        if (w.resetsAt() != null && !now.isBefore(w.resetsAt()))
            return new WindowOutlook(name, 0, null, w.resetsAt(), last.at(), null, null, null, true);
        // the earliest reading of this same window within the rate span
        QuotaSnapshot first = null;
        double firstUsed = 0;
        Instant since = last.at().minus(RATE_SPAN);
        for (QuotaSnapshot s : snapshots) {
            QuotaWindow r = s.window(name).orElse(null);
            if (r == null || s.at().isBefore(since) || s.at().isAfter(last.at())) continue;
            if (QuotaAttribution.isReset(r, w) || r.usedPercent() > w.usedPercent()) continue;
            first = s;
            firstUsed = r.usedPercent();
            break;
        }
        Double burn = null;
        if (first != null && Duration.between(first.at(), last.at()).compareTo(MIN_SPAN) >= 0) {
            burn = (w.usedPercent() - firstUsed) / hours(first.at(), last.at());
        } else if (w.startsAt() != null && last.at().isAfter(w.startsAt())) {
            // too few readings: the window's own average pace since it started
            burn = w.usedPercent() / hours(w.startsAt(), last.at());
        }
        Double atReset = null;
        Instant exhausted = null;
        if (burn != null && w.resetsAt() != null) {
            atReset = w.usedPercent() + burn * hours(now, w.resetsAt());
            if (burn > 0 && w.usedPercent() < 100) {
                Instant out = now.plusMillis(Math.round((100 - w.usedPercent()) / burn * 3_600_000));
                if (out.isBefore(w.resetsAt())) exhausted = out;
            } else if (w.usedPercent() >= 100) {
                exhausted = last.at();
            }
        }
        return new WindowOutlook(
                name, w.usedPercent(), w.resetsAt(), w.startsAt(), last.at(), burn, atReset, exhausted, false);
    }

    private static double hours(Instant a, Instant b) {
        return Duration.between(a, b).toMillis() / 3_600_000.0;
    }
}
