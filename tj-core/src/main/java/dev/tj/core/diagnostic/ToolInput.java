package dev.tj.core.diagnostic;

/**
 * What a tool call was pointed at, where the source captured it: a file path for a read, a pattern
 * for a search.
 */
public record ToolInput(String sessionId, String toolName, String target) {}
