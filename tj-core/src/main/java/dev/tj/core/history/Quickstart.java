package dev.tj.core.history;

import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.CostAggregator;
import dev.tj.core.cost.CostReport;
import dev.tj.core.cost.CostService;
import dev.tj.core.framing.Framing;
import dev.tj.core.agent.ClaudeCode;
import dev.tj.core.pricing.CallTerms;
import dev.tj.core.pricing.PriceQuote;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.session.PlanTier;
import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostRow;
import dev.tj.core.transcript.CallRecord;
import dev.tj.core.transcript.ClaudeFile;
import dev.tj.core.transcript.Timestamps;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tj quickstart}: reads Claude Code history into memory (nothing is written anywhere) and
 * summarises it: spend per day and per model, the quota composition (fresh input, cache re-read,
 * cache write, output), the most expensive sessions, the share spent in subagents. It counts
 * exactly as {@code tj backfill} + {@code tj cost} do (same reader, same dedup, same prices).
 */
public final class Quickstart {
    private Quickstart() {}

    public record Options(List<Path> roots, Instant since, String sinceText, ZoneId zone, int threads, int topSessions) {}

    /** Per-session totals. */
    public static final class SessionTotals {
        public final String sessionId;
        public String project;
        public long first = Long.MAX_VALUE, last = Long.MIN_VALUE, calls;
        public long in, out, cr, cw;
        public double cost;
        public long subCalls, subTokens;
        public double subCost;

        SessionTotals(String id) { sessionId = id; }

        public long tokens() { return in + out + cr + cw; }
    }

    public record SubagentTotals(String sessionId, String subAgentId, String parentToolUseId, long calls,
                                 long in, long out, long cr, long cw, double cost) {}

