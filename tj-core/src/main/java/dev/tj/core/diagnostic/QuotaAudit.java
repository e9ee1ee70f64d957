package dev.tj.core.diagnostic;

import dev.tj.core.cost.CostReport;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code tj quota-audit}: Opus sessions whose shape (little new input, little output, few tool calls)
 * suggests a Sonnet-class model would have done, with what those sessions cost and would have cost.
 * A session's Opus calls are audited per Opus model; tokens include cache reads and writes (the whole
 * quota the calls used), and the alternative is priced on the same tokens at today's rates.
 *
 * <p>"New input" is uncached input plus cache writes: Claude Code's {@code input_tokens} is only the
 * uncached tail of each prompt, so testing it alone (as TokenJam did) passes almost every session.
 */
public record QuotaAudit(
        Instant since,
        Instant until,
        String source,
        int opusSessions,
        long opusTokens,
        int candidateSessions,
        long candidateTokens,
        double actualCostUsd,
        double alternativeCostUsd,
        Map<String, String> suggestions,
        Set<String> unaudited,
        List<Example> examples) {

    public static final long MAX_NEW_INPUT = 5_000;
    public static final long MAX_OUTPUT = 500;
    public static final long MAX_TOOL_CALLS = 5;
    public static final int EXAMPLES = 5;

    public static final String CAVEAT = "These are sessions to spot-check, not a verdict: they are flagged for "
            + "their structure alone (little new input, little output, few tool calls), never because a smaller "
            + "model is known to be safe for them. Open them and judge before changing your routing.";

    /** One audited (session, Opus model). */
    public record Example(
            String sessionId,
            String model,
            String alternative,
            int turns,
            Usage usage,
            long toolCalls,
            Instant first,
            Instant last,
            double costUsd,
            double alternativeCostUsd) {
        long tokens() {
            return usage.total();
        }

        long newInput() {
            return usage.input() + usage.cacheWrite();
        }
    }

    public static QuotaAudit of(CallWindow w, Pricing pricing) {
        Downgrades downgrades = new Downgrades(pricing);
        record Key(String session, String model) {}
        Map<Key, List<LlmCall>> groups = new LinkedHashMap<>();
        Map<String, String> alternatives = new TreeMap<>();
        Set<String> unaudited = new TreeSet<>();
        for (LlmCall c : w.calls()) {
            if (!Downgrades.isOpus(c.model())) continue;
            String alt = alternatives.computeIfAbsent(c.model(), m -> downgrades.alternative(c.provider(), m));
            if (alt == null) {
                unaudited.add(c.model());
                continue;
            }
            groups.computeIfAbsent(
                            new Key(c.sessionId() == null ? "unknown" : c.sessionId(), c.model()),
                            k -> new ArrayList<>())
                    .add(c);
        }
        Set<String> opusSessions = new TreeSet<>(), candidateSessions = new TreeSet<>();
        long opusTokens = 0, candidateTokens = 0;
        double actual = 0, alternative = 0;
        Map<String, String> suggestions = new TreeMap<>();
        List<Example> candidates = new ArrayList<>();
        for (var e : groups.entrySet()) {
            Usage u = Usage.ZERO;
            double cost = 0;
            Instant first = null, last = null;
            String provider = null;
            for (LlmCall c : e.getValue()) {
                u = u.plus(c.usage());
                cost += c.costUsd();
                if (provider == null) provider = c.provider();
                if (c.time() != null) {
                    if (first == null || c.time().isBefore(first)) first = c.time();
                    if (last == null || c.time().isAfter(last)) last = c.time();
                }
            }
            String sid = e.getKey().session(), model = e.getKey().model();
            opusSessions.add(sid);
            opusTokens += u.total();
            long tools = w.toolCalls(sid);
            boolean candidate =
                    u.input() + u.cacheWrite() < MAX_NEW_INPUT && u.output() < MAX_OUTPUT && tools <= MAX_TOOL_CALLS;
            if (!candidate) continue;
            String alt = alternatives.get(model);
            double altCost = pricing.quote(provider, alt, u).costUsd();
            candidateSessions.add(sid);
            candidateTokens += u.total();
            actual += cost;
            alternative += altCost;
            suggestions.put(model, alt);
            candidates.add(new Example(sid, model, alt, e.getValue().size(), u, tools, first, last, cost, altCost));
        }
        candidates.sort(Comparator.comparingLong(Example::tokens).reversed().thenComparing(Example::sessionId));
        return new QuotaAudit(
                w.since(),
                w.until(),
                w.source(),
                opusSessions.size(),
                opusTokens,
                candidateSessions.size(),
                candidateTokens,
                actual,
                alternative,
                suggestions,
                unaudited,
                List.copyOf(candidates.subList(0, Math.min(EXAMPLES, candidates.size()))));
    }

    public double percentQuotaReclaimable() {
        return opusTokens == 0 ? 0.0 : Math.round(1000.0 * candidateTokens / opusTokens) / 10.0;
    }

    public double percentSessions() {
        return opusSessions == 0 ? 0.0 : Math.round(1000.0 * candidateSessions / opusSessions) / 10.0;
    }

    /** Days the window spans (at least one second's worth). */
    public double windowDays() {
        if (since == null || until == null) return 0;
        double d = Duration.between(since, until).toMillis() / 86_400_000.0;
        return Math.max(d, 1.0 / 86_400);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("since", since == null ? null : since.toString());
        m.put("until", until == null ? null : until.toString());
        m.put("source", source);
        m.put("window_days", Math.round(windowDays() * 10000) / 10000.0);
        m.put("opus_sessions", opusSessions);
        m.put("opus_tokens", opusTokens);
        m.put("candidate_sessions", candidateSessions);
        m.put("candidate_tokens", candidateTokens);
        m.put("percent_quota_reclaimable", percentQuotaReclaimable());
        m.put("percent_sessions", percentSessions());
        m.put("suggestions", suggestions);
        m.put("unaudited_models", List.copyOf(unaudited));
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("max_new_input_tokens", MAX_NEW_INPUT);
        rule.put("max_output_tokens", MAX_OUTPUT);
        rule.put("max_tool_calls", MAX_TOOL_CALLS);
        rule.put("new_input", "uncached input + cache writes");
        rule.put(
                "alternative",
                "the newest cheaper Sonnet-class model no newer than the Opus model, from the pricing tables");
        m.put("candidate_rule", rule);
        List<Map<String, Object>> ex = new ArrayList<>();
        for (Example e : examples) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("session_id", e.sessionId());
            r.put("model", e.model());
            r.put("alt_model", e.alternative());
            r.put("turns", e.turns());
            r.put("input_tokens", e.usage().input());
            r.put("output_tokens", e.usage().output());
            r.put("cache_read_tokens", e.usage().cacheRead());
            r.put("cache_write_tokens", e.usage().cacheWrite());
            r.put("tool_calls", e.toolCalls());
            r.put("started_at", e.first() == null ? null : e.first().toString());
            r.put(
                    "duration_seconds",
                    e.first() == null
                            ? null
                            : Duration.between(e.first(), e.last()).toSeconds());
            r.put("cost_usd", CostReport.round(e.costUsd()));
            r.put("alternative_cost_usd", CostReport.round(e.alternativeCostUsd()));
            ex.add(r);
        }
        m.put("examples", ex);
        m.put("actual_cost_usd", CostReport.round(actualCostUsd));
        m.put("alternative_cost_usd", CostReport.round(alternativeCostUsd));
        m.put("caveat", CAVEAT);
        return m;
    }
}
