package dev.tj.core.drilldown;

import dev.tj.core.agent.AgentTools;
import dev.tj.core.rollup.SubagentUse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link SessionMap} from a story and the session's stored calls (reference §5.3): events
 * from the main thread's tool calls, phases per ask, subagent windows (from their spans when tj has
 * them, else from their own steps), context and cost series, and the active-time axis.
 */
public final class SessionMapBuilder {
    private SessionMapBuilder() {}

    /**
     * @param story     the session's story (may have no steps)
     * @param calls     the session's stored spans as calls, any order
     * @param costs     per-subagent rollup by agent id
     * @param fallbackStart the session start, for an axis without any time
     */
    public static SessionMap build(
            Story story, List<CallPoint> calls, Map<String, SubagentUse> costs, Instant fallbackStart) {
        List<Step> steps = story == null
                ? List.of()
                : story.steps().stream().filter(s -> !s.isMarker()).toList();
        // events, with the phase of their step (phases are segmented per ask)
        List<String> phaseOfStep = new ArrayList<>(steps.size());
        int from = 0;
        for (int i = 1; i <= steps.size(); i++) {
            if (i == steps.size() || steps.get(i).ask() != null) {
                phaseOfStep.addAll(Phases.titles(steps.subList(from, i)));
                from = i;
            }
        }
        record Raw(Instant ts, String tsText, String category, String label, boolean retry, String phase) {}
        List<Raw> raw = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            for (ToolCall t : s.tools())
                raw.add(new Raw(
                        parse(s.ts()),
                        s.ts(),
                        t.failed() ? "error" : AgentTools.category(t.name()),
                        t.label(),
                        Boolean.TRUE.equals(s.isRetry()),
                        phaseOfStep.get(i)));
        }
        List<CallPoint> llm = calls.stream()
                .filter(CallPoint::llm)
                .sorted((a, b) -> a.start().compareTo(b.start()))
                .toList();
        // the axis: from the first event or call to the last
        Instant t0 = null, tEnd = null;
        for (Raw r : raw) {
            if (r.ts() == null) continue;
            if (t0 == null || r.ts().isBefore(t0)) t0 = r.ts();
            if (tEnd == null || r.ts().isAfter(tEnd)) tEnd = r.ts();
        }
        for (CallPoint c : calls) {
            if (t0 == null || c.start().isBefore(t0)) t0 = c.start();
            Instant e = c.end() != null && c.end().isAfter(c.start()) ? c.end() : c.start();
            if (tEnd == null || e.isAfter(tEnd)) tEnd = e;
        }
        if (t0 == null) t0 = tEnd = fallbackStart == null ? Instant.EPOCH : fallbackStart;
        double duration = seconds(t0, tEnd);
        if (duration == 0) duration = 1.0;
        List<Double> offsets = new ArrayList<>();
        for (Raw r : raw) if (r.ts() != null) offsets.add(seconds(t0, r.ts()));
        for (CallPoint c : calls) offsets.add(seconds(t0, c.start()));
        ActiveAxis axis = new ActiveAxis(duration, offsets);

        List<SessionMap.Event> events = new ArrayList<>(raw.size());
        for (int k = 0; k < raw.size(); k++) {
            Raw r = raw.get(k);
            Double a = r.ts() == null ? null : axis.toActive(seconds(t0, r.ts()));
            events.add(new SessionMap.Event(r.tsText(), k, r.category(), r.label(), r.retry(), r.phase(), a));
        }
        List<SessionMap.Phase> phases = new ArrayList<>();
        for (int k = 0; k < events.size(); k++) {
            String p = events.get(k).phase();
            if (p == null) continue;
            int end = k;
            while (end + 1 < events.size() && p.equals(events.get(end + 1).phase())) end++;
            phases.add(new SessionMap.Phase(
                    p, k, end, events.get(k).ts(), events.get(end).ts()));
            k = end;
        }

        List<SessionMap.ContextPoint> context = new ArrayList<>(llm.size());
        List<SessionMap.CostPoint> cost = new ArrayList<>(llm.size());
        long totalTokens = 0;
        double totalCost = 0;
        Map<String, Integer> modelCalls = new HashMap<>();
        for (CallPoint c : llm) {
            double t = seconds(t0, c.start());
            double a = axis.toActive(t);
            context.add(new SessionMap.ContextPoint(t, a, c.contextTokens()));
            cost.add(new SessionMap.CostPoint(t, a, c.costUsd()));
            totalTokens += c.contextTokens() + c.outputTokens();
            totalCost += c.costUsd();
            if (c.model() != null) modelCalls.merge(c.model(), 1, Integer::sum);
        }
        String model = null;
        for (Map.Entry<String, Integer> e : modelCalls.entrySet()) // most calls; ties to the smaller name
        if (model == null
                    || e.getValue() > modelCalls.get(model)
                    || (e.getValue().equals(modelCalls.get(model)) && e.getKey().compareTo(model) < 0))
                model = e.getKey();
        List<SessionMap.Gap> gaps = new ArrayList<>();
        for (ActiveAxis.Collapsed g : axis.gaps)
            gaps.add(new SessionMap.Gap(at(t0, g.start()), at(t0, g.end()), g.end() - g.start(), axis.fraction(g)));

