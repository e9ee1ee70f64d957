package dev.tj.core.cost;

import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostRow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups LLM-call usage into cost rows, in memory: the reference semantics of {@link
 * dev.tj.core.storage.Storage#cost}, used by quickstart (which stores nothing) and by tests.
 * Time groups are calendar days (YYYY-MM-DD), ISO weeks (the Monday, YYYY-MM-DD) and months (YYYY-MM)
 * in the query's zone (UTC by default); rows of time groups are in time order, other rows by cost,
 * most expensive first.
 */
public final class CostAggregator {
    private final CostGroup group;
    private final ZoneId zone;
    private final Map<String, Acc> rows = new HashMap<>();
    private final Acc total = new Acc();
    /** Day key cache: epoch day to key (day keys are computed for every call). */
    private final Map<Long, String> dayKeys = new HashMap<>();

    private static final class Acc {
        long in, out, cr, cw;
        double cost;

        void add(long i, long o, long r, long w, double c) {
            in += i;
            out += o;
            cr += r;
            cw += w;
            cost += c;
        }
    }

    public CostAggregator(CostGroup group, ZoneId zone) {
        this.group = group;
        this.zone = zone == null ? ZoneOffset.UTC : zone;
    }

    public CostGroup group() {
        return group;
    }

    /** Adds one LLM call. */
    public void add(String key, Usage u, double cost) {
        add(key, u.input(), u.output(), u.cacheRead(), u.cacheWrite(), cost);
    }

    public void add(String key, long in, long out, long cacheRead, long cacheWrite, double cost) {
        rows.computeIfAbsent(key == null ? "unknown" : key, k -> new Acc()).add(in, out, cacheRead, cacheWrite, cost);
        total.add(in, out, cacheRead, cacheWrite, cost);
    }

    /** Adds a stored span the way {@code Storage.cost} counts it (spans with a model). */
    public void add(Span s) {
        if (s.model() == null) return;
        add(keyOf(s), s.usage(), s.costUsd() == null ? 0.0 : s.costUsd());
    }

    public String keyOf(Span s) {
        return switch (group) {
            case DAY, WEEK, MONTH -> timeKey(s.startTime().toEpochMilli());
            case MODEL -> s.model();
            case AGENT -> s.agentId();
            case PROJECT -> s.resource().namespace();
            case SESSION -> s.sessionId();
            case TOOL -> s.toolName() == null ? "(llm)" : s.toolName();
            case MACHINE -> s.resource().machine();
            case USER -> s.resource().user();
        };
    }

    /** The day/week/month key of an instant in this aggregator's zone. */
    public String timeKey(long epochMillis) {
        if (group == CostGroup.DAY && zone.equals(ZoneOffset.UTC)) {
            long day = Math.floorDiv(epochMillis, 86_400_000L);
            String k = dayKeys.get(day);
            if (k == null) {
                k = LocalDate.ofEpochDay(day).toString();
                dayKeys.put(day, k);
            }
            return k;
        }
        LocalDate d = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
        return switch (group) {
            case WEEK ->
                d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case MONTH -> d.toString().substring(0, 7);
            default -> d.toString();
        };
    }

    public List<CostRow> rows() {
        List<CostRow> out = new ArrayList<>(rows.size());
        for (var e : rows.entrySet()) {
            Acc a = e.getValue();
            out.add(new CostRow(e.getKey(), a.in, a.out, a.cr, a.cw, a.cost));
        }
        out.sort(order(group));
        return out;
    }

    public CostRow totals() {
        return new CostRow("total", total.in, total.out, total.cr, total.cw, total.cost);
    }

    public static Comparator<CostRow> order(CostGroup g) {
        if (g == CostGroup.DAY || g == CostGroup.WEEK || g == CostGroup.MONTH)
            return Comparator.comparing(CostRow::group);
        return Comparator.comparingDouble(CostRow::costUsd)
                .reversed()
                .thenComparing(Comparator.comparingLong((CostRow r) ->
                                r.inputTokens() + r.outputTokens() + r.cacheReadTokens() + r.cacheWriteTokens())
                        .reversed())
                .thenComparing(CostRow::group);
    }

    /** Whether a stored span falls into a query's window and agent. */
    public static boolean matches(Span s, CostQuery q) {
        if (s.model() == null) return false;
        if (q.since() != null && s.startTime().isBefore(q.since())) return false;
        if (q.until() != null && !s.startTime().isBefore(q.until())) return false;
        if (q.machine() != null && !q.machine().equals(s.resource().machine())) return false;
        if (q.user() != null && !q.user().equals(s.resource().user())) return false;
        return q.agentId() == null || q.agentId().equals(s.agentId());
    }

    /** Totals of rows (what a totals row shows). */
    public static CostRow sum(List<CostRow> rows) {
        long i = 0, o = 0, r = 0, w = 0;
        double c = 0;
        for (CostRow x : rows) {
            i += x.inputTokens();
            o += x.outputTokens();
            r += x.cacheReadTokens();
            w += x.cacheWriteTokens();
            c += x.costUsd();
        }
        return new CostRow("total", i, o, r, w, c);
    }
}
