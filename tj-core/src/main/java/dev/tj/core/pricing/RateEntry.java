package dev.tj.core.pricing;

/**
 * A row of {@code tj pricing list}.
 *
 * @param provider the pricing table ("anthropic", "openai", "aws" ...), or {@link #ANY_PROVIDER}
 *                 for a model-keyed override ({@code [models]} / {@code [pricing.models]}), which
 *                 prices the model whatever the provider
 * @param model    the table key (lower case, dots as hyphens)
 * @param source   {@link RateSource#PACKAGED} or {@link RateSource#OVERRIDE}
 */
public record RateEntry(String provider, String model, ModelRates rates, RateSource source) {
    public static final String ANY_PROVIDER = "*";

    public double inputPerMtok() {
        return rates.inputPerMtok();
    }

    public double outputPerMtok() {
        return rates.outputPerMtok();
    }

    /** As written in the table; null when absent (then cached tokens cost the input rate). */
    public Double cacheReadPerMtok() {
        return rates.cacheReadPerMtok();
    }

    /** As written in the table; null when absent (then writes cost 1.25x input). */
    public Double cacheWritePerMtok() {
        return rates.cacheWritePerMtok();
    }

    /** The rate key a {@link PriceQuote} carries for this entry. */
    public String rateKey() {
        return provider + "/" + model;
    }
}
