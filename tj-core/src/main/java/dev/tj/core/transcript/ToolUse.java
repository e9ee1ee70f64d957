package dev.tj.core.transcript;

/** A {@code tool_use} block of an assistant message: its id ({@code toolu_…}) and tool name. */
public record ToolUse(String id, String name) {}
