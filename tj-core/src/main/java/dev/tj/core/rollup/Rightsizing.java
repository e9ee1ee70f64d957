package dev.tj.core.rollup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TokenJam's subagent right-sizing flags (the three-clause version): candidates for a look, from
 * the token shape alone. They say nothing about quality and promise no saving.
 */
public final class Rightsizing {
    private Rightsizing() {}

    public static final String OVER_POWERED = "over_powered";
    public static final String OVER_PROVISIONED = "over_provisioned";

    /** Below this cost a subagent is noise and gets no flag. */
    static final double NOISE_FLOOR_USD = 0.05;

    static final long SMALL_OUTPUT = 2_000;
    static final long FEW_TOOL_CALLS = 5;
    static final long LARGE_CONTEXT = 50_000;

    public static final String CAVEAT = "Candidate-flagging heuristic, not a quality judgment: the flags describe"
            + " token shape only. Review the flagged subagents before changing how you dispatch them or which"
            + " model they use.";

    /**
     * over_powered: a premium (opus) model that wrote little and used few tools; over_provisioned:
     * handed a large context (input + cache read) but wrote little.
     */
    public static List<String> flags(
            String model, long input, long cacheRead, long output, long toolCalls, double costUsd) {
        List<String> out = new ArrayList<>(2);
        if (costUsd < NOISE_FLOOR_USD) return out;
        boolean premium = model != null && model.toLowerCase(Locale.ROOT).contains("opus");
        if (premium && output < SMALL_OUTPUT && toolCalls <= FEW_TOOL_CALLS) out.add(OVER_POWERED);
        if (input + cacheRead >= LARGE_CONTEXT && output < SMALL_OUTPUT) out.add(OVER_PROVISIONED);
        return out;
    }
}