        List<SessionMap.SubagentWindow> windows = windows(steps, calls, costs, events, t0, axis);
        return new SessionMap(
                events,
                phases,
                windows,
                context,
                cost,
                new SessionMap.Meta(t0.toString(), duration, totalTokens, totalCost, model, axis.total(), gaps),
                story == null ? Skipped.NONE : story.skipped());
    }

    private static List<SessionMap.SubagentWindow> windows(
            List<Step> steps,
            List<CallPoint> calls,
            Map<String, SubagentUse> costs,
            List<SessionMap.Event> events,
            Instant t0,
            ActiveAxis axis) {
        // every subagent of the tree: name, spawn time, own first and last step
        Map<String, Object[]> nodes = new LinkedHashMap<>();
        collect(steps, nodes);
        Map<String, Instant[]> spanWindow = new HashMap<>();
        for (CallPoint c : calls) {
            if (c.subAgentId() == null) continue;
            Instant e = c.end() != null && c.end().isAfter(c.start()) ? c.end() : c.start();
            spanWindow.merge(c.subAgentId(), new Instant[] {c.start(), e}, (a, b) ->
                    new Instant[] {a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
            nodes.putIfAbsent(c.subAgentId(), new Object[] {null, null, null, null});
        }
        // event times in order (the main thread's steps are in file order; out-of-order ones sorted)
        List<Object[]> timedEvents = new ArrayList<>();
        for (SessionMap.Event ev : events) {
            Instant t = parse(ev.ts());
            if (t != null) timedEvents.add(new Object[] {t, ev.ordinal()});
        }
        timedEvents.sort((x, y) -> ((Instant) x[0]).compareTo((Instant) y[0]));
        List<Instant> ts = new ArrayList<>(timedEvents.size());
        List<Integer> timed = new ArrayList<>(timedEvents.size());
        for (Object[] o : timedEvents) {
            ts.add((Instant) o[0]);
            timed.add((Integer) o[1]);
        }
        List<SessionMap.SubagentWindow> out = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : nodes.entrySet()) {
            String id = e.getKey();
            Object[] n = e.getValue();
            Instant start, end;
            Instant[] sw = spanWindow.get(id);
            if (sw != null) {
                start = sw[0];
                end = sw[1];
            } else {
                Instant spawn = (Instant) n[1], first = (Instant) n[2], last = (Instant) n[3];
                start = first != null ? first : spawn;
                end = last != null ? last : start;
            }
            Integer[] ord = ordinals(timed, ts, start, end);
            SubagentUse c = costs.get(id);
            String name = n[0] != null ? (String) n[0] : "agent-" + id.substring(0, Math.min(8, id.length()));
            out.add(new SessionMap.SubagentWindow(
                    name,
                    id,
                    start == null ? null : start.toString(),
                    end == null ? null : end.toString(),
                    ord == null ? null : ord[0],
                    ord == null ? null : ord[1],
                    start == null ? null : axis.toActive(seconds(t0, start)),
                    end == null ? null : axis.toActive(seconds(t0, end)),
                    c == null ? null : c.tokens(),
                    c == null ? null : c.costUsd()));
        }
        out.sort((a, b) -> a.startTs() == null
                ? (b.startTs() == null ? 0 : 1)
                : b.startTs() == null ? -1 : a.startTs().compareTo(b.startTs()));
        return out;
    }

    /** name, spawn ts, first step ts, last step ts, for every expanded or capped subagent with an id. */
    private static void collect(List<Step> steps, Map<String, Object[]> out) {
        for (Step s : steps) {
            for (Subagent c : s.children()) {
                if (c.agentId() == null || Boolean.TRUE.equals(c.cycle())) continue;
                Instant first = null, last = null;
                for (Step k : c.stepsOrEmpty()) {
                    Instant t = parse(k.ts());
                    if (t == null) continue;
                    if (first == null) first = t;
                    last = t;
                }
                out.putIfAbsent(c.agentId(), new Object[] {c.name(), parse(s.ts()), first, last});
                collect(c.stepsOrEmpty(), out);
            }
        }
    }

    /** The events inside [start, end], or, when none, the two around it (times in order, parsed once). */
    static Integer[] ordinals(List<Integer> timed, List<Instant> ts, Instant start, Instant end) {
        if (start == null || timed.isEmpty()) return null;
        int first = lowerBound(ts, start); // first event at or after start
        int last = lowerBound(ts, end.plusNanos(1)) - 1; // last event at or before end
        if (first < ts.size() && last >= 0 && first <= last) return new Integer[] {timed.get(first), timed.get(last)};
        // ran while the main thread was quiet: the events on either side
        int before = Math.max(0, lowerBound(ts, start.plusNanos(1)) - 1);
        int after = Math.min(ts.size() - 1, lowerBound(ts, end));
        int a = timed.get(before), b = timed.get(after);
        return new Integer[] {Math.min(a, b), Math.max(a, b)};
    }

    /** The first index whose time is not before {@code t} (times in order), or size. */
    private static int lowerBound(List<Instant> ts, Instant t) {
        int lo = 0, hi = ts.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts.get(mid).isBefore(t)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static double seconds(Instant a, Instant b) {
        return (b.toEpochMilli() - a.toEpochMilli()) / 1000.0;
    }

    private static String at(Instant t0, double offset) {
        return t0.plusMillis(Math.round(offset * 1000)).toString();
    }

    static Instant parse(String ts) {
        if (ts == null) return null;
        try {
            return Instant.parse(ts);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
