package dev.tj.core.agent;

/** Which agent ids are interactive coding agents (the others are SDK services). */
public final class CodingAgents {
    private CodingAgents() {}

    /**
     * Claude Code's id and every Codex id ({@code codex_exec}, {@code codex_cli_rs}, {@code codex_tui}…)
     * start with these; a wrapper that suffixes the id ("claude-code-ci") stays a coding agent.
     */
    public static boolean isCodingAgent(String agentId) {
        return agentId != null && (agentId.startsWith(ClaudeCode.AGENT_ID) || agentId.startsWith("codex"));
    }
}
