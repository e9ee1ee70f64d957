package dev.tj.core.history;

import dev.tj.core.agent.ClaudeCode;
import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.CostAggregator;
import dev.tj.core.cost.CostReport;
import dev.tj.core.cost.CostService;
import dev.tj.core.diagnostic.Composition;
import dev.tj.core.framing.Framing;
import dev.tj.core.pricing.CallTerms;
import dev.tj.core.pricing.PriceQuote;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.session.PlanTier;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostRow;
import dev.tj.core.transcript.CallRecord;
import dev.tj.core.transcript.ParseReport;
import dev.tj.core.transcript.ReadDepth;
import dev.tj.core.transcript.Timestamps;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code tj quickstart}: reads Claude Code history into memory (nothing is written anywhere) and
 * summarises it: spend per day and per model, the quota composition (fresh input, cache re-read,
 * cache write, output), the most expensive sessions, the share spent in subagents. It counts
 * exactly as {@code tj backfill} + {@code tj cost} do (same reader, same dedup, same prices).
 */
public final class Quickstart {
    private Quickstart() {}

    public record Options(
            List<Path> roots, Instant since, String sinceText, ZoneId zone, int threads, int topSessions) {}

    /**
     * Per-session totals.
     *
     * @param first     time of the first call (epoch millis), {@link Long#MAX_VALUE} when none
     * @param last      time of the last call, {@link Long#MIN_VALUE} when none
     * @param subagents the share of {@code usage} spent in this session's subagents
     */
    public record SessionTotals(
            String sessionId, String project, long first, long last, UsageTotals usage, UsageTotals subagents) {
        public long tokens() {
            return usage.tokens();
        }
    }

    public record SubagentTotals(String sessionId, String subAgentId, String parentToolUseId, UsageTotals usage) {}

