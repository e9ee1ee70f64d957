package dev.tj.core.span;

/** Span names with meaning to the session model. */
public final class SpanNames {
    private SpanNames() {}

    public static final String INVOKE_AGENT = "invoke_agent";
    public static final String LLM_CALL = "gen_ai.llm.call";
    public static final String TOOL_CALL = "gen_ai.tool.call";
    /** A permission decision about a tool; the call itself is the matching tool span. */
    public static final String TOOL_DECISION = "tool_decision";
}
