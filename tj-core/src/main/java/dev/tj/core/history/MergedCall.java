package dev.tj.core.history;

import dev.tj.core.transcript.CallRecord;

/**
 * An API response counted once across all history: from the first file (oldest first) it appears
 * in, with the usage of its last snapshot there.
 *
 * @param parentToolUseId for a subagent's call, the parent's Task/Agent tool_use id, when known
 */
public record MergedCall(
        CallRecord call, String sessionId, String project, String subAgentId, String parentToolUseId) {}
