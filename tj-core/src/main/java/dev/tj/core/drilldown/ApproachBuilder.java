package dev.tj.core.drilldown;

import dev.tj.core.agent.AgentTools;
import dev.tj.core.rollup.SubagentUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the method spine out of a {@link Story} (reference §5.1), deterministically: a step that
 * spawns a subagent is {@code delegate}; a retry of a failed step or a git revert is
 * {@code dead_end}; a test run is {@code verify}; anything else {@code act}. A move's label is the
 * agent's own first line ({@code agent_words}) or, without narration, a description of its tools
 * ({@code structural}).
 */
public final class ApproachBuilder {
    static final Pattern REVERT = Pattern.compile("git\\s+(checkout\\s+--|restore|revert|reset)");
    static final Pattern TEST_RUN = Pattern.compile(
            "pytest|unittest|\\bnpm\\s+(run\\s+)?test|yarn\\s+test|go\\s+test|cargo\\s+test|make\\s+test|tox\\b|jest|vitest"
                    + "|\\bmvn\\b.*\\b(test|verify)\\b|gradle\\w*\\s+test");
    static final int MAX_LABEL = 80, MAX_QUOTE = 600;

    private ApproachBuilder() {}

    /**
     * @param name     the session's display name
     * @param status   the session's status (active, idle, completed, …)
     * @param costs    per-subagent cost rollup by agent id (may be empty)
     * @param meta     the session's own cost and tokens
     * @param children sessions launched from this one in other terminals
     */
    public static Approach build(
            Story story,
            String name,
            String status,
            Map<String, SubagentUse> costs,
            Approach.Meta meta,
            List<ChildSession> children) {
        int[] counts = new int[4];
        List<Approach.Move> spine = spine(story.steps(), 0, costs, counts);
        List<Approach.AgentNode> agents = new ArrayList<>();
        boolean partial = story.truncated() || story.skipped().badInput() > 0 || capped(story.caps());
        agents.add(new Approach.AgentNode(
                name,
                null,
                story.sessionId(),
                0,
                Approach.MAIN,
                status,
                meta.costUsd(),
                meta.tokens(),
                partial ? Approach.PARTIAL : Approach.FULL));
        rail(spine, agents);
        List<Approach.AgentNode> cross = new ArrayList<>();
        for (ChildSession c : children) {
            if (c.sessionId().equals(story.sessionId())) continue;
            Approach.AgentNode n = new Approach.AgentNode(
                    c.name(),
                    null,
                    c.sessionId(),
                    1,
                    Approach.CROSS,
                    c.status(),
                    c.costUsd(),
                    c.tokens(),
                    c.hasTranscript() ? Approach.FULL : Approach.SESSION_LEVEL);
            cross.add(n);
            agents.add(n);
            counts[1]++;
        }
        return new Approach(
                name,
                story.task(),
                story.outcome(),
                spine,
                agents,
                cross,
                new Approach.Counts(counts[0], counts[1], counts[2], counts[3]),
                meta,
                partial ? Approach.PARTIAL : Approach.FULL,
                story.skipped());
    }

    private static boolean capped(StoryCaps c) {
        return c.depthCapped() + c.budgetCapped() + c.truncatedStories() > 0;
    }

    /** counts: moves, delegations, dead ends, verifies. */
    static List<Approach.Move> spine(List<Step> steps, int depth, Map<String, SubagentUse> costs, int[] counts) {
        List<Approach.Move> out = new ArrayList<>(steps.size());
        for (Step s : steps) {
            if (s.isMarker()) continue;
            String kind = kind(s);
            counts[0]++;
            if (kind.equals(Approach.DEAD_END)) counts[2]++;
            if (kind.equals(Approach.VERIFY)) counts[3]++;
            boolean anyFailed =
                    Boolean.TRUE.equals(s.isError()) || s.tools().stream().anyMatch(ToolCall::failed);
            List<Approach.Delegation> dels = null;
            if (kind.equals(Approach.DELEGATE)) {
                dels = new ArrayList<>();
                for (Subagent c : s.children()) {
                    counts[1]++;
                    dels.add(delegation(c, depth + 1, costs, counts));
                }
            }
            String first = firstLine(s.text());
            out.add(new Approach.Move(
                    kind,
                    first != null ? AgentTools.trim(first, MAX_LABEL) : structural(s.tools()),
                    first != null ? Approach.AGENT_WORDS : Approach.STRUCTURAL,
                    quote(s.text()),
                    s.tools(),
                    Boolean.TRUE.equals(s.isRetry()),
                    kind.equals(Approach.VERIFY) && anyFailed,
                    dels));
        }
        return out;
    }

