package dev.tj.core.session;

public enum PricingMode {
    API,
    SUBSCRIPTION,
    LOCAL,
    UNKNOWN;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
