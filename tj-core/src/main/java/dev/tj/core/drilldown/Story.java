package dev.tj.core.drilldown;

import java.util.List;

/**
 * A session's Timeline, built deterministically from its transcript: the first real prompt
 * ({@code task}), the last narration ({@code outcome}), the steps in order with their subagents
 * nested, the caps that applied and what was skipped. A plain value: it serialises to TokenJam's
 * {@code /story} names with the API mapper and is what a method snapshot stores.
 *
 * @param agent     {@code claude-code} or {@code codex}
 * @param stepCount steps before any cut
 */
public record Story(
        String sessionId,
        String agent,
        String task,
        String outcome,
        int stepCount,
        boolean truncated,
        List<Step> steps,
        StoryCaps caps,
        Skipped skipped) {

    public static final String CLAUDE_CODE = "claude-code";
    public static final String CODEX = "codex";
}
