package dev.tj.core.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.session.PlanTier;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DollarRendererTest {
    static Framing framing(PlanTier tier, long windowTokens) {
        return FramingCalculator.compute(
                dev.tj.core.config.TjConfig.defaults(Path.of("/tmp/x")), Map.of(tier, 1L), windowTokens, 0);
    }

    final Framing api = framing(PlanTier.API, 0);
    final Framing unknown = framing(PlanTier.UNKNOWN, 0);
    final Framing pro = framing(PlanTier.PRO, 1000);
    final Framing team = framing(PlanTier.TEAM, 0);
    final Framing local = framing(PlanTier.LOCAL, 0);

    @Test
    void apiAndUnknownShowCompactUsd() {
        assertThat(DollarRenderer.render(148.0, api)).isEqualTo("$148");
        assertThat(DollarRenderer.render(1234.56, api)).isEqualTo("$1,234.56");
        assertThat(DollarRenderer.render(1234.0, unknown)).isEqualTo("$1,234");
        assertThat(DollarRenderer.render(0.004, api)).isEqualTo("$0");
        assertThat(DollarRenderer.render(0.5, api)).isEqualTo("$0.50");
        assertThat(DollarRenderer.render(-2.5, api)).isEqualTo("-$2.50");
    }

    @Test
    void subscriptionShowsShareOfCycle() {
        assertThat(DollarRenderer.render(2.48, pro)).isEqualTo("12.4% of cycle");
        assertThat(DollarRenderer.render(2.48, team)).isEqualTo("—");
    }

    @Test
    void localAndMissingAreDashes() {
        assertThat(DollarRenderer.render(5.0, local)).isEqualTo("—");
        assertThat(DollarRenderer.render(null, api)).isEqualTo("—");
    }

    @Test
    void savings() {
        assertThat(DollarRenderer.renderSavings(3.0, 124L, pro)).isEqualTo("12.4% of cycle tokens");
        assertThat(DollarRenderer.renderSavings(3.0, 1_200_000L, framing(PlanTier.PRO, 0)))
                .isEqualTo("1.2M tokens");
        assertThat(DollarRenderer.renderSavings(3.0, 1500L, local)).isEqualTo("1.5K tokens");
        assertThat(DollarRenderer.renderSavings(3.0, 1500L, api)).isEqualTo("$3");
        assertThat(DollarRenderer.renderSavings(null, 1500L, api)).isEqualTo("—");
        assertThat(DollarRenderer.renderSavings(3.0, null, pro)).isEqualTo("—");
    }

    @Test
    void impliedApiValue() {
        assertThat(DollarRenderer.impliedApiValue(412.5, framing(PlanTier.MAX_20X, 0)))
                .isEqualTo("Implied API value: $412.50 — about 2.1× your plan cost");
        assertThat(DollarRenderer.impliedApiValue(412.5, team))
                .isEqualTo("Implied API value: $412.50 (what this usage would cost at API list prices)");
    }
}
