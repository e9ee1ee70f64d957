package dev.tj.core.framing;

import dev.tj.core.config.TjConfig;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.PricingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * compute_framing of TokenJam: plan mix + declared plans -> presentation rule.
 *
 * <p>Subscription users never see a dollar figure as spend; local users see tokens only; when the
 * plan is unknown dollars carry a "may overstate" qualifier (or are suppressed when every session
 * is unknown and no plan is declared).
 */
public final class FramingCalculator {
    private FramingCalculator() {}

    public static final String SHOW_DOLLARS = "show_dollars";
    public static final String SHOW_DOLLARS_WITH_QUALIFIER = "show_dollars_with_qualifier";
    public static final String SUPPRESS_SUBSCRIPTION = "suppress_dollars_for_subscription_share";
    public static final String TOKENS_ONLY = "tokens_only";
    public static final String SUPPRESS_UNKNOWN = "suppress_dollars_unknown";

    static final String RECONFIGURE_HINT =
            "Run `tj onboard --plan <plan>` (api, pro, max_5x, max_20x, team, enterprise or plus).";
    static final String UNKNOWN_QUALIFIER =
            "Plan tier unknown — figures may overstate actual cost. " + RECONFIGURE_HINT;
    static final String LOCAL_QUALIFIER = "Local inference — no marginal cost.";

    /**
     * @param config  declared plans ({@code [budget.<provider>] plan}); may be null
     * @param planMix window-independent session counts by plan tier (a null key counts as unknown)
     */
    public static Framing compute(TjConfig config, Map<PlanTier, Long> planMix, long windowTokens, double windowCost) {
        long total = 0, sub = 0, api = 0, unknown = 0;
        if (planMix != null) {
            for (Map.Entry<PlanTier, Long> e : planMix.entrySet()) {
                long n = e.getValue() == null ? 0 : Math.max(0, e.getValue());
                PlanTier t = e.getKey() == null ? PlanTier.UNKNOWN : e.getKey();
                total += n;
                if (t.pricingMode() == PricingMode.SUBSCRIPTION) sub += n;
                if (t == PlanTier.API) api += n;
                if (t == PlanTier.UNKNOWN) unknown += n;
            }
        }
        PlanTier dom = dominantPlan(planMix);
        PlanTier declared = declaredPlan(config);
        if (total == 0 && declared != null) dom = declared;

        double subPct = total == 0 ? 0.0 : 100.0 * sub / total;
        double apiPct = total == 0 ? 0.0 : 100.0 * api / total;
        boolean allUnknown = total > 0 && unknown == total;
        boolean inferredFromConfig = false;
        if (allUnknown && declared != null) {
            dom = declared;
            allUnknown = false;
            inferredFromConfig = true;
        }

        PricingMode mode = dom.pricingMode();
        String label = PlanLabels.label(dom);
        Double fee = PlanLabels.monthlyFee(dom);

        String rule = SHOW_DOLLARS;
        String qualifier = null;
        if (allUnknown) {
            rule = SUPPRESS_UNKNOWN;
            qualifier = UNKNOWN_QUALIFIER;
        } else if (mode == PricingMode.SUBSCRIPTION) {
            rule = SUPPRESS_SUBSCRIPTION;
            if (api > 0) {
                qualifier = String.format(
                        Locale.ROOT,
                        "%.1f%% of sessions are subscription-billed; dollar figures reflect API traffic only.",
                        subPct);
            }
        } else if (mode == PricingMode.LOCAL) {
            rule = TOKENS_ONLY;
            qualifier = LOCAL_QUALIFIER;
        } else if (mode == PricingMode.API && unknown > 0 && !inferredFromConfig) {
            rule = SHOW_DOLLARS_WITH_QUALIFIER;
            qualifier = unknown + " of " + total + " sessions have unknown plan tier; dollar figures may overstate "
                    + "actual cost. " + RECONFIGURE_HINT;
        }

        List<String> labels = declaredLabels(config);
        if (labels.isEmpty() && label != null) labels = List.of(label);

        return new Framing(
                mode.wire(),
                dom.wire(),
                label,
                labels,
                fee,
                round1(subPct),
                round1(apiPct),
                rule,
                qualifier,
                windowTokens,
                windowCost);
    }

    /**
     * The tier that decides rendering: "api" for an empty mix, else the most common known tier
     * (ties go to the earlier {@link PlanTier} constant), else unknown.
     */
    public static PlanTier dominantPlan(Map<PlanTier, Long> planMix) {
        if (planMix == null) return PlanTier.API;
        long[] counts = new long[PlanTier.values().length];
        boolean any = false;
        for (Map.Entry<PlanTier, Long> e : planMix.entrySet()) {
            long n = e.getValue() == null ? 0 : e.getValue();
            if (n <= 0) continue;
            any = true;
            counts[(e.getKey() == null ? PlanTier.UNKNOWN : e.getKey()).ordinal()] += n;
        }
        if (!any) return PlanTier.API;
        PlanTier best = PlanTier.UNKNOWN;
        long bestN = 0;
        for (PlanTier t : PlanTier.values()) {
            if (t != PlanTier.UNKNOWN && counts[t.ordinal()] > bestN) {
                best = t;
                bestN = counts[t.ordinal()];
            }
        }
        return best;
    }

    /** The first declared plan in sorted provider order, or null. */
    public static PlanTier declaredPlan(TjConfig config) {
        if (config == null || config.declaredPlans() == null) return null;
        for (PlanTier t : new java.util.TreeMap<>(config.declaredPlans()).values()) {
            if (t != null && t != PlanTier.UNKNOWN) return t;
        }
        return null;
    }

    /** Labels of every declared plan, with " (provider)" when more than one provider declares one. */
    public static List<String> declaredLabels(TjConfig config) {
        List<String> out = new ArrayList<>();
        if (config == null || config.declaredPlans() == null) return out;
        Map<String, PlanTier> sorted = new java.util.TreeMap<>(config.declaredPlans());
        sorted.values().removeIf(t -> t == null || t == PlanTier.UNKNOWN);
        boolean many = sorted.size() > 1;
        sorted.forEach((provider, tier) -> {
            String l = PlanLabels.label(tier, many ? provider : null);
            if (l != null) out.add(l);
        });
        return List.copyOf(out);
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