    public record Result(Options options, Instant until, CostReport daily, CostReport byModel,
                         long freshInput, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output,
                         double costUsd, int fallbackPricedCalls, List<SessionTotals> sessions,
                         List<SubagentTotals> subagents, int projects, int filesRead, long bytesRead,
                         dev.tj.core.transcript.ParseStats stats, List<String> errors, Framing framing, long elapsedMs) {

        public long totalTokens() { return freshInput + cacheRead + cacheWrite5m + cacheWrite1h + output; }

        public double subagentCost() {
            double c = 0;
            for (SubagentTotals s : subagents) c += s.cost();
            return c;
        }

        public long subagentTokens() {
            long t = 0;
            for (SubagentTotals s : subagents) t += s.in() + s.out() + s.cr() + s.cw();
            return t;
        }

        public List<SessionTotals> topSessions() {
            List<SessionTotals> top = new ArrayList<>(sessions);
            top.sort(Comparator.comparingDouble((SessionTotals s) -> s.cost).reversed()
                    .thenComparing(Comparator.comparingLong(SessionTotals::tokens).reversed()));
            return top.subList(0, Math.min(options.topSessions(), top.size()));
        }

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("since", options.sinceText());
            m.put("window_start", options.since() == null ? null : options.since().toString());
            m.put("window_end", until.toString());
            m.put("roots", options.roots().stream().map(Object::toString).toList());
            m.put("daily", daily.toJson());
            m.put("by_model", byModel.toJson());
            long total = totalTokens();
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("fresh_input_tokens", freshInput);
            q.put("cache_read_tokens", cacheRead);
            q.put("cache_write_tokens", cacheWrite5m + cacheWrite1h);
            q.put("cache_write_5m_tokens", cacheWrite5m);
            q.put("cache_write_1h_tokens", cacheWrite1h);
            q.put("output_tokens", output);
            q.put("total_tokens", total);
            q.put("fresh_input_share", share(freshInput, total));
            q.put("cache_read_share", share(cacheRead, total));
            q.put("cache_write_share", share(cacheWrite5m + cacheWrite1h, total));
            q.put("output_share", share(output, total));
            m.put("quota_composition", q);
            m.put("top_sessions", topSessions().stream().map(Quickstart::sessionJson).toList());
            m.put("by_session", sessions.stream().sorted(Comparator.comparing(s -> s.sessionId)).map(Quickstart::sessionJson).toList());
            Map<String, Object> sub = new LinkedHashMap<>();
            long subTokens = subagentTokens();
            double subCost = subagentCost();
            sub.put("subagents", subagents.size());
            sub.put("sessions_with_subagents", subagents.stream().map(SubagentTotals::sessionId).distinct().count());
            sub.put("tokens", subTokens);
            sub.put("cost_usd", CostReport.round(subCost));
            sub.put("share_of_tokens", share(subTokens, total));
            sub.put("share_of_cost", costUsd == 0 ? 0.0 : Math.round(subCost / costUsd * 10000) / 10000.0);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (SubagentTotals s : subagents) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("session_id", s.sessionId());
                r.put("sub_agent_id", s.subAgentId());
                r.put("parent_tool_use_id", s.parentToolUseId());
                r.put("calls", s.calls());
                r.put("input_tokens", s.in());
                r.put("output_tokens", s.out());
                r.put("cache_read_tokens", s.cr());
                r.put("cache_write_tokens", s.cw());
                r.put("cost_usd", CostReport.round(s.cost()));
                rows.add(r);
            }
            sub.put("rows", rows);
            m.put("subagents", sub);
            Map<String, Object> tot = new LinkedHashMap<>();
            tot.put("sessions", sessions.size());
            tot.put("projects", projects);
            tot.put("calls", sessions.stream().mapToLong(s -> s.calls).sum());
            tot.put("input_tokens", freshInput);
            tot.put("output_tokens", output);
            tot.put("cache_read_tokens", cacheRead);
            tot.put("cache_write_tokens", cacheWrite5m + cacheWrite1h);
            tot.put("cost_usd", CostReport.round(costUsd));
            tot.put("fallback_priced_calls", fallbackPricedCalls);
            m.put("totals", tot);
            m.put("framing", framing == null ? null : CostReport.framingJson(framing));
            Map<String, Object> read = new LinkedHashMap<>(stats.toMap());
            read.put("files_read", filesRead);
            read.put("timing", stats.timing);
            read.put("errors", errors);
            m.put("read", read);
            m.put("written_to_disk", false);
            m.put("next_command", "tj backfill claude-code");
            m.put("elapsed_ms", elapsedMs);
            return m;
        }
    }

    static double share(long part, long total) { return total == 0 ? 0.0 : Math.round(part * 10000.0 / total) / 10000.0; }

    static Map<String, Object> sessionJson(SessionTotals s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("session_id", s.sessionId);
        r.put("project", s.project);
        r.put("started_at", s.first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(s.first).toString());
        r.put("ended_at", s.last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(s.last).toString());
        r.put("calls", s.calls);
        r.put("input_tokens", s.in);
        r.put("output_tokens", s.out);
        r.put("cache_read_tokens", s.cr);
        r.put("cache_write_tokens", s.cw);
        r.put("cost_usd", CostReport.round(s.cost));
        r.put("subagent_cost_usd", CostReport.round(s.subCost));
        r.put("subagent_tokens", s.subTokens);
        return r;
    }

    public static Result run(Options o, Pricing pricing, TjConfig config, Clock clock, Progress progress) {
        long t0 = System.nanoTime();
        Instant until = clock.instant();
        long sinceMs = o.since() == null ? Timestamps.NONE : o.since().toEpochMilli();
        List<ClaudeHistory.ReadTask> tasks = new ArrayList<>();
        for (HistoryFile f : FileLister.claudeCode(o.roots())) {
            if (o.since() != null && f.mtimeMillis() < sinceMs) continue; // nothing in it can be newer than its mtime
            tasks.add(new ClaudeHistory.ReadTask(f, 0, true));
        }
        long tList = System.nanoTime();
        ClaudeHistory.Read read = ClaudeHistory.read(tasks, o.threads() > 0 ? o.threads() : ClaudeHistory.defaultThreads(), progress);
        long tRead = System.nanoTime();
        progress.phase = "summing";
        CostAggregator daily = new CostAggregator(CostGroup.DAY, o.zone());
        CostAggregator models = new CostAggregator(CostGroup.MODEL, o.zone());
        Map<String, SessionTotals> sessions = new HashMap<>();
        Map<String, long[]> subTok = new LinkedHashMap<>();
        Map<String, double[]> subCost = new HashMap<>();
        Map<String, String> subParent = new HashMap<>();
        Map<String, Boolean> projects = new HashMap<>();
        long[] comp = new long[5];
        double[] cost = new double[1];
        int[] fallback = new int[1];
        ClaudeHistory.Merge merge = ClaudeHistory.merge(read.files(), sinceMs, m -> {
            CallRecord c = m.call();
            double price = 0;
            if (pricing != null) {
                PriceQuote q = pricing.quote(ClaudeCode.provider(c.model), c.model, HistorySpans.usage(c),
                        Instant.ofEpochMilli(c.lastTs), new CallTerms(ClaudeCode.FAST.equals(c.speed), "us".equalsIgnoreCase(c.inferenceGeo)));
                price = q.costUsd();
                if (q.fallback()) fallback[0]++;
            }
            long cw = c.cacheWrite5m + c.cacheWrite1h;
            daily.add(daily.timeKey(c.lastTs), c.input, c.output, c.cacheRead, cw, price);
            models.add(c.model, c.input, c.output, c.cacheRead, cw, price);
            comp[0] += c.input; comp[1] += c.cacheRead; comp[2] += c.cacheWrite5m; comp[3] += c.cacheWrite1h; comp[4] += c.output;
            cost[0] += price;
            SessionTotals s = sessions.computeIfAbsent(m.sessionId(), SessionTotals::new);
            if (s.project == null && m.project() != null) {
                s.project = m.project();
                projects.put(m.project(), Boolean.TRUE);
            }
            s.first = Math.min(s.first, c.lastTs);
            s.last = Math.max(s.last, c.lastTs);
            s.calls++;
            s.in += c.input; s.out += c.output; s.cr += c.cacheRead; s.cw += cw;
            s.cost += price;
            if (m.subAgentId() != null) {
                s.subCalls++;
                s.subTokens += c.totalTokens();
                s.subCost += price;
                String k = m.sessionId() + "/" + m.subAgentId();
                long[] t = subTok.computeIfAbsent(k, x -> new long[5]);
                t[0]++; t[1] += c.input; t[2] += c.output; t[3] += c.cacheRead; t[4] += cw;
                subCost.computeIfAbsent(k, x -> new double[1])[0] += price;
                if (m.parentToolUseId() != null) subParent.putIfAbsent(k, m.parentToolUseId());
            }
        });
        List<SubagentTotals> subs = new ArrayList<>();
        for (var e : subTok.entrySet()) {
            String k = e.getKey();
            int slash = k.indexOf('/');
            long[] t = e.getValue();
            subs.add(new SubagentTotals(k.substring(0, slash), k.substring(slash + 1), subParent.get(k), t[0], t[1], t[2], t[3], t[4],
                    subCost.get(k)[0]));
        }
        CostRow dailyTotals = daily.totals();
        Framing framing = null;
        if (config != null) {
            PlanTier declared = config.planFor("anthropic");
            framing = CostService.framing(config, Map.of(declared == null ? PlanTier.UNKNOWN : declared, (long) sessions.size()), dailyTotals);
        }
        CostReport dr = new CostReport(o.since(), until, CostGroup.DAY, null, o.zone(), daily.rows(), dailyTotals, framing);
        CostReport mr = new CostReport(o.since(), until, CostGroup.MODEL, null, o.zone(), models.rows(), models.totals(), framing);
        long bytes = 0;
        for (ClaudeFile f : read.files()) bytes += f.stats.bytes;
        long tEnd = System.nanoTime();
        merge.stats.timing = "list " + (tList - t0) / 1_000_000 + " ms, read " + (tRead - tList) / 1_000_000 + " ms, merge+price "
                + (tEnd - tRead) / 1_000_000 + " ms";
        return new Result(o, until, dr, mr, comp[0], comp[1], comp[2], comp[3], comp[4], cost[0], fallback[0],
                new ArrayList<>(sessions.values()), subs, projects.size(), read.files().size(), bytes, merge.stats,
                read.errors(), framing, (System.nanoTime() - t0) / 1_000_000);
    }
}
