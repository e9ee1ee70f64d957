package dev.tj.core.pricing;

import dev.tj.core.config.TjConfig;
import dev.tj.core.span.Usage;

/** Prices token usage from the bundled rates table plus user overrides. */
public final class Pricing {
    /** Packaged rates, then TJ_PRICING_FILE (or ~/.config/tj/pricing.toml), then the config's [pricing]. */
    public static Pricing load(TjConfig config, java.util.Map<String, String> env, java.nio.file.Path home) {
        throw new UnsupportedOperationException("TODO(pricing helper)");
    }

    /** Packaged rates only. */
    public static Pricing packaged() {
        throw new UnsupportedOperationException("TODO(pricing helper)");
    }

    public PriceQuote quote(String provider, String model, Usage usage) {
        throw new UnsupportedOperationException("TODO(pricing helper)");
    }
}
