package dev.tj.core.framing;

import dev.tj.core.config.TjConfig;
import dev.tj.core.session.PlanTier;
import java.util.Map;

/** compute_framing of TokenJam: plan mix + declared plans -> presentation rule. */
public final class FramingCalculator {
    private FramingCalculator() {}

    /**
     * @param planMix window-independent session counts by plan tier
     */
    public static Framing compute(TjConfig config, Map<PlanTier, Long> planMix, long windowTokens, double windowCost) {
        throw new UnsupportedOperationException("TODO(pricing helper)");
    }
}
