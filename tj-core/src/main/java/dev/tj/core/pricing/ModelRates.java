package dev.tj.core.pricing;

/**
 * One model's rates in USD per million tokens. The cache rates are null when the table does not
 * give them; {@link #effectiveCacheReadPerMtok()} and {@link #effectiveCacheWritePerMtok()} then
 * apply tj's rules (cached tokens at the full input rate, never free; cache writes at 1.25x input).
 *
 * @param cacheWritePerMtok the 5-minute cache-write rate; a 1-hour write is always 2x input
 */
public record ModelRates(double inputPerMtok, double outputPerMtok, Double cacheReadPerMtok,
                         Double cacheWritePerMtok) {

    /** The rate applied to unknown models: marked as fallback wherever it is used. */
    public static final ModelRates FALLBACK = new ModelRates(0.50, 2.00, 0.05, 0.625);

    public double effectiveCacheReadPerMtok() {
        return cacheReadPerMtok != null ? cacheReadPerMtok : inputPerMtok;
    }

    public double effectiveCacheWritePerMtok() {
        return cacheWritePerMtok != null ? cacheWritePerMtok : 1.25 * inputPerMtok;
    }

    /** The 1-hour cache-write rate: twice base input. */
    public double cacheWrite1hPerMtok() { return 2 * inputPerMtok; }
}
