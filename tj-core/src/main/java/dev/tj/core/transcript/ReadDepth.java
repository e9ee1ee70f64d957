package dev.tj.core.transcript;

/** How much of a Claude Code transcript a cost read takes in: the less, the faster. */
public enum ReadDepth {
    /**
     * API responses only, for reads that need usage and nothing else ({@code tj blocks}): a line in
     * which the bytes {@code "usage"} do not occur cannot carry usage and is not parsed (most of a
     * transcript's bytes are tool results and prompts). Tool results and subagent links stay unknown.
     */
    CALLS,
    /**
     * API responses and the links of subagents to their parent's Task/Agent call ({@code tj
     * quickstart}): every line is read, but tool results are not kept.
     */
    SUBAGENTS,
    /** API responses, tool results and subagent links: backfill, the cost diagnostics. */
    LINKS,
    /** As {@link #LINKS}, and what each tool call was pointed at ({@link ToolUse#target()}). */
    TOOL_TARGETS;

    /** Only lines that can carry usage are parsed. */
    public boolean callsOnly() {
        return this == CALLS;
    }

    /** Subagents are linked to their parent's call (a call may wait for its link). */
    public boolean linksSubagents() {
        return this != CALLS;
    }

    /** Tool results are kept (a call may wait for the results of its tools). */
    public boolean keepsResults() {
        return this == LINKS || this == TOOL_TARGETS;
    }

    public boolean keepsToolTargets() {
        return this == TOOL_TARGETS;
    }
}