    private static Approach.Delegation delegation(Subagent c, int depth, Map<String, SubagentUse> costs, int[] counts) {
        String capped = c.cappedBy();
        List<Approach.Move> spine = capped == null ? spine(c.stepsOrEmpty(), depth, costs, counts) : List.of();
        SubagentUse cost = c.agentId() == null ? null : costs.get(c.agentId());
        String status = capped != null
                ? "capped"
                : "error".equals(c.status())
                        ? "failed"
                        : "launched".equals(c.status()) || "running".equals(c.status()) ? "running" : "ended";
        String completeness = capped != null
                ? Approach.SESSION_LEVEL
                : Boolean.TRUE.equals(c.truncated()) || hasCappedBelow(c) ? Approach.PARTIAL : Approach.FULL;
        return new Approach.Delegation(
                c.name(),
                c.agentId(),
                depth,
                c.task(),
                capped,
                spine,
                cost == null ? null : cost.costUsd(),
                cost == null ? null : cost.tokens(),
                cost == null ? List.of() : cost.flags(),
                status,
                Approach.IN_SESSION,
                completeness);
    }

    private static boolean hasCappedBelow(Subagent c) {
        for (Step s : c.stepsOrEmpty())
            for (Subagent k : s.children()) if (k.cappedBy() != null || hasCappedBelow(k)) return true;
        return false;
    }

    private static void rail(List<Approach.Move> spine, List<Approach.AgentNode> out) {
        for (Approach.Move m : spine) {
            if (m.delegations() == null) continue;
            for (Approach.Delegation d : m.delegations()) {
                out.add(new Approach.AgentNode(
                        d.name(),
                        d.agentId(),
                        null,
                        d.depth(),
                        Approach.IN_SESSION,
                        d.status(),
                        d.costUsd(),
                        d.tokens(),
                        d.captureCompleteness()));
                rail(d.spine(), out);
            }
        }
    }

    static String kind(Step s) {
        if (!s.children().isEmpty() || s.tools().stream().anyMatch(t -> AgentTools.spawnsSubagent(t.name())))
            return Approach.DELEGATE;
        boolean revert = false, test = false;
        for (ToolCall t : s.tools()) {
            if (!"bash".equals(AgentTools.category(t.name()))) continue;
            if (REVERT.matcher(t.label()).find()) revert = true;
            if (TEST_RUN.matcher(t.label()).find()) test = true;
        }
        if (Boolean.TRUE.equals(s.isRetry()) || revert) return Approach.DEAD_END;
        if (test) return Approach.VERIFY;
        return Approach.ACT;
    }

    private static String firstLine(String text) {
        if (text == null) return null;
        for (String line : text.split("\n")) if (!line.isBlank()) return line.strip();
        return null;
    }

    private static String quote(String text) {
        if (text == null || text.isBlank()) return null;
        String para = text.strip().split("\\n\\s*\\n", 2)[0];
        return AgentTools.trim(para, MAX_QUOTE);
    }

    /** "read parser.py", "bash: make", or counts for several tools. */
    static String structural(List<ToolCall> tools) {
        if (tools.isEmpty()) return "(no narration)";
        if (tools.size() == 1) {
            ToolCall t = tools.get(0);
            String cat = AgentTools.category(t.name());
            return switch (cat) {
                case "bash" -> t.label().isEmpty() ? "bash" : "bash: " + t.label();
                case "read" -> "read " + basename(t.label());
                case "edit" -> "edit " + basename(t.label());
                case "search" -> ("search " + t.label()).strip();
                case "web" -> ((t.name().equals("WebFetch") ? "fetch " : "search ") + t.label()).strip();
                case "task" -> ("delegate " + t.label()).strip();
                default -> (t.name().toLowerCase() + " " + t.label()).strip();
            };
        }
        int[] n = new int[7]; // read, edit, search, bash, delegation, web, other
        for (ToolCall t : tools) {
            switch (AgentTools.category(t.name())) {
                case "read" -> n[0]++;
                case "edit" -> n[1]++;
                case "search" -> n[2]++;
                case "bash" -> n[3]++;
                case "task" -> n[4]++;
                case "web" -> n[5]++;
                default -> n[6]++;
            }
        }
        List<String> parts = new ArrayList<>();
        if (n[0] > 0) parts.add("read " + n[0] + (n[0] == 1 ? " file" : " files"));
        if (n[1] > 0) parts.add("edit " + n[1] + (n[1] == 1 ? " file" : " files"));
        if (n[2] > 0) parts.add(n[2] + (n[2] == 1 ? " search" : " searches"));
        if (n[3] > 0) parts.add(n[3] + (n[3] == 1 ? " command" : " commands"));
        if (n[4] > 0) parts.add(n[4] + (n[4] == 1 ? " delegation" : " delegations"));
        if (n[5] > 0) parts.add(n[5] + (n[5] == 1 ? " web fetch" : " web fetches"));
        if (n[6] > 0) parts.add(n[6] + (n[6] == 1 ? " tool call" : " tool calls"));
        return String.join(", ", parts);
    }

    private static String basename(String path) {
        if (path == null || path.isEmpty()) return "";
        int i = path.lastIndexOf('/');
        return i >= 0 && i < path.length() - 1 ? path.substring(i + 1) : path;
    }
}
