package dev.tj.core.transcript;

import java.util.List;
import java.util.Map;

/**
 * A {@code tool_use} block of an assistant message: its id ({@code toolu_…}), tool name and, when the
 * reader was asked for tool inputs, its target (the file a read opened, the pattern a search ran).
 */
public record ToolUse(String id, String name, String target) {
    /** What a search ran: its pattern or query, never the directory it ran in. */
    static final List<String> SEARCH_KEYS = List.of("pattern", "query", "regex", "q", "search");

    /** What any other tool was pointed at: a file first. */
    static final List<String> FILE_KEYS = List.of("file_path", "notebook_path", "path");

    static final java.util.Set<String> SEARCH_TOOLS = java.util.Set.of("grep", "glob", "search", "ripgrep", "rg");

    public ToolUse(String id, String name) {
        this(id, name, null);
    }

    /** The first non-blank target of a tool input (by the tool's kind), or null. */
    static String target(String name, Map<String, String> input) {
        if (input == null || input.isEmpty()) return null;
        boolean search = name != null && SEARCH_TOOLS.contains(name.toLowerCase(java.util.Locale.ROOT));
        for (String k : search ? SEARCH_KEYS : FILE_KEYS) {
            String v = input.get(k);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }
}
