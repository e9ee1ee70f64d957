package dev.tj.core.framing;

import java.util.List;

/**
 * How to present money to this user: dollars for API billing, "implied API value" (share of plan)
 * for subscriptions, tokens only for local inference. JSON field names follow TokenJam.
 *
 * @param displayRule one of show_dollars, show_dollars_with_qualifier,
 *                    suppress_dollars_for_subscription_share, tokens_only, suppress_dollars_unknown
 */
public record Framing(
        String pricingMode,
        String planTier,
        String planLabel,
        List<String> planLabels,
        Double planMonthlyUsd,
        double subscriptionSharePct,
        double apiSharePct,
        String displayRule,
        String qualifierText,
        long windowTotalTokens,
        double windowTotalCostUsd) {}
