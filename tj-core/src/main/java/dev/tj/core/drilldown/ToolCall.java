package dev.tj.core.drilldown;

/**
 * One tool call of a step: its name, a short label (one input argument, at most 120 chars) and
 * {@code ok} or {@code error}. Inputs and outputs themselves are never kept.
 */
public record ToolCall(String name, String label, String status) {
    public static final String OK = "ok";
    public static final String ERROR = "error";

    public boolean failed() {
        return ERROR.equals(status);
    }
}