    /** @param totals every call in the window (quota composition, cost) */
    public record Result(
            Options options,
            Instant until,
            CostReport daily,
            CostReport byModel,
            UsageTotals totals,
            int fallbackPricedCalls,
            List<SessionTotals> sessions,
            List<SubagentTotals> subagents,
            int projects,
            int filesRead,
            long bytesRead,
            ParseReport stats,
            List<String> errors,
            Framing framing,
            long elapsedMs,
            String timing) {

        public long freshInput() {
            return totals.input();
        }

        public long cacheRead() {
            return totals.cacheRead();
        }

        public long cacheWrite5m() {
            return totals.cacheWrite5m();
        }

        public long cacheWrite1h() {
            return totals.cacheWrite1h();
        }

        public long output() {
            return totals.output();
        }

        public double costUsd() {
            return totals.costUsd();
        }

        public Composition composition() {
            return new Composition(freshInput(), output(), cacheRead(), cacheWrite5m() + cacheWrite1h());
        }

        public long totalTokens() {
            return totals.tokens();
        }

        public double subagentCost() {
            double c = 0;
            for (SubagentTotals s : subagents) c += s.usage().costUsd();
            return c;
        }

        public long subagentTokens() {
            long t = 0;
            for (SubagentTotals s : subagents) t += s.usage().tokens();
            return t;
        }

        public List<SessionTotals> topSessions() {
            List<SessionTotals> top = new ArrayList<>(sessions);
            top.sort(Comparator.comparingDouble((SessionTotals s) -> s.usage().costUsd())
                    .reversed()
                    .thenComparing(
                            Comparator.comparingLong(SessionTotals::tokens).reversed()));
            return top.subList(0, Math.min(options.topSessions(), top.size()));
        }

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("since", options.sinceText());
            m.put(
                    "window_start",
                    options.since() == null ? null : options.since().toString());
            m.put("window_end", until.toString());
            m.put("roots", options.roots().stream().map(Object::toString).toList());
            m.put("daily", daily.toJson());
            m.put("by_model", byModel.toJson());
            long total = totalTokens();
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("fresh_input_tokens", freshInput());
            q.put("cache_read_tokens", cacheRead());
            q.put("cache_write_tokens", cacheWrite5m() + cacheWrite1h());
            q.put("cache_write_5m_tokens", cacheWrite5m());
            q.put("cache_write_1h_tokens", cacheWrite1h());
            q.put("output_tokens", output());
            q.put("total_tokens", total);
            q.put("fresh_input_share", share(freshInput(), total));
            q.put("cache_read_share", share(cacheRead(), total));
            q.put("cache_write_share", share(cacheWrite5m() + cacheWrite1h(), total));
            q.put("output_share", share(output(), total));
            // the same three shares tj context reports, from the same arithmetic
            Composition comp = composition();
            q.put("reread_share", comp.rereadShare());
            q.put("work_share", comp.workShare());
            q.put("cache_miss_share", comp.cacheMissShare());
            m.put("quota_composition", q);
            m.put(
                    "top_sessions",
                    topSessions().stream().map(Quickstart::sessionJson).toList());
            m.put(
                    "by_session",
                    sessions.stream()
                            .sorted(Comparator.comparing(SessionTotals::sessionId))
                            .map(Quickstart::sessionJson)
                            .toList());
            Map<String, Object> sub = new LinkedHashMap<>();
            long subTokens = subagentTokens();
            double subCost = subagentCost();
            sub.put("subagents", subagents.size());
            sub.put(
                    "sessions_with_subagents",
                    subagents.stream().map(SubagentTotals::sessionId).distinct().count());
            sub.put("tokens", subTokens);
            sub.put("cost_usd", CostReport.round(subCost));
            sub.put("share_of_tokens", share(subTokens, total));
            sub.put("share_of_cost", costUsd() == 0 ? 0.0 : Math.round(subCost / costUsd() * 10000) / 10000.0);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (SubagentTotals s : subagents) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("session_id", s.sessionId());
                r.put("sub_agent_id", s.subAgentId());
                r.put("parent_tool_use_id", s.parentToolUseId());
                r.put("calls", s.usage().calls());
                r.put("input_tokens", s.usage().input());
                r.put("output_tokens", s.usage().output());
                r.put("cache_read_tokens", s.usage().cacheRead());
                r.put("cache_write_tokens", s.usage().cacheWrite());
                r.put("cost_usd", CostReport.round(s.usage().costUsd()));
                rows.add(r);
            }
            sub.put("rows", rows);
            m.put("subagents", sub);
            Map<String, Object> tot = new LinkedHashMap<>();
            tot.put("sessions", sessions.size());
            tot.put("projects", projects);
            tot.put("calls", totals.calls());
            tot.put("input_tokens", totals.input());
            tot.put("output_tokens", totals.output());
            tot.put("cache_read_tokens", totals.cacheRead());
            tot.put("cache_write_tokens", totals.cacheWrite());
            tot.put("cost_usd", CostReport.round(totals.costUsd()));
            tot.put("fallback_priced_calls", fallbackPricedCalls);
            m.put("totals", tot);
            m.put("framing", framing == null ? null : CostReport.framingJson(framing));
            Map<String, Object> read = new LinkedHashMap<>(stats.toMap());
            read.put("files_read", filesRead);
            read.put("timing", timing);
            read.put("errors", errors);
            m.put("read", read);
            m.put("written_to_disk", false);
            m.put("next_command", "tj backfill claude-code");
            m.put("elapsed_ms", elapsedMs);
            return m;
        }
    }

    static double share(long part, long total) {
        return Composition.share(part, total);
    }

    static Map<String, Object> sessionJson(SessionTotals s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("session_id", s.sessionId());
        r.put("project", s.project());
        r.put(
                "started_at",
                s.first() == Long.MAX_VALUE
                        ? null
                        : Instant.ofEpochMilli(s.first()).toString());
        r.put(
                "ended_at",
                s.last() == Long.MIN_VALUE
                        ? null
                        : Instant.ofEpochMilli(s.last()).toString());
        r.put("calls", s.usage().calls());
        r.put("input_tokens", s.usage().input());
        r.put("output_tokens", s.usage().output());
        r.put("cache_read_tokens", s.usage().cacheRead());
        r.put("cache_write_tokens", s.usage().cacheWrite());
        r.put("cost_usd", CostReport.round(s.usage().costUsd()));
        r.put("subagent_cost_usd", CostReport.round(s.subagents().costUsd()));
        r.put("subagent_tokens", s.subagents().tokens());
        return r;
    }

    /** {@code pricing} is asked once the files are listed: a caller may parse the price tables meanwhile. */
    public static Result run(Options o, Supplier<Pricing> pricing, TjConfig config, Clock clock, Progress progress) {
        long t0 = System.nanoTime();
        Instant until = clock.instant();
        long sinceMs = o.since() == null ? Timestamps.NONE : o.since().toEpochMilli();
        List<ClaudeHistory.ReadTask> tasks = new ArrayList<>();
        for (HistoryFile f : FileLister.claudeCode(o.roots())) {
            if (o.since() != null && f.mtimeMillis() < sinceMs) continue; // nothing in it can be newer than its mtime
            tasks.add(new ClaudeHistory.ReadTask(f, 0, true));
        }
        long tList = System.nanoTime();
        Sums sums = new Sums(o.zone(), pricing.get());
        ClaudeHistory.Merged merged = ClaudeHistory.stream(
                tasks,
                o.threads() > 0 ? o.threads() : ClaudeHistory.defaultThreads(),
                sinceMs,
                progress,
                ReadDepth.SUBAGENTS, // usage and subagent links; tool results are not needed here
                (m, results) -> sums.add(m));
        long tMerged = System.nanoTime();
        progress.phase = "summing";
        CostRow dailyTotals = sums.daily.totals();
        Framing framing = null;
        if (config != null) {
            PlanTier declared = config.planFor("anthropic");
            framing = CostService.framing(
                    config,
                    Map.of(declared == null ? PlanTier.UNKNOWN : declared, (long) sums.sessions.size()),
                    dailyTotals);
        }
        CostReport dr = new CostReport(
                o.since(), until, CostGroup.DAY, null, o.zone(), sums.daily.rows(), dailyTotals, framing);
        CostReport mr = new CostReport(
                o.since(), until, CostGroup.MODEL, null, o.zone(), sums.models.rows(), sums.models.totals(), framing);
        List<SessionTotals> sessions = new ArrayList<>(sums.sessions.size());
        for (SessionSum s : sums.sessions.values())
            sessions.add(new SessionTotals(s.id, s.project, s.first, s.last, s.all, s.sub));
        List<SubagentTotals> subs = new ArrayList<>(sums.subagents.values());
        String timing =
                "list " + (tList - t0) / 1_000_000 + " ms, read+merge+price " + (tMerged - tList) / 1_000_000 + " ms";
        return new Result(
                o,
                until,
                dr,
                mr,
                sums.total,
                sums.fallback,
                sessions,
                subs,
                sums.projects.size(),
                merged.filesRead(),
                merged.bytesRead(),
                merged.stats(),
                merged.errors(),
                framing,
                (System.nanoTime() - t0) / 1_000_000,
                timing);
    }

    /** A Claude Code call's price from our rates, as the pipeline prices its span. */
    static PriceQuote quote(Pricing pricing, CallRecord c, Usage u) {
        return pricing.quote(
                ClaudeCode.provider(c.model()),
                c.model(),
                u,
                Instant.ofEpochMilli(c.lastTs()),
                new CallTerms(ClaudeCode.FAST.equals(c.speed()), "us".equalsIgnoreCase(c.inferenceGeo())));
    }

    /** A session's running totals. */
    private static final class SessionSum {
        final String id;
        String project;
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        UsageTotals all = UsageTotals.ZERO, sub = UsageTotals.ZERO;

        SessionSum(String id) {
            this.id = id;
        }
    }

    /** What quickstart sums, call by call, as the merge visits them. */
    private static final class Sums {
        final CostAggregator daily, models;
        final Pricing pricing;
        final Map<String, SessionSum> sessions = new HashMap<>();
        final Map<String, SubagentTotals> subagents = new LinkedHashMap<>();
        final Set<String> projects = new HashSet<>();
        UsageTotals total = UsageTotals.ZERO;
        int fallback;

        Sums(ZoneId zone, Pricing pricing) {
            this.daily = new CostAggregator(CostGroup.DAY, zone);
            this.models = new CostAggregator(CostGroup.MODEL, zone);
            this.pricing = pricing;
        }

        void add(MergedCall m) {
            CallRecord c = m.call();
            Usage u = HistorySpans.usage(c);
            double price = 0;
            if (pricing != null) {
                PriceQuote q = quote(pricing, c, u);
                price = q.costUsd();
                if (q.fallback()) fallback++;
            }
            UsageTotals call = UsageTotals.ofCall(u, price);
            daily.add(daily.timeKey(c.lastTs()), c.input(), c.output(), c.cacheRead(), c.cacheWrite(), price);
            models.add(c.model(), c.input(), c.output(), c.cacheRead(), c.cacheWrite(), price);
            total = total.plus(call);
            SessionSum s = sessions.computeIfAbsent(m.sessionId(), SessionSum::new);
            if (s.project == null && m.project() != null) {
                s.project = m.project();
                projects.add(m.project());
            }
            s.first = Math.min(s.first, c.lastTs());
            s.last = Math.max(s.last, c.lastTs());
            s.all = s.all.plus(call);
            if (m.subAgentId() != null) {
                s.sub = s.sub.plus(call);
                subagents.merge(
                        m.sessionId() + "/" + m.subAgentId(),
                        new SubagentTotals(m.sessionId(), m.subAgentId(), m.parentToolUseId(), call),
                        (a, b) -> new SubagentTotals(
                                a.sessionId(),
                                a.subAgentId(),
                                a.parentToolUseId() != null ? a.parentToolUseId() : b.parentToolUseId(),
                                a.usage().plus(b.usage())));
            }
        }
    }
}
