package dev.tj.core.drilldown;

import dev.tj.core.span.Span;
import dev.tj.core.span.SpanNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one subagent of a session cost, from its spans ({@code sub_agent_id}), with the right-sizing
 * flags of reference §7: candidates to review, never a saving. Below $0.05 nothing is flagged;
 * {@code over_powered}: a premium (opus) model that wrote under 2,000 tokens with at most 5 tool
 * calls; {@code over_provisioned}: at least 50,000 tokens of context in for under 2,000 out.
 */
public record SubagentCost(
        String subAgentId,
        String model,
        long llmCalls,
        long toolCalls,
        long inputTokens,
        long outputTokens,
        long cacheTokens,
        long cacheWriteTokens,
        double costUsd,
        List<String> flags) {

    public static final double NOISE_FLOOR_USD = 0.05;
    public static final String OVER_POWERED = "over_powered", OVER_PROVISIONED = "over_provisioned";
    public static final String CAVEAT = "Candidate-flagging heuristic, not a quality judgment: the flags describe token"
            + " shape only. Review a flagged subagent before changing how you dispatch it or which model it uses.";

    public long tokens() {
        return inputTokens + outputTokens + cacheTokens + cacheWriteTokens;
    }

    /** Per sub_agent_id of the spans, ordered by cost, highest first. */
    public static Map<String, SubagentCost> fromSpans(List<Span> spans) {
        Map<String, long[]> sums = new HashMap<>();
        Map<String, Double> cost = new HashMap<>();
        Map<String, Map<String, Long>> modelWeight = new HashMap<>();
        for (Span s : spans) {
            String id = s.subAgentId();
            if (id == null) continue;
            long[] v = sums.computeIfAbsent(id, k -> new long[6]);
            if (SpanNames.LLM_CALL.equals(s.name())) {
                v[0]++;
                if (s.model() != null)
                    modelWeight
                            .computeIfAbsent(id, k -> new HashMap<>())
                            .merge(s.model(), s.usage().input() + s.usage().output(), Long::sum);
            }
            if (s.toolName() != null) v[1]++;
            v[2] += s.usage().input();
            v[3] += s.usage().output();
            v[4] += s.usage().cacheRead();
            v[5] += s.usage().cacheWrite();
            if (s.costUsd() != null) cost.merge(id, s.costUsd(), Double::sum);
        }
        List<SubagentCost> rows = new ArrayList<>();
        sums.forEach((id, v) -> {
            String model = modelWeight.getOrDefault(id, Map.of()).entrySet().stream()
                    .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey)
                    .orElse(null);
            double c = cost.getOrDefault(id, 0.0);
            rows.add(new SubagentCost(
                    id, model, v[0], v[1], v[2], v[3], v[4], v[5], c, flags(model, v[1], v[2], v[3], v[4], c)));
        });
        rows.sort((a, b) -> a.costUsd() != b.costUsd()
                ? Double.compare(b.costUsd(), a.costUsd())
                : a.subAgentId().compareTo(b.subAgentId()));
        Map<String, SubagentCost> out = new LinkedHashMap<>();
        for (SubagentCost r : rows) out.put(r.subAgentId(), r);
        return out;
    }

    static List<String> flags(String model, long toolCalls, long input, long output, long cacheRead, double cost) {
        if (cost < NOISE_FLOOR_USD) return List.of();
        List<String> f = new ArrayList<>(2);
        if (model != null && model.toLowerCase().contains("opus") && output < 2_000 && toolCalls <= 5)
            f.add(OVER_POWERED);
        if (input + cacheRead >= 50_000 && output < 2_000) f.add(OVER_PROVISIONED);
        return List.copyOf(f);
    }
}
