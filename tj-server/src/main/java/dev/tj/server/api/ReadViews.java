package dev.tj.server.api;

import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.CostReport;
import dev.tj.core.framing.FramingCalculator;
import dev.tj.core.quota.QuotaService;
import dev.tj.core.quota.QuotaWindow;
import dev.tj.core.rollup.RunRollup;
import dev.tj.core.rollup.SessionRollup;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.status.StatusService;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.SpanFacts;
import dev.tj.core.storage.Storage;
import dev.tj.server.SessionFacts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The JSON documents of one session's detail and of the runs, built from storage and the status
 * service: the REST API answers them, and the CLI prints the same ones when no daemon runs.
 */
public final class ReadViews {
    static final int MAX_SPANS = 500;
    static final int MAX_POINTS = 1000;
    static final int MAX_RUNS = 200;

    private final Storage storage;
    private final StatusService status;
    private final TjConfig config;
    private final SessionFacts facts;
    private final Clock clock;
    private final QuotaService quota;

    public ReadViews(Storage storage, StatusService status, TjConfig config, SessionFacts facts, Clock clock) {
        this.storage = storage;
        this.status = status;
        this.config = config;
        this.facts = facts;
        this.clock = clock;
        this.quota = new QuotaService(storage, config);
    }

    /**
     * {@code GET /api/v1/sessions}: sessions by stored status and agent (nulls mean any), newest start
     * first, each with its tier, label and attention.
     */
    public Map<String, Object> sessions(SessionStatusFilter filter) {
        Instant now = clock.instant();
        Map<String, String> labels = storage.sessions().labels();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Session s : storage.sessions().sessions(filter)) {
            Map<String, Object> row = SessionViews.summary(
                    s,
                    status.tier(s, now),
                    status.label(s.sessionId(), s.resource().instanceId(), labels));
            row.put("attention", status.attention(s));
            rows.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sessions", rows);
        out.put("count", rows.size());
        return out;
    }

    /**
     * {@code GET /api/v1/agents}: every agent that stored something, with its last activity (live or
     * backfilled) and lifetime span cost; the most recently seen first. {@code tj doctor} reads it to
     * tell whether each coding agent still reports.
     */
    public Map<String, Object> agents() {
        List<String> ids = new ArrayList<>(storage.status().agentIds());
        Map<String, Instant> seen = storage.status().lastSeen(ids);
        ids.sort(java.util.Comparator.comparing(
                (String id) -> seen.get(id), java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())));
        Map<String, Double> cost = storage.status().spanCostByAgentSince(Instant.EPOCH);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("agent_id", id);
            row.put("kind", StatusService.kind(id));
            row.put("project", config.projectFor(id));
            row.put("last_seen", seen.containsKey(id) ? seen.get(id).toString() : null);
            row.put("lifetime_cost_usd", cost.getOrDefault(id, 0.0));
            rows.add(row);
        }
        return Map.of("agents", rows);
    }

    /** {@code GET /api/v1/sessions/{id}}: the session, its newest spans and points, and its rollup. */
    public Optional<Map<String, Object>> session(String id) {
        Optional<Session> found = storage.sessions().session(id);
        if (found.isEmpty()) return Optional.empty();
        Session s = found.get();
        Instant now = clock.instant();
        // the rollup's reads run beside the span listing: independent scans, so the answer takes the
        // longest of them rather than their sum
        CompletableFuture<List<SpanFacts>> spanFacts = facts.of(storage.rollups(), s);
        CompletableFuture<List<Session>> children =
                facts.beside(() -> storage.rollups().children(id));
        CompletableFuture<Double> quotaShare = facts.beside(() -> quotaShare(id, now));
        CompletableFuture<Map<PlanTier, Long>> planMix =
                facts.beside(() -> storage.status().planTierMix(s.agentId()));
        Map<String, String> labels = storage.sessions().labels();
        // one more than shown, to know whether older ones were left out
        List<Span> spans = storage.sessions().spans(id, MAX_SPANS + 1);
        List<Span> newest = spans.size() > MAX_SPANS ? spans.subList(1, spans.size()) : spans;
        List<MetricPoint> points = storage.sessions().metricPoints(id, MAX_POINTS);
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> detail = SessionViews.detail(
                s, status.tier(s, now), status.label(s.sessionId(), s.resource().instanceId(), labels));
        detail.put("attention", status.attention(s));
        Double share = SessionFacts.joined(quotaShare);
        detail.put("quota_share", share == null ? null : Map.of(QuotaWindow.FIVE_HOUR, share));
        out.put("session", detail);
        out.put("spans", newest.stream().map(SessionViews::span).toList());
        out.put("spans_truncated", spans.size() > newest.size());
        out.put("metrics", points.stream().map(SessionViews::point).toList());
        RollupViews.rollup(out, SessionRollup.of(SessionFacts.joined(spanFacts)));
        out.put(
                "children",
                SessionFacts.joined(children).stream()
                        .map(c -> RollupViews.child(
                                c, status.label(c.sessionId(), c.resource().instanceId(), labels)))
                        .toList());
        out.put(
                "framing",
                CostReport.framingJson(FramingCalculator.compute(
                        config, SessionFacts.joined(planMix), s.usage().total(), s.costUsd())));
        return Optional.of(out);
    }

    /**
     * This session's points of the current 5-hour window, or null where nothing is known (no
     * statusline snapshots, or a backend without them).
     */
    private Double quotaShare(String id, Instant now) {
        try {
            Double points = quota.sessionShare(id, QuotaWindow.FIVE_HOUR, now);
            return points == null ? null : Math.round(points * 100) / 100.0;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /** {@code GET /api/v1/runs}: the newest runs. */
    public Map<String, Object> runs() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "runs",
                storage.runs().runs(MAX_RUNS).stream()
                        .map(RollupViews::runListRow)
                        .toList());
        return out;
    }

    /** {@code GET /api/v1/runs/{id}}: the run's totals, its member sessions and their spawn tree. */
    public Optional<Map<String, Object>> run(String id) {
        List<Session> members = storage.runs().members(id);
        if (members.isEmpty()) return Optional.empty();
        RunRollup r = RunRollup.of(id, members);
        Instant now = clock.instant();
        Map<String, String> labels = storage.sessions().labels();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", RollupViews.run(r));
        out.put(
                "sessions",
                members.stream()
                        .map(m -> SessionViews.detail(
                                m,
                                status.tier(m, now),
                                status.label(m.sessionId(), m.resource().instanceId(), labels)))
                        .toList());
        out.put("tree", r.tree().stream().map(RollupViews::node).toList());
        return Optional.of(out);
    }
}
