package dev.tj.core.quota;

import dev.tj.core.storage.FinishedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Splits each rise of a window's used percentage between the calls that finished between the two
 * readings around it, by their implied API value (tokens where nothing is priced): the value tracks
 * what the limit meters, model and token kind, where raw tokens would let cheap cache reads dominate.
 *
 * <p>A reset (the reading drops, or the reset time moves on) starts again from zero: the rise is the
 * new reading itself, over the interval since the later of the previous reading and the new window's
 * start. The first reading of a window whose start is known covers the time from that start. Calls
 * without a prompt id of their own get the prompt their session's statusline showed last at their
 * end (the first one after, when none before).
 */
public final class QuotaAttribution {
    /** Reset times jitter by a second or so between readings of the same window. */
    private static final Duration SAME_RESET = Duration.ofMinutes(1);

    private QuotaAttribution() {}

    /**
     * @param snapshots the snapshots of the range, oldest first (those without this window are skipped)
     * @param calls     the calls from the earliest possible window start to the range's end, oldest first
     * @param projectOf the project of a call (its namespace, else by agent)
     */
    public static Attribution attribute(
            String window,
            Instant from,
            Instant to,
            List<QuotaSnapshot> snapshots,
            List<FinishedCall> calls,
            BiFunction<String, String, String> projectOf) {
        Map<String, Tally> sessions = new LinkedHashMap<>(), prompts = new LinkedHashMap<>();
        Map<String, Tally> subagents = new LinkedHashMap<>(), projects = new LinkedHashMap<>();
        PromptClock promptClock = new PromptClock(snapshots);
        List<Attribution.Rise> rises = new ArrayList<>();
        double rise = 0, attributed = 0;
        int resets = 0;
        QuotaWindow prev = null;
        Instant prevAt = null;
        int cursor = 0;
        for (QuotaSnapshot s : snapshots) {
            QuotaWindow w = s.window(window).orElse(null);
            if (w == null) continue;
            double points;
            Instant start;
            if (prev == null || isReset(prev, w)) {
                if (prev != null) resets++;
                points = w.usedPercent();
                Instant windowStart = w.startsAt();
                start = prev == null ? windowStart : later(prevAt, windowStart);
                if (start == null) start = prevAt; // a first reading of unknown start explains nothing
            } else {
                points = w.usedPercent() - prev.usedPercent();
                start = prevAt;
            }
            prev = w;
            prevAt = s.at();
            if (points <= 0 || start == null || !s.at().isAfter(from)) continue;
            // the calls that finished in (start, s.at]
            while (cursor > 0 && calls.get(cursor - 1).at().isAfter(start)) cursor--;
            while (cursor < calls.size() && !calls.get(cursor).at().isAfter(start)) cursor++;
            int end = cursor;
            double weight = 0, cost = 0;
            while (end < calls.size() && !calls.get(end).at().isAfter(s.at())) {
                cost += calls.get(end).costUsd();
                weight += calls.get(end).tokens();
                end++;
            }
            boolean byCost = cost > 0;
            double total = byCost ? cost : weight;
            rise += points;
            String top = null;
            if (total > 0) {
                attributed += points;
                Map<String, Double> perSession = new HashMap<>();
                for (int i = cursor; i < end; i++) {
                    FinishedCall c = calls.get(i);
                    double share = points * (byCost ? c.costUsd() : c.tokens()) / total;
                    String session = Objects.requireNonNullElse(c.sessionId(), "unknown");
                    perSession.merge(session, share, Double::sum);
                    add(sessions, session, null, share, c);
                    String prompt = c.promptId() != null ? c.promptId() : promptClock.promptAt(session, c.at());
                    if (prompt != null) add(prompts, prompt, session, share, c);
                    if (c.subAgentId() != null) add(subagents, c.subAgentId(), session, share, c);
                    add(projects, projectOf.apply(c.namespace(), c.agentId()), null, share, c);
                }
                top = perSession.entrySet().stream()
                        .max(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                        .map(Map.Entry::getKey)
                        .orElse(null);
            }
            rises.add(new Attribution.Rise(start, s.at(), points, top));
        }
        return new Attribution(
                window,
                from,
                to,
                rise,
                attributed,
                resets,
                sorted(sessions),
                sorted(prompts),
                sorted(subagents),
                sorted(projects),
                rises);
    }

    static boolean isReset(QuotaWindow prev, QuotaWindow now) {
        if (now.usedPercent() < prev.usedPercent()) return true;
        return prev.resetsAt() != null
                && now.resetsAt() != null
                && now.resetsAt().isAfter(prev.resetsAt().plus(SAME_RESET));
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    private static void add(Map<String, Tally> m, String key, String session, double points, FinishedCall c) {
        Tally t = m.computeIfAbsent(key, k -> new Tally(k, session));
        t.points += points;
        t.tokens += c.tokens();
        t.cost += c.costUsd();
        t.calls++;
    }

    private static List<Contribution> sorted(Map<String, Tally> m) {
        List<Contribution> out = new ArrayList<>(m.size());
        for (Tally t : m.values()) out.add(new Contribution(t.key, t.session, t.points, t.tokens, t.cost, t.calls));
        out.sort(Comparator.comparingDouble(Contribution::points).reversed().thenComparing(Contribution::key));
        return out;
    }

    /** A call counted in several rises' intervals only once per interval; totals per key. */
    private static final class Tally {
        final String key, session;
        double points, cost;
        long tokens;
        int calls;

        Tally(String key, String session) {
            this.key = key;
            this.session = session;
        }
    }

    /** Which prompt each session's statusline showed when. */
    private static final class PromptClock {
        private final Map<String, List<QuotaSnapshot>> bySession = new HashMap<>();

        PromptClock(List<QuotaSnapshot> snapshots) {
            for (QuotaSnapshot s : snapshots)
                if (s.sessionId() != null && s.promptId() != null)
                    bySession
                            .computeIfAbsent(s.sessionId(), k -> new ArrayList<>())
                            .add(s);
        }

        /** The prompt of the session's last snapshot at or before {@code at}, else of its first one after. */
        String promptAt(String session, Instant at) {
            List<QuotaSnapshot> l = bySession.get(session);
            if (l == null) return null;
            int lo = 0, hi = l.size(); // first index whose time is after at
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (l.get(mid).at().isAfter(at)) hi = mid;
                else lo = mid + 1;
            }
            return l.get(lo > 0 ? lo - 1 : 0).promptId();
        }
    }
}
