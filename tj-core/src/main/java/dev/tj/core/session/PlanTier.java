package dev.tj.core.session;

import java.util.Locale;
import java.util.Set;

/** How the user pays for a provider's traffic. Lives on sessions, never on spans. */
public enum PlanTier {
    API,
    PRO,
    MAX_5X,
    MAX_20X,
    PLUS,
    TEAM,
    ENTERPRISE,
    LOCAL,
    UNKNOWN;

    private static final Set<PlanTier> SUBSCRIPTION = Set.of(PRO, MAX_5X, MAX_20X, PLUS, TEAM, ENTERPRISE);

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public PricingMode pricingMode() {
        if (this == LOCAL) return PricingMode.LOCAL;
        if (SUBSCRIPTION.contains(this)) return PricingMode.SUBSCRIPTION;
        if (this == API) return PricingMode.API;
        return PricingMode.UNKNOWN;
    }

    /** Parses a config or DB value; anything unrecognised (or null) is UNKNOWN. */
    public static PlanTier parse(String s) {
        if (s == null) return UNKNOWN;
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    public static boolean isValid(String s) {
        return s != null && (parse(s) != UNKNOWN || "unknown".equalsIgnoreCase(s.trim()));
    }
}
