package dev.tj.core.diagnostic;

import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.CostReport;
import dev.tj.core.cost.Since;
import dev.tj.core.framing.Framing;
import dev.tj.core.framing.FramingCalculator;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.session.PlanTier;
import dev.tj.core.storage.Storage;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON documents of the cost diagnostics, the same whether the daemon, the CLI over the database
 * or the CLI over transcripts computed them: each is its diagnostic's fields plus {@code window} (as
 * the user wrote it) and the plan {@code framing}, which decides whether dollars are shown.
 */
public final class DiagnosticReports {
    private DiagnosticReports() {}

    public static final String DEFAULT_WINDOW = "30d";

    /** The window a tokenmaxx card covers: --weekly narrows only the default window. */
    public static String tokenmaxxWindow(String window, boolean weekly) {
        String w = window == null || window.isBlank() ? DEFAULT_WINDOW : window.trim();
        return weekly && w.equals(DEFAULT_WINDOW) ? "7d" : w;
    }

    /** The stored calls of a window. */
    public static CallWindow fromStorage(Storage storage, String window, String agentId, Instant now, String source) {
        Instant since = Since.parse(window == null ? DEFAULT_WINDOW : window, now);
        return new CallWindow(
                since,
                now,
                storage.calls().llmCalls(since, now, agentId),
                storage.calls().toolCallsBySession(since, now, agentId),
                java.util.List.of(),
                false,
                source);
    }

    /**
     * The plan mix of transcripts read directly: every session on the declared Anthropic plan, else
     * unknown (what quickstart assumes too).
     */
    public static Map<PlanTier, Long> transcriptMix(TjConfig config, long sessions) {
        PlanTier declared = config == null ? null : config.planFor("anthropic");
        return Map.of(declared == null ? PlanTier.UNKNOWN : declared, sessions);
    }

    public static Map<String, Object> context(CallWindow w, String window, TjConfig config, Map<PlanTier, Long> mix) {
        ContextDiagnostic d = ContextDiagnostic.of(w);
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("window", window);
        m.putAll(d.toJson());
        m.put(
                "framing",
                CostReport.framingJson(framing(config, mix, d.composition().total(), d.costUsd())));
        return m;
    }

    public static Map<String, Object> tokenmaxx(
            CallWindow w, String window, boolean weekly, TjConfig config, Map<PlanTier, Long> mix) {
        ContextDiagnostic d = ContextDiagnostic.of(w);
        EfficiencyCard card = EfficiencyCard.of(d, window, weekly);
        Framing f = framing(config, mix, d.composition().total(), d.costUsd());
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("window", window);
        m.put("source", w.source());
        m.putAll(card.toJson());
        m.put("plan_tier", f.planTier());
        m.put("pricing_mode", f.pricingMode());
        m.put("plan_label", f.planLabel());
        m.put("framing", CostReport.framingJson(f));
        m.put("caveat", ContextDiagnostic.CAVEAT);
        return m;
    }

    public static Map<String, Object> quotaAudit(
            CallWindow w, String window, Pricing pricing, TjConfig config, Map<PlanTier, Long> mix) {
        QuotaAudit a = QuotaAudit.of(w, pricing);
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("window", window);
        m.putAll(a.toJson());
        m.put("framing", CostReport.framingJson(framing(config, mix, a.opusTokens(), a.actualCostUsd())));
        return m;
    }

    static Framing framing(TjConfig config, Map<PlanTier, Long> mix, long tokens, double cost) {
        return FramingCalculator.compute(config, mix, tokens, cost);
    }
}
