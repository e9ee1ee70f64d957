package dev.tj.core.framing;

import dev.tj.core.session.PlanTier;
import java.util.Map;

/** Plan display labels and monthly fees (TokenJam's PLAN_LABEL_AND_FEE and PLAN_DISPLAY_LABEL). */
public final class PlanLabels {
    private PlanLabels() {}

    private record LabelFee(String label, Double fee) {}

    private static final Map<PlanTier, LabelFee> TABLE = Map.of(
            PlanTier.PRO, new LabelFee("Pro plan", 20.0),
            PlanTier.MAX_5X, new LabelFee("Max 5x plan", 100.0),
            PlanTier.MAX_20X, new LabelFee("Max 20x plan", 200.0),
            PlanTier.PLUS, new LabelFee("ChatGPT Plus", 20.0),
            PlanTier.TEAM, new LabelFee("ChatGPT Team", null),
            PlanTier.ENTERPRISE, new LabelFee("ChatGPT Enterprise", null),
            PlanTier.API, new LabelFee("API billing", null),
            PlanTier.LOCAL, new LabelFee("Local inference", null));

    /** "Pro plan", "API billing" ...; null for unknown. */
    public static String label(PlanTier tier) {
        LabelFee lf = tier == null ? null : TABLE.get(tier);
        return lf == null ? null : lf.label();
    }

    /** The label with " (provider)" appended when a provider is given. */
    public static String label(PlanTier tier, String provider) {
        String l = label(tier);
        if (l == null || provider == null || provider.isEmpty()) return l;
        return l + " (" + provider + ")";
    }

    /** Flat monthly fee in USD; null for contract-priced plans (team, enterprise) and non-subscriptions. */
    public static Double monthlyFee(PlanTier tier) {
        LabelFee lf = tier == null ? null : TABLE.get(tier);
        return lf == null ? null : lf.fee();
    }
}
