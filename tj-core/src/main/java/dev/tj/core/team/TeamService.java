package dev.tj.core.team;

import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.CostAggregator;
import dev.tj.core.cost.CostReport;
import dev.tj.core.cost.CostService;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.Tier;
import dev.tj.core.status.StatusService;
import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostRow;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.Storage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/team} and {@code tj team}: who spends what, where, on which project over a window,
 * and every live session across machines with its machine and user. Spend comes from the spans in
 * the window (exact, as {@code tj cost} counts it); session counts, plans and the machine/user pairs
 * from the sessions active in it. Each user's money is framed by that user's own plan.
 */
public final class TeamService {
    /** Records without a machine or user (sent before machine identity, or by a bare SDK). */
    public static final String UNKNOWN = "unknown";

    private final Storage storage;
    private final TjConfig config;
    private final StatusService status;

    public TeamService(Storage storage, TjConfig config, StatusService status) {
        this.storage = storage;
        this.config = config;
        this.status = status;
    }

    /** One person or machine over the window: spend from the spans, sessions from the sessions. */
    private static final class Row {
        final String name;
        final CostRow cost;
        long sessions;
        final TreeSet<String> others = new TreeSet<>();
        final Map<PlanTier, Long> plans = new EnumMap<>(PlanTier.class);

        Row(String name, CostRow cost) {
            this.name = name;
            this.cost = cost;
        }
    }

    /** @param since the window's start, null for all history */
    public Map<String, Object> report(Instant since, Instant now) {
        List<Session> active = new ArrayList<>();
        for (Session s : storage.sessions().sessions(SessionStatusFilter.ALL))
            if (since == null || !s.lastActivity().isBefore(since)) active.add(s);
        Map<String, Row> users = rows(cost(CostGroup.USER, since));
        Map<String, Row> machines = rows(cost(CostGroup.MACHINE, since));
        for (Session s : active) {
            String user = orUnknown(s.resource().user()),
                    machine = orUnknown(s.resource().machine());
            count(users, user, machine, s.planTier());
            count(machines, machine, user, s.planTier());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("since", since == null ? null : since.toString());
        m.put("users", json(users, "user", "machines", true));
        m.put("machines", json(machines, "machine", "users", false));
        List<Map<String, Object>> projects = new ArrayList<>();
        for (CostRow r : cost(CostGroup.PROJECT, since)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("project", r.group());
            p.putAll(CostReport.row(r));
            projects.add(p);
        }
        projects.sort(byCost());
        m.put("projects", projects);
        m.put("live", live(now));
        m.put(
                "totals",
                CostReport.row(CostAggregator.sum(
                        users.values().stream().map(r -> r.cost).toList())));
        return m;
    }

    private List<CostRow> cost(CostGroup g, Instant since) {
        return storage.costs().cost(new CostQuery(since, null, g, null, ZoneOffset.UTC));
    }

    private static Map<String, Row> rows(List<CostRow> costs) {
        Map<String, Row> out = new HashMap<>();
        for (CostRow r : costs) out.put(r.group(), new Row(r.group(), r));
        return out;
    }

    private static void count(Map<String, Row> rows, String name, String other, PlanTier plan) {
        Row r = rows.computeIfAbsent(name, n -> new Row(n, new CostRow(n, 0, 0, 0, 0, 0)));
        r.sessions++;
        r.others.add(other);
        r.plans.merge(plan, 1L, Long::sum);
    }

    private List<Map<String, Object>> json(Map<String, Row> rows, String key, String othersKey, boolean framed) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows.values()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put(key, r.name);
            j.putAll(CostReport.row(r.cost));
            j.put("sessions", r.sessions);
            j.put(othersKey, List.copyOf(r.others));
            if (framed) {
                // a Max user's dollars are the API value of what they ran, not money spent
                var f = CostService.framing(config, r.plans, r.cost);
                j.put("framing", f == null ? null : CostReport.framingJson(f));
            }
            out.add(j);
        }
        out.sort(byCost());
        return out;
    }

    private List<Map<String, Object>> live(Instant now) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Session s : status.liveSessions(now)) {
            Tier tier = status.tier(s, now);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("session_id", s.sessionId());
            j.put("agent_id", s.agentId());
            j.put("machine", s.resource().machine());
            j.put("user", s.resource().user());
            j.put(
                    "project",
                    s.resource().namespace() != null ? s.resource().namespace() : config.projectFor(s.agentId()));
            j.put("label", status.label(s.sessionId(), s.resource().instanceId()));
            j.put("status", tier.wire());
            j.put("total_cost_usd", CostReport.round(s.costUsd()));
            j.put("pricing_mode", s.pricingMode().wire());
            j.put("input_tokens", s.usage().input());
            j.put("output_tokens", s.usage().output());
            j.put("started_at", s.startedAt() == null ? null : s.startedAt().toString());
            j.put("last_span_time", s.lastActivity().toString());
            j.put("attention", status.attention(s));
            out.add(j);
        }
        return out;
    }

    /** Most spend first, then most tokens, then by name. */
    private static Comparator<Map<String, Object>> byCost() {
        return Comparator.<Map<String, Object>>comparingDouble(j -> -((Number) j.get("cost_usd")).doubleValue())
                .thenComparingLong(j -> -((Number) j.get("total_tokens")).longValue())
                .thenComparing(j -> String.valueOf(j.values().iterator().next()));
    }

    private static String orUnknown(String s) {
        return s == null ? UNKNOWN : s;
    }
}
