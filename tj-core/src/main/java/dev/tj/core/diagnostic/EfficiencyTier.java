package dev.tj.core.diagnostic;

/** The tiers of {@code tj tokenmaxx}: the first whose bound is at or above the overhead share wins. */
public enum EfficiencyTier {
    TOKEN_MINIMIZER(0.30, "TokenMinimizer", "🧘", "Surgical context. Teach the rest of us."),
    LEAN_OPERATOR(0.50, "LeanOperator", "🌿", "Tight loop. Most of your quota does real work."),
    STEADY_STATE(0.70, "SteadyState", "⚖️", "Normal drift. A /compact habit keeps it lean."),
    CONTEXT_HEAVY(0.85, "ContextHeavy", "🪨", "Overhead is winning. Run tj context."),
    QUOTA_SINK(1.01, "QuotaSink", "🕳️", "Re-reading is eating your quota. Run tj context.");

    /** Inclusive upper bound of the overhead (re-read) share. */
    public final double maxOverhead;

    public final String label, emoji, quip;

    EfficiencyTier(double maxOverhead, String label, String emoji, String quip) {
        this.maxOverhead = maxOverhead;
        this.label = label;
        this.emoji = emoji;
        this.quip = quip;
    }

    public static EfficiencyTier of(double overheadShare) {
        for (EfficiencyTier t : values()) if (overheadShare <= t.maxOverhead) return t;
        return QUOTA_SINK;
    }
}
