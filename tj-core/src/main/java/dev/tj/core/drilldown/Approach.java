package dev.tj.core.drilldown;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How a session went about its task (reference §5.1): the method spine of moves, the delegation
 * tree with each delegation's cost and status, and a preorder rail of every agent involved. Every
 * node says where it comes from ({@code provenance}) and how much of it tj holds
 * ({@code capture_completeness}): {@code full}, {@code partial} (cut or capped below), or
 * {@code session-level} (only totals: not expanded, or no transcript).
 */
public record Approach(
        String name,
        String task,
        String outcome,
        List<Move> spine,
        List<AgentNode> agents,
        List<AgentNode> crossTerminal,
        Counts counts,
        Meta meta,
        String captureCompleteness,
        Skipped skipped) {

    public static final String ACT = "act", DELEGATE = "delegate", VERIFY = "verify", DEAD_END = "dead_end";
    public static final String AGENT_WORDS = "agent_words", STRUCTURAL = "structural";
    public static final String MAIN = "main_session",
            IN_SESSION = "in_session_subagent",
            CROSS = "cross_terminal_child";
    public static final String FULL = "full", PARTIAL = "partial", SESSION_LEVEL = "session-level";

    /** One move of the spine: one real step. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Move(
            String kind,
            String label,
            String source,
            String quote,
            List<ToolCall> evidence,
            boolean isRetry,
            boolean failed,
            List<Delegation> delegations) {}

    /** A subagent a delegate move spawned, with its own spine (empty when it was not expanded). */
    public record Delegation(
            String name,
            String agentId,
            int depth,
            String task,
            String capped,
            List<Move> spine,
            Double costUsd,
            Long tokens,
            List<String> flags,
            String status,
            String provenance,
            String captureCompleteness) {}

    /** One entry of the agents rail (preorder: the session, its subagents, then cross-terminal children). */
    public record AgentNode(
            String name,
            String agentId,
            String sessionId,
            int depth,
            String provenance,
            String status,
            Double costUsd,
            Long tokens,
            String captureCompleteness) {}

    public record Counts(int moves, int delegations, int deadEnds, int verifies) {}

    /** The session's own totals (from its spans); null values when tj holds none. */
    public record Meta(Double costUsd, Long tokens) {}
}
