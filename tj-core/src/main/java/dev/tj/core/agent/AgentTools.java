package dev.tj.core.agent;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What tj knows about coding agents' tool calls for the drill-in: which input argument labels a call
 * (reference §4.3), which tools spawn a subagent ({@code Agent} now, {@code Task} before), and the
 * category a call falls in on the session map (§5.3).
 */
public final class AgentTools {
    private AgentTools() {}

    public static final int MAX_LABEL_CHARS = 120;
    public static final Set<String> SUBAGENT_TOOLS = Set.of("Task", "Agent");
    public static final Set<String> FILE_EDIT_TOOLS =
            Set.of("Edit", "Write", "NotebookEdit", "MultiEdit", "apply_patch");

    private static final Map<String, List<String>> LABEL_KEYS = Map.ofEntries(
            Map.entry("Read", List.of("file_path")),
            Map.entry("Write", List.of("file_path")),
            Map.entry("Edit", List.of("file_path")),
            Map.entry("NotebookEdit", List.of("notebook_path", "file_path")),
            Map.entry("Bash", List.of("command", "description")),
            Map.entry("Glob", List.of("pattern", "path")),
            Map.entry("Grep", List.of("pattern", "path")),
            Map.entry("Task", List.of("description", "subagent_type", "prompt")),
            Map.entry("WebFetch", List.of("url", "prompt")),
            Map.entry("WebSearch", List.of("query")),
            Map.entry("Skill", List.of("skill", "args")),
            Map.entry("TodoWrite", List.of("description")));
    private static final List<String> GENERIC_KEYS =
            List.of("file_path", "path", "command", "cmd", "pattern", "query", "url", "description", "prompt", "name");

    public static boolean spawnsSubagent(String toolName) {
        return SUBAGENT_TOOLS.contains(toolName);
    }

    /** The first non-blank of the tool's own label keys, then the generic ones, trimmed to 120; "" if none. */
    public static String label(String toolName, Map<String, String> input) {
        if (input == null || input.isEmpty()) return "";
        for (String k : toolName == null ? List.<String>of() : LABEL_KEYS.getOrDefault(toolName, List.of())) {
            String v = input.get(k);
            if (v != null && !v.isBlank()) return trim(v, MAX_LABEL_CHARS);
        }
        for (String k : GENERIC_KEYS) {
            String v = input.get(k);
            if (v != null && !v.isBlank()) return trim(v, MAX_LABEL_CHARS);
        }
        return "";
    }

    /** Session-map category: read, edit, search, bash, task, web or other. */
    public static String category(String toolName) {
        if (toolName == null) return "other";
        if (toolName.equals("Read")) return "read";
        if (FILE_EDIT_TOOLS.contains(toolName)) return "edit";
        if (toolName.equals("Grep") || toolName.equals("Glob")) return "search";
        if (toolName.equals("Bash") || toolName.equals("exec_command") || toolName.equals("shell")) return "bash";
        if (SUBAGENT_TOOLS.contains(toolName)) return "task";
        if (toolName.equals("WebFetch") || toolName.equals("WebSearch") || toolName.equals("web_search")) return "web";
        return "other";
    }

    /** Stripped; when longer than {@code limit}, cut to {@code limit} chars, right-stripped, with "…". */
    public static String trim(String text, int limit) {
        if (text == null) return "";
        String s = text.strip();
        if (s.length() <= limit) return s;
        return s.substring(0, limit).stripTrailing() + "…";
    }
}
