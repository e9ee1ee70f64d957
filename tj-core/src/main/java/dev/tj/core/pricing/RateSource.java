package dev.tj.core.pricing;

/** Where a rate came from. */
public enum RateSource {
    PACKAGED,
    OVERRIDE,
    FALLBACK
}
