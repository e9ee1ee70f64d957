package dev.tj.core.rollup;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.span.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run: the sum over its member sessions (each session's totals are the sum over its spans, so
 * these are too) and its spawn tree.
 *
 * @param members     latest activity first
 * @param pricingMode the members' common pricing mode, {@code mixed} when they differ
 * @param tree        roots in member order; a member is a child when its parent is another member
 */
public record RunRollup(
        String runId,
        List<Session> members,
        String pricingMode,
        Usage usage,
        double costUsd,
        long toolCallCount,
        long errorCount,
        long spanCount,
        Instant startedAt,
        Instant lastActivity,
        List<SpawnNode> tree) {

    public double timeSpanSeconds() {
        return startedAt == null || lastActivity == null
                ? 0.0
                : Math.max(0, lastActivity.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }

    /** @param members the run's sessions, latest activity first (empty: no run) */
    public static RunRollup of(String runId, List<Session> members) {
        Usage usage = Usage.ZERO;
        double cost = 0;
        long tools = 0, errors = 0, spans = 0;
        Instant start = null, last = null;
        Set<PlanTier> tiers = new HashSet<>();
        for (Session s : members) {
            usage = usage.plus(s.usage());
            cost += s.costUsd();
            tools += s.toolCallCount();
            errors += s.errorCount();
            spans += s.spanCount();
            if (start == null || s.startedAt().isBefore(start)) start = s.startedAt();
            if (last == null || s.lastActivity().isAfter(last)) last = s.lastActivity();
            tiers.add(s.planTier());
        }
        return new RunRollup(
                runId,
                List.copyOf(members),
                pricingMode(tiers),
                usage,
                cost,
                tools,
                errors,
                spans,
                start,
                last,
                tree(members));
    }

    /** The members' common pricing mode; {@code mixed} if they disagree, {@code unknown} if none. */
    public static String pricingMode(Collection<PlanTier> tiers) {
        Set<String> modes = new HashSet<>();
        for (PlanTier t : tiers)
            modes.add((t == null ? PlanTier.UNKNOWN : t).pricingMode().wire());
        if (modes.isEmpty()) return "unknown";
        return modes.size() == 1 ? modes.iterator().next() : "mixed";
    }

    /**
     * Children hang under their parent when the parent is a member and not themselves; a parent
     * chain that loops back is cut where it would close, so every member appears exactly once.
     */
    static List<SpawnNode> tree(List<Session> members) {
        Map<String, Session> byId = new LinkedHashMap<>();
        for (Session s : members) byId.put(s.sessionId(), s);
        Map<String, List<String>> children = new HashMap<>();
        List<String> roots = new ArrayList<>();
        for (Session s : members) {
            String parent = s.resource().parentSessionId();
            if (parent != null && !parent.equals(s.sessionId()) && byId.containsKey(parent) && !loops(s, byId)) {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s.sessionId());
            } else {
                roots.add(s.sessionId());
            }
        }
        List<SpawnNode> out = new ArrayList<>();
        for (String r : roots) out.add(node(r, children));
        return out;
    }

    /** Whether following parents from s comes back to s (then s is made a root). */
    private static boolean loops(Session s, Map<String, Session> byId) {
        Set<String> seen = new HashSet<>();
        Session cur = s;
        while (cur != null && seen.add(cur.sessionId())) {
            String p = cur.resource().parentSessionId();
            if (p == null || p.equals(cur.sessionId())) return false;
            if (p.equals(s.sessionId())) return true;
            cur = byId.get(p);
        }
        return false;
    }

    private static SpawnNode node(String id, Map<String, List<String>> children) {
        List<SpawnNode> kids = new ArrayList<>();
        for (String c : children.getOrDefault(id, List.of())) kids.add(node(c, children));
        return new SpawnNode(id, kids);
    }
}
