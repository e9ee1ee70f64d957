package dev.tj.core.transcript;

/** The outcome of a tool_use: the user record carrying its tool_result. */
public record ToolResult(boolean error, long ts) {}
