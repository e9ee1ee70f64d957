package dev.tj.core.diagnostic;

import dev.tj.core.cost.CostReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tj context}: what fills the context window and what re-reading it costs, over the LLM calls
 * of a window. Shares are measured; compact candidates and recurring inclusions are structural hints,
 * not promised savings.
 *
 * @param composition every call's tokens together (cache writes included, unlike the quota audit)
 * @param heaviest    the calls that re-read the most, heaviest first
 * @param compact     sessions where re-reading dominates, most re-read first
 */
public record ContextDiagnostic(
        Instant since,
        Instant until,
        String source,
        int sessions,
        int turns,
        Composition composition,
        double costUsd,
        List<Turn> heaviest,
        List<CompactCandidate> compact,
        List<RecurringInclusions.Inclusion> recurring,
        boolean toolInputsCaptured,
        List<String> notes) {

    /** A session needs this much re-read context before /compact is worth suggesting ... */
    public static final long COMPACT_MIN_REREAD = 200_000;
    /** ... and re-reading must be this share of its tokens. */
    public static final double COMPACT_MIN_SHARE = 0.80;

    public static final int TOP = 10;

    public static final String CAVEAT = "Re-read tokens are cache reads (billed at a reduced rate, not free); "
            + "cache-miss tokens are cache writes (billed at a premium). These are measured shares and "
            + "structural candidates, not guaranteed savings.";

    /** One call, by what it re-read. {@code subAgentId} is the subagent's own id, never the agent's. */
    public record Turn(
            String sessionId,
            String subAgentId,
            String agentId,
            String model,
            Instant time,
            long rereadTokens,
            long newInputTokens,
            long outputTokens,
            long cacheWriteTokens,
            double costUsd) {}

    public record CompactCandidate(
            String sessionId, long rereadTokens, long totalTokens, double rereadShare, int turns) {}

    public static ContextDiagnostic of(CallWindow w) {
        Composition all = Composition.ZERO;
        double cost = 0;
        Map<String, Composition> bySession = new HashMap<>();
        Map<String, Integer> turnsBySession = new HashMap<>();
        List<Turn> turns = new ArrayList<>(w.calls().size());
        for (LlmCall c : w.calls()) {
            all = all.plus(c.usage());
            cost += c.costUsd();
            String sid = c.sessionId() == null ? "unknown" : c.sessionId();
            bySession.merge(sid, Composition.of(c.usage()), Composition::plus);
            turnsBySession.merge(sid, 1, Integer::sum);
            turns.add(new Turn(
                    c.sessionId(),
                    c.subAgentId(),
                    c.agentId(),
                    c.model(),
                    c.time(),
                    c.usage().cacheRead(),
                    c.usage().input(),
                    c.usage().output(),
                    c.usage().cacheWrite(),
                    c.costUsd()));
        }
        turns.sort(Comparator.comparingLong(Turn::rereadTokens)
                .reversed()
                .thenComparing(Turn::time, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Turn::sessionId, Comparator.nullsLast(Comparator.naturalOrder())));
        List<CompactCandidate> compact = new ArrayList<>();
        bySession.forEach((sid, comp) -> {
            double share = comp.total() == 0 ? 0 : (double) comp.reread() / comp.total();
            if (comp.reread() >= COMPACT_MIN_REREAD && share >= COMPACT_MIN_SHARE)
                compact.add(new CompactCandidate(
                        sid, comp.reread(), comp.total(), comp.rereadShare(), turnsBySession.get(sid)));
        });
        compact.sort(Comparator.comparingLong(CompactCandidate::rereadTokens)
                .reversed()
                .thenComparing(CompactCandidate::sessionId));
        List<String> notes = new ArrayList<>();
        if (!w.toolInputsCaptured())
            notes.add("Recurring inclusions need tool inputs (which files were read, what was searched); "
                    + (w.source().equals("transcripts")
                            ? "this read did not ask for them."
                            : "stored spans do not carry them. tj context --root ~/.claude/projects reads them "
                                    + "from Claude Code's transcripts."));
        return new ContextDiagnostic(
                w.since(),
                w.until(),
                w.source(),
                bySession.size(),
                w.calls().size(),
                all,
                cost,
                List.copyOf(turns.subList(0, Math.min(TOP, turns.size()))),
                List.copyOf(compact.subList(0, Math.min(TOP, compact.size()))),
                w.toolInputsCaptured() ? RecurringInclusions.of(w.toolInputs()) : List.of(),
                w.toolInputsCaptured(),
                List.copyOf(notes));
    }

    /** Re-read tokens of the compact candidates together (what /compact could stop re-reading). */
    public long compactableReread() {
        long t = 0;
        for (CompactCandidate c : compact) t += c.rereadTokens();
        return t;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("since", since == null ? null : since.toString());
        m.put("until", until == null ? null : until.toString());
        m.put("source", source);
        m.put("sessions", sessions);
        m.put("turns", turns);
        m.put("total_reread_tokens", composition.reread());
        m.put("total_new_input_tokens", composition.freshInput());
        m.put("total_output_tokens", composition.output());
        m.put("total_cache_write_tokens", composition.cacheWrite());
        m.put("total_cache_miss_tokens", composition.cacheMiss());
        m.put("total_work_tokens", composition.work());
        m.put("total_tokens", composition.total());
        m.put("reread_share", composition.rereadShare());
        m.put("work_share", composition.workShare());
        m.put("cache_miss_share", composition.cacheMissShare());
        m.put("total_cost_usd", CostReport.round(costUsd));
        List<Map<String, Object>> h = new ArrayList<>();
        for (Turn t : heaviest) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("session_id", t.sessionId());
            r.put("sub_agent_id", t.subAgentId());
            r.put("agent_id", t.agentId());
            r.put("model", t.model());
            r.put("time", t.time() == null ? null : t.time().toString());
            r.put("reread_tokens", t.rereadTokens());
            r.put("new_input_tokens", t.newInputTokens());
            r.put("output_tokens", t.outputTokens());
            r.put("cache_write_tokens", t.cacheWriteTokens());
            r.put("cost_usd", CostReport.round(t.costUsd()));
            h.add(r);
        }
        m.put("heaviest_turns", h);
        m.put(
                "recurring",
                recurring.stream().map(RecurringInclusions.Inclusion::toJson).toList());
        List<Map<String, Object>> cc = new ArrayList<>();
        for (CompactCandidate c : compact) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("session_id", c.sessionId());
            r.put("reread_tokens", c.rereadTokens());
            r.put("total_tokens", c.totalTokens());
            r.put("reread_share", c.rereadShare());
            r.put("turns", c.turns());
            cc.add(r);
        }
        m.put("compact_candidates", cc);
        m.put(
                "compact_thresholds",
                Map.of("min_reread_tokens", COMPACT_MIN_REREAD, "min_reread_share", COMPACT_MIN_SHARE));
        m.put("tool_inputs_captured", toolInputsCaptured);
        m.put("notes", notes);
        m.put("caveat", CAVEAT);
        return m;
    }
}
