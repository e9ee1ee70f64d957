package dev.tj.core.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.config.TjConfig;
import dev.tj.core.session.PlanTier;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FramingCalculatorTest {
    static final TjConfig NO_PLAN = TjConfig.defaults(Path.of("/tmp/tj-home"));

    static TjConfig declared(Map<String, PlanTier> plans) {
        TjConfig d = NO_PLAN;
        return new TjConfig(
                d.api(),
                d.security(),
                d.storage(),
                d.ingest(),
                d.sessions(),
                d.agentProjects(),
                new LinkedHashMap<>(),
                new TreeMap<>(plans),
                Map.of(),
                null);
    }

    static Map<PlanTier, Long> mix(Object... kv) {
        Map<PlanTier, Long> m = new EnumMap<>(PlanTier.class);
        for (int i = 0; i < kv.length; i += 2) m.put((PlanTier) kv[i], ((Number) kv[i + 1]).longValue());
        return m;
    }

    @Test
    void emptyMixWithoutPlanShowsDollars() {
        Framing f = FramingCalculator.compute(NO_PLAN, Map.of(), 1234, 5.5);
        assertThat(f.planTier()).isEqualTo("api");
        assertThat(f.pricingMode()).isEqualTo("api");
        assertThat(f.displayRule()).isEqualTo("show_dollars");
        assertThat(f.qualifierText()).isNull();
        assertThat(f.planLabel()).isEqualTo("API billing");
        assertThat(f.planLabels()).containsExactly("API billing");
        assertThat(f.planMonthlyUsd()).isNull();
        assertThat(f.windowTotalTokens()).isEqualTo(1234);
        assertThat(f.windowTotalCostUsd()).isEqualTo(5.5);
        assertThat(f.subscriptionSharePct()).isZero();
    }

    @Test
    void emptyMixUsesTheDeclaredPlan() {
        Framing f = FramingCalculator.compute(declared(Map.of("anthropic", PlanTier.MAX_5X)), Map.of(), 0, 0);
        assertThat(f.planTier()).isEqualTo("max_5x");
        assertThat(f.pricingMode()).isEqualTo("subscription");
        assertThat(f.displayRule()).isEqualTo("suppress_dollars_for_subscription_share");
        assertThat(f.qualifierText()).isNull();
        assertThat(f.planLabel()).isEqualTo("Max 5x plan");
        assertThat(f.planMonthlyUsd()).isEqualTo(100.0);
    }

    @Test
    void allUnknownWithoutPlanSuppressesDollars() {
        Framing f = FramingCalculator.compute(NO_PLAN, mix(PlanTier.UNKNOWN, 7), 0, 0);
        assertThat(f.planTier()).isEqualTo("unknown");
        assertThat(f.pricingMode()).isEqualTo("unknown");
        assertThat(f.displayRule()).isEqualTo("suppress_dollars_unknown");
        assertThat(f.qualifierText())
                .isEqualTo("Plan tier unknown — figures may overstate actual cost. "
                        + "Run `tj onboard --plan <plan>` (api, pro, max_5x, max_20x, team, enterprise or plus).");
        assertThat(f.planLabel()).isNull();
        assertThat(f.planLabels()).isEmpty();
    }

    @Test
    void allUnknownWithDeclaredPlanIsInferredFromConfig() {
        Framing f =
                FramingCalculator.compute(declared(Map.of("anthropic", PlanTier.API)), mix(PlanTier.UNKNOWN, 7), 0, 0);
        assertThat(f.planTier()).isEqualTo("api");
        // inferred from config: no "unknown sessions" qualifier
        assertThat(f.displayRule()).isEqualTo("show_dollars");
        assertThat(f.qualifierText()).isNull();

        Framing sub =
                FramingCalculator.compute(declared(Map.of("anthropic", PlanTier.PRO)), mix(PlanTier.UNKNOWN, 3), 0, 0);
        assertThat(sub.displayRule()).isEqualTo("suppress_dollars_for_subscription_share");
        assertThat(sub.planMonthlyUsd()).isEqualTo(20.0);
    }

    @Test
    void subscriptionOnlyHasNoQualifier() {
        Framing f = FramingCalculator.compute(NO_PLAN, mix(PlanTier.MAX_20X, 4, PlanTier.UNKNOWN, 1), 0, 0);
        assertThat(f.displayRule()).isEqualTo("suppress_dollars_for_subscription_share");
        assertThat(f.qualifierText()).isNull();
        assertThat(f.subscriptionSharePct()).isEqualTo(80.0);
        assertThat(f.planMonthlyUsd()).isEqualTo(200.0);
    }

    @Test
    void mixedSubscriptionAndApiExplainsTheShare() {
        Framing f = FramingCalculator.compute(NO_PLAN, mix(PlanTier.PRO, 2, PlanTier.API, 1), 0, 0);
        assertThat(f.planTier()).isEqualTo("pro");
        assertThat(f.displayRule()).isEqualTo("suppress_dollars_for_subscription_share");
        assertThat(f.qualifierText())
                .isEqualTo("66.7% of sessions are subscription-billed; dollar figures reflect API traffic only.");
        assertThat(f.subscriptionSharePct()).isEqualTo(66.7);
        assertThat(f.apiSharePct()).isEqualTo(33.3);
    }

    @Test
    void localIsTokensOnly() {
        Framing f = FramingCalculator.compute(NO_PLAN, mix(PlanTier.LOCAL, 3), 0, 0);
        assertThat(f.pricingMode()).isEqualTo("local");
        assertThat(f.displayRule()).isEqualTo("tokens_only");
        assertThat(f.qualifierText()).isEqualTo("Local inference — no marginal cost.");
        assertThat(f.planLabel()).isEqualTo("Local inference");
    }

    @Test
    void apiWithSomeUnknownSessionsIsQualified() {
        Framing f = FramingCalculator.compute(NO_PLAN, mix(PlanTier.API, 3, PlanTier.UNKNOWN, 1), 0, 0);
        assertThat(f.displayRule()).isEqualTo("show_dollars_with_qualifier");
        assertThat(f.qualifierText())
                .isEqualTo(
                        "1 of 4 sessions have unknown plan tier; dollar figures may overstate "
                                + "actual cost. Run `tj onboard --plan <plan>` (api, pro, max_5x, max_20x, team, enterprise or plus).");
        assertThat(f.apiSharePct()).isEqualTo(75.0);
    }

    @Test
    void apiOnlyShowsDollars() {
        Framing f = FramingCalculator.compute(NO_PLAN, mix(PlanTier.API, 3), 0, 0);
        assertThat(f.displayRule()).isEqualTo("show_dollars");
        assertThat(f.qualifierText()).isNull();
        assertThat(f.apiSharePct()).isEqualTo(100.0);
    }

    @Test
    void dominantPlanIsTheMostCommonKnownTier() {
        assertThat(FramingCalculator.dominantPlan(Map.of())).isEqualTo(PlanTier.API);
        assertThat(FramingCalculator.dominantPlan(mix(PlanTier.UNKNOWN, 10, PlanTier.PRO, 1)))
                .isEqualTo(PlanTier.PRO);
        assertThat(FramingCalculator.dominantPlan(mix(PlanTier.API, 2, PlanTier.MAX_5X, 3)))
                .isEqualTo(PlanTier.MAX_5X);
        assertThat(FramingCalculator.dominantPlan(mix(PlanTier.UNKNOWN, 2))).isEqualTo(PlanTier.UNKNOWN);
        assertThat(FramingCalculator.dominantPlan(mix(PlanTier.API, 2, PlanTier.PRO, 2)))
                .isEqualTo(PlanTier.API);
    }

    @Test
    void aPopulatedMixBeatsTheDeclaredPlan() {
        Framing f = FramingCalculator.compute(declared(Map.of("anthropic", PlanTier.PRO)), mix(PlanTier.API, 3), 0, 0);
        assertThat(f.planTier()).isEqualTo("api");
        assertThat(f.planLabel()).isEqualTo("API billing");
        // plan_labels lists the declared plans when there are any
        assertThat(f.planLabels()).containsExactly("Pro plan");
    }

    @Test
    void severalDeclaredPlansAreLabelledByProviderAndTheFirstSortedWins() {
        TjConfig c = declared(Map.of("openai", PlanTier.PLUS, "anthropic", PlanTier.MAX_20X));
        Framing f = FramingCalculator.compute(c, Map.of(), 0, 0);
        assertThat(f.planTier()).isEqualTo("max_20x");
        assertThat(f.planLabels()).containsExactly("Max 20x plan (anthropic)", "ChatGPT Plus (openai)");
    }

    @Test
    void contractPricedPlansHaveNoFee() {
        Framing f = FramingCalculator.compute(NO_PLAN, mix(PlanTier.TEAM, 1), 0, 0);
        assertThat(f.planLabel()).isEqualTo("ChatGPT Team");
        assertThat(f.planMonthlyUsd()).isNull();
    }
}
