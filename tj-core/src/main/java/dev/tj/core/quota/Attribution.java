package dev.tj.core.quota;

import java.time.Instant;
import java.util.List;

/**
 * How the rises of one window over a time range split between sessions, prompts, subagents and
 * projects. Measured: the rises (official readings). Derived: the split, by the implied API value of
 * the calls that finished between the two readings of each rise.
 *
 * @param risePoints       every rise in the range, percentage points, summed across resets
 * @param attributedPoints the part that fell on stored calls
 * @param resets           how many times the window reset in the range
 * @param rises            the rises themselves, oldest first (for the page's bands)
 */
public record Attribution(
        String window,
        Instant from,
        Instant to,
        double risePoints,
        double attributedPoints,
        int resets,
        List<Contribution> sessions,
        List<Contribution> prompts,
        List<Contribution> subagents,
        List<Contribution> projects,
        List<Rise> rises) {

    public double unattributedPoints() {
        return Math.max(0, risePoints - attributedPoints);
    }

    /** The contribution of one session, if it had any. */
    public Contribution session(String sessionId) {
        for (Contribution c : sessions) if (c.key().equals(sessionId)) return c;
        return null;
    }

    /**
     * One rise between two readings.
     *
     * @param session the session that took most of it, or null when no stored call explains it
     */
    public record Rise(Instant from, Instant to, double points, String session) {}
}
