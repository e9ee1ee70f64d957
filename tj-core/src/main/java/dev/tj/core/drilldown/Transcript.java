package dev.tj.core.drilldown;

import java.nio.file.Path;

/**
 * A located transcript: a Claude Code session file (its subagents under
 * {@code <dir>/<session>/subagents}) or a Codex rollout.
 */
public record Transcript(Kind kind, String sessionId, Path file) {
    public enum Kind {
        CLAUDE_CODE,
        CODEX
    }

    /** Where a Claude Code session keeps its subagent transcripts (at every depth, flat). */
    public Path subagentsDir() {
        return file.resolveSibling(sessionId).resolve("subagents");
    }
}
