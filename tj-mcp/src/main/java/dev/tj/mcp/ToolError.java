package dev.tj.mcp;

/** A call the tool cannot answer (a wrong argument, an unknown id): an MCP tool error, not a crash. */
final class ToolError extends RuntimeException {
    ToolError(String message) {
        super(message, null, false, false);
    }
}
