package dev.tj.server.api;

import static dev.tj.server.api.SessionViews.iso;

import dev.tj.core.rollup.ContextPoint;
import dev.tj.core.rollup.ModelUse;
import dev.tj.core.rollup.Rightsizing;
import dev.tj.core.rollup.RunRollup;
import dev.tj.core.rollup.SessionRollup;
import dev.tj.core.rollup.SpawnNode;
import dev.tj.core.rollup.SubagentUse;
import dev.tj.core.rollup.ToolUse;
import dev.tj.core.rollup.TraceSummary;
import dev.tj.core.session.Session;
import dev.tj.core.storage.RunTotals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON of the session rollup and of runs: TokenJam's names (reference §5.2, §5.6) plus ours. */
final class RollupViews {
    private RollupViews() {}

    /** The rollup parts of GET /api/v1/sessions/{id}, added beside "session". */
    static void rollup(Map<String, Object> out, SessionRollup r) {
        out.put("turn_count", r.turnCount());
        out.put("model_mix", r.modelMix().stream().map(RollupViews::model).toList());
        out.put(
                "context_series",
                r.contextSeries().stream().map(RollupViews::context).toList());
        out.put("tools", r.tools().stream().map(RollupViews::tool).toList());
        out.put("traces", r.traces().stream().map(RollupViews::trace).toList());
        out.put("subagents", subagents(r.subagents()));
    }

    private static Map<String, Object> model(ModelUse m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model", m.model());
        o.put("calls", m.calls());
        o.put("input_tokens", m.usage().input());
        o.put("output_tokens", m.usage().output());
        o.put("cache_tokens", m.usage().cacheRead());
        o.put("cache_write_tokens", m.usage().cacheWrite());
        o.put("cost_usd", m.costUsd());
        return o;
    }

    private static Map<String, Object> context(ContextPoint p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("t", iso(p.t()));
        o.put("input_tokens", p.usage().input());
        o.put("cache_tokens", p.usage().cacheRead());
        o.put("cache_write_tokens", p.usage().cacheWrite());
        o.put("output_tokens", p.usage().output());
        return o;
    }

    private static Map<String, Object> tool(ToolUse t) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("tool_name", t.toolName());
        o.put("count", t.count());
        o.put("error_count", t.errorCount());
        return o;
    }

    private static Map<String, Object> trace(TraceSummary t) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("trace_id", t.traceId());
        o.put("name", t.name());
        o.put("start_time", iso(t.startTime()));
        o.put("duration_ms", t.durationMs());
        o.put("cost_usd", t.costUsd());
        o.put("status_code", t.error() ? "error" : "ok");
        o.put("span_count", t.spanCount());
        return o;
    }

    /** {rows, total, cost_usd, tokens, flagged, caveat}: flags are candidates to review, not savings. */
    static Map<String, Object> subagents(List<SubagentUse> subs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        double cost = 0;
        long tokens = 0;
        int flagged = 0;
        for (SubagentUse s : subs) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("sub_agent_id", s.subAgentId());
            o.put("type", s.type());
            o.put("model", s.model());
            o.put("llm_calls", s.llmCalls());
            o.put("tool_calls", s.toolCalls());
            o.put("input_tokens", s.usage().input());
            o.put("output_tokens", s.usage().output());
            o.put("cache_tokens", s.usage().cacheRead());
            o.put("cache_write_tokens", s.usage().cacheWrite());
            o.put("tokens", s.usage().total());
            o.put("cost_usd", s.costUsd());
            o.put("started_at", iso(s.startedAt()));
            o.put("ended_at", iso(s.endedAt()));
            o.put("duration_seconds", s.durationSeconds());
            o.put("flags", s.flags());
            rows.add(o);
            cost += s.costUsd();
            tokens += s.usage().total();
            if (!s.flags().isEmpty()) flagged++;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", rows);
        out.put("total", rows.size());
        out.put("cost_usd", cost);
        out.put("tokens", tokens);
        out.put("flagged", flagged);
        out.put("caveat", Rightsizing.CAVEAT);
        out.put("estimated_recoverable_usd", null); // candidates only: no saving is claimed
        return out;
    }

    static Map<String, Object> runListRow(RunTotals r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("run_id", r.runId());
        o.put("session_count", r.sessionCount());
        o.put("total_cost_usd", r.costUsd());
        o.put("input_tokens", r.inputTokens());
        o.put("output_tokens", r.outputTokens());
        o.put("started_at", iso(r.startedAt()));
        o.put("last_activity", iso(r.lastActivity()));
        o.put("pricing_mode", RunRollup.pricingMode(r.planTiers()));
        return o;
    }

    static Map<String, Object> run(RunRollup r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("run_id", r.runId());
        o.put("session_count", r.members().size());
        o.put("pricing_mode", r.pricingMode());
        o.put("total_cost_usd", r.costUsd());
        o.put("input_tokens", r.usage().input());
        o.put("output_tokens", r.usage().output());
        o.put("cache_tokens", r.usage().cacheRead());
        o.put("cache_write_tokens", r.usage().cacheWrite());
        o.put("tool_call_count", r.toolCallCount());
        o.put("error_count", r.errorCount());
        o.put("span_count", r.spanCount());
        o.put("started_at", iso(r.startedAt()));
        o.put("last_activity", iso(r.lastActivity()));
        o.put("time_span_seconds", r.timeSpanSeconds());
        return o;
    }

    static Map<String, Object> node(SpawnNode n) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("session_id", n.sessionId());
        o.put("children", n.children().stream().map(RollupViews::node).toList());
        return o;
    }

    /** A child session of this one (its {@code parent_session_id} names it). */
    static Map<String, Object> child(Session s, String label) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("session_id", s.sessionId());
        o.put("agent_id", s.agentId());
        o.put("label", label);
        o.put("run_id", s.resource().runId());
        o.put("started_at", iso(s.startedAt()));
        o.put("total_cost_usd", s.costUsd());
        return o;
    }
}
