package dev.tj.core.diagnostic;

import dev.tj.core.cost.CostReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tj tokenmaxx}: the context diagnostic reduced to one shareable tier. Overhead is the re-read
 * share; work is uncached input plus output; the cache-miss share is in neither, so the two need not
 * add up to 1.
 *
 * @param compactableReread re-read tokens sitting in compact-candidate sessions
 */
public record EfficiencyCard(
        String since,
        boolean weekly,
        int sessions,
        int turns,
        double overheadShare,
        double workShare,
        long rereadTokens,
        long workTokens,
        long totalTokens,
        double costUsd,
        long compactableReread,
        int compactSessions,
        EfficiencyTier tier) {

    public static EfficiencyCard of(ContextDiagnostic d, String since, boolean weekly) {
        Composition c = d.composition();
        return new EfficiencyCard(
                since,
                weekly,
                d.sessions(),
                d.turns(),
                c.rereadShare(),
                c.workShare(),
                c.reread(),
                c.work(),
                c.total(),
                d.costUsd(),
                d.compactableReread(),
                d.compact().size(),
                EfficiencyTier.of(c.rereadShare()));
    }

    /** The one next step the card suggests. */
    public String action() {
        if (compactSessions > 0)
            return String.format(
                    java.util.Locale.ROOT,
                    "%,d re-read tokens sit in %d compactable session(s). Run tj context to see where to reclaim them.",
                    compactableReread,
                    compactSessions);
        if (overheadShare >= 0.50) return "Run tj context to see which sessions re-read the most.";
        return "Lean context. Keep the /compact habit.";
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("since", since);
        m.put("weekly", weekly);
        m.put("sessions", sessions);
        m.put("turns", turns);
        m.put("overhead_share", overheadShare);
        m.put("work_share", workShare);
        m.put("total_reread_tokens", rereadTokens);
        m.put("total_work_tokens", workTokens);
        m.put("total_tokens", totalTokens);
        m.put("total_cost_usd", CostReport.round(costUsd));
        m.put("compactable_reread_tokens", compactableReread);
        m.put("compact_sessions", compactSessions);
        m.put("tier", tier.label);
        m.put("tier_emoji", tier.emoji);
        m.put("tier_quip", tier.quip);
        m.put("action", action());
        return m;
    }
}
