package dev.tj.core.diagnostic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Files read and searches run again and again across sessions: content every new session pays to
 * pull into its context, which a CLAUDE.md note or an {@code @file} reference could carry instead.
 */
public final class RecurringInclusions {
    private RecurringInclusions() {}

    /** A target must recur in this many distinct sessions to be listed. */
    public static final int MIN_SESSIONS = 3;

    static final Set<String> READ_TOOLS = Set.of("read", "view", "cat");
    static final Set<String> SEARCH_TOOLS = Set.of("grep", "glob", "search", "ripgrep", "rg");

    /**
     * @param kind "file" or "search"
     */
    public record Inclusion(String kind, String toolName, String target, int occurrences, int sessions) {
        public String fix() {
            return kind.equals("file")
                    ? "Reference it as @" + target
                            + " or summarise it in CLAUDE.md instead of re-reading it each session."
                    : "Pin the result in CLAUDE.md (or an @file note) instead of searching again each session.";
        }

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", kind);
            m.put("tool_name", toolName);
            m.put("target", target);
            m.put("occurrences", occurrences);
            m.put("sessions", sessions);
            m.put("fix", fix());
            return m;
        }
    }

    public static List<Inclusion> of(List<ToolInput> inputs) {
        record Key(String kind, String tool, String target) {}
        Map<Key, Integer> occurrences = new HashMap<>();
        Map<Key, Set<String>> sessions = new HashMap<>();
        for (ToolInput t : inputs) {
            if (t.toolName() == null || t.target() == null || t.target().isBlank()) continue;
            String tool = t.toolName().toLowerCase(Locale.ROOT);
            String kind = READ_TOOLS.contains(tool) ? "file" : SEARCH_TOOLS.contains(tool) ? "search" : null;
            if (kind == null) continue;
            Key k = new Key(kind, t.toolName(), t.target().strip().replaceAll("\\s+", " "));
            occurrences.merge(k, 1, Integer::sum);
            sessions.computeIfAbsent(k, x -> new HashSet<>()).add(t.sessionId() == null ? "" : t.sessionId());
        }
        List<Inclusion> out = new ArrayList<>();
        occurrences.forEach((k, n) -> {
            int s = sessions.get(k).size();
            if (s >= MIN_SESSIONS) out.add(new Inclusion(k.kind(), k.tool(), k.target(), n, s));
        });
        out.sort(Comparator.comparingInt(Inclusion::occurrences)
                .thenComparingInt(Inclusion::sessions)
                .reversed()
                .thenComparing(Inclusion::target));
        return List.copyOf(out.subList(0, Math.min(ContextDiagnostic.TOP, out.size())));
    }
}
