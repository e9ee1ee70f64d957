package dev.tj.core.pricing;

/**
 * A price for some usage.
 *
 * @param rateKey the rates entry that priced it ("anthropic/claude-sonnet-4-5"), or "fallback"
 */
public record PriceQuote(double costUsd, RateSource source, String rateKey) {
    public boolean fallback() {
        return source == RateSource.FALLBACK;
    }
}
