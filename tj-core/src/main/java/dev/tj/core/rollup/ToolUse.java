package dev.tj.core.rollup;

/** How often a tool ran in a session and how often it failed. */
public record ToolUse(String toolName, long count, long errorCount) {}
