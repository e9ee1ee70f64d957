package dev.tj.core.pricing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

/**
 * One model's rates in USD per million tokens. The cache rates are null when the table does not
 * give them; {@link #effectiveCacheReadPerMtok()} and {@link #effectiveCacheWritePerMtok()} then
 * apply tj's rules (cached tokens at the full input rate, never free; cache writes at 1.25x input).
 *
 * @param cacheWritePerMtok the 5-minute cache-write rate; a 1-hour write is always 2x input
 * @param fastMultiplier    what a fast-mode call costs relative to standard (Opus 5: 2), null when
 *                          the model has no fast mode (a call marked fast is then priced standard)
 * @param usOnlyMultiplier  the premium for US-only inference (1.1), null when the model has none
 * @param earlier           rates that were in force before a date (an introductory price); the
 *                          fields above are the rates in force since the last of them ended
 */
public record ModelRates(
        double inputPerMtok,
        double outputPerMtok,
        Double cacheReadPerMtok,
        Double cacheWritePerMtok,
        Double fastMultiplier,
        Double usOnlyMultiplier,
        List<Earlier> earlier) {

    /** The rate applied to unknown models: marked as fallback wherever it is used. */
    public static final ModelRates FALLBACK = new ModelRates(0.50, 2.00, 0.05, 0.625);

    public ModelRates {
        earlier = earlier == null
                ? List.of()
                : earlier.stream().sorted(Comparator.comparing(Earlier::until)).toList();
    }

    public ModelRates(double inputPerMtok, double outputPerMtok, Double cacheReadPerMtok, Double cacheWritePerMtok) {
        this(inputPerMtok, outputPerMtok, cacheReadPerMtok, cacheWritePerMtok, null, null, List.of());
    }

    /**
     * Rates that applied to calls made before {@code until} (exclusive, 00:00 UTC of that day) and
     * after the previous period ended.
     */
    public record Earlier(
            LocalDate until,
            double inputPerMtok,
            double outputPerMtok,
            Double cacheReadPerMtok,
            Double cacheWritePerMtok) {
        Instant end() {
            return until.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /** The rates in force at {@code at} (null: now, the latest rates). */
    public ModelRates at(Instant at) {
        if (at == null || earlier.isEmpty()) return this;
        for (Earlier e : earlier) {
            if (at.isBefore(e.end())) {
                return new ModelRates(
                        e.inputPerMtok(),
                        e.outputPerMtok(),
                        e.cacheReadPerMtok(),
                        e.cacheWritePerMtok(),
                        fastMultiplier,
                        usOnlyMultiplier,
                        List.of());
            }
        }
        return this;
    }

    public double effectiveCacheReadPerMtok() {
        return cacheReadPerMtok != null ? cacheReadPerMtok : inputPerMtok;
    }

    public double effectiveCacheWritePerMtok() {
        return cacheWritePerMtok != null ? cacheWritePerMtok : 1.25 * inputPerMtok;
    }

    /** The 1-hour cache-write rate: twice base input. */
    public double cacheWrite1hPerMtok() {
        return 2 * inputPerMtok;
    }
}
