package dev.tj.core.rollup;

import dev.tj.core.span.Usage;
import dev.tj.core.storage.SpanFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rollup of one session folded from its span facts in one pass: turns, model mix, context
 * series, top tools, traces and subagents.
 *
 * @param turnCount LLM calls ({@code gen_ai.llm.call} spans)
 * @param contextSeries one point per LLM call by start, thinned to {@link ContextSeries#MAX_POINTS}
 * @param tools    the {@link #TOP_TOOLS} most used tools (tool decisions included, as TokenJam counts)
 * @param traces   newest first, at most {@link #MAX_TRACES}
 * @param subagents costliest first
 */
public record SessionRollup(
        long turnCount,
        List<ModelUse> modelMix,
        List<ContextPoint> contextSeries,
        List<ToolUse> tools,
        List<TraceSummary> traces,
        List<SubagentUse> subagents) {
    public static final int TOP_TOOLS = 15;
    public static final int MAX_TRACES = 100;

    /** @param facts the session's spans by start time */
    public static SessionRollup of(List<SpanFacts> facts) {
        long turns = 0;
        Map<String, ModelAcc> models = new HashMap<>();
        List<ContextPoint> context = new ArrayList<>();
        Map<String, long[]> tools = new HashMap<>();
        Map<String, TraceAcc> traces = new LinkedHashMap<>();
        for (SpanFacts f : facts) {
            if (f.isLlmCall()) {
                turns++;
                context.add(new ContextPoint(f.startTime(), f.usage()));
                if (f.model() != null)
                    models.computeIfAbsent(f.model(), ModelAcc::new).add(f);
            }
            if (f.toolName() != null) {
                long[] t = tools.computeIfAbsent(f.toolName(), k -> new long[2]);
                t[0]++;
                if (f.error()) t[1]++;
            }
            traces.computeIfAbsent(f.traceId(), TraceAcc::new).add(f);
        }

        List<ModelUse> mix = models.values().stream()
                .map(ModelAcc::use)
                .sorted(Comparator.comparingLong(ModelUse::calls).reversed().thenComparing(ModelUse::model))
                .toList();
        List<ToolUse> top = tools.entrySet().stream()
                .map(e -> new ToolUse(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.comparingLong(ToolUse::count).reversed().thenComparing(ToolUse::toolName))
                .limit(TOP_TOOLS)
                .toList();
        List<TraceSummary> newest = traces.values().stream()
                .map(TraceAcc::summary)
                .sorted(Comparator.comparing(TraceSummary::startTime).reversed().thenComparing(TraceSummary::traceId))
                .limit(MAX_TRACES)
                .toList();
        return new SessionRollup(
                turns, mix, ContextSeries.thin(context, ContextSeries.MAX_POINTS), top, newest, subagents(facts));
    }

    /** What each subagent of the session used, costliest first (the drill-in views join on it too). */
    public static List<SubagentUse> subagents(List<SpanFacts> facts) {
        Map<String, String> toolOfSpan = new HashMap<>();
        for (SpanFacts f : facts) if (f.toolName() != null) toolOfSpan.put(f.spanId(), f.toolName());
        Map<String, SubAcc> subs = new LinkedHashMap<>();
        for (SpanFacts f : facts) {
            if (f.subAgentId() == null) continue;
            SubAcc s = subs.computeIfAbsent(f.subAgentId(), SubAcc::new);
            s.add(f);
            if (s.type == null && f.parentSpanId() != null) s.type = toolOfSpan.get(f.parentSpanId());
        }
        return subs.values().stream()
                .map(SubAcc::use)
                .sorted(Comparator.comparingDouble(SubagentUse::costUsd)
                        .reversed()
                        .thenComparing(SubagentUse::subAgentId))
                .toList();
    }

    /** {@link #subagents} keyed by {@code sub_agent_id}, in the same order. */
    public static Map<String, SubagentUse> subagentsById(List<SpanFacts> facts) {
        Map<String, SubagentUse> out = new LinkedHashMap<>();
        for (SubagentUse u : subagents(facts)) out.put(u.subAgentId(), u);
        return out;
    }

    private static double cost(SpanFacts f) {
        return f.costUsd() == null ? 0.0 : f.costUsd();
    }

    private static final class ModelAcc {
        final String model;
        long calls;
        Usage usage = Usage.ZERO;
        double cost;

        ModelAcc(String model) {
            this.model = model;
        }

        void add(SpanFacts f) {
            calls++;
            usage = usage.plus(f.usage());
            cost += cost(f);
        }

        ModelUse use() {
            return new ModelUse(model, calls, usage, cost);
        }
    }

    private static final class TraceAcc {
        final String traceId;
        String name;
        Instant start;
        double durationMs, cost;
        boolean error;
        long spans;

        TraceAcc(String traceId) {
            this.traceId = traceId;
        }

        void add(SpanFacts f) {
            // facts come by start time: the first one names the trace
            if (start == null) {
                start = f.startTime();
                name = f.name();
            }
            durationMs += f.durationMs() == null ? 0.0 : Math.max(0.0, f.durationMs());
            cost += cost(f);
            error |= f.error();
            spans++;
        }

        TraceSummary summary() {
            return new TraceSummary(traceId, name, start, durationMs, cost, error, spans);
        }
    }

    private static final class SubAcc {
        final String id;
        String type, model;
        long heaviest = -1, llmCalls, toolCalls;
        Usage usage = Usage.ZERO;
        double cost;
        Instant start, end;

        SubAcc(String id) {
            this.id = id;
        }

        void add(SpanFacts f) {
            if (f.isLlmCall()) llmCalls++;
            if (f.toolName() != null) toolCalls++;
            long weight = f.usage().input() + f.usage().output();
            if (f.model() != null && weight > heaviest) {
                heaviest = weight;
                model = f.model();
            }
            usage = usage.plus(f.usage());
            cost += cost(f);
            if (start == null || f.startTime().isBefore(start)) start = f.startTime();
            Instant e = f.endTime();
            if (end == null || e.isAfter(end)) end = e;
        }

        SubagentUse use() {
            List<String> flags =
                    Rightsizing.flags(model, usage.input(), usage.cacheRead(), usage.output(), toolCalls, cost);
            return new SubagentUse(id, type, model, llmCalls, toolCalls, usage, cost, start, end, List.copyOf(flags));
        }
    }
}
