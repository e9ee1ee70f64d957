package dev.tj.server.api;

import dev.tj.core.session.Session;
import dev.tj.core.session.Tier;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Session, span and metric-point JSON objects of the REST API (TokenJam field names plus ours). */
public final class SessionViews {
    private SessionViews() {}

    /** One row of GET /api/v1/sessions. */
    public static Map<String, Object> summary(Session s, Tier tier, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", s.sessionId());
        m.put("agent_id", s.agentId());
        m.put("started_at", iso(s.startedAt()));
        m.put("total_cost_usd", s.costUsd());
        m.put("reported_cost_usd", s.reportedCostUsd());
        m.put("priced_by_fallback", s.fallbackPricedSpans() > 0);
        m.put("input_tokens", s.usage().input());
        m.put("output_tokens", s.usage().output());
        m.put("cache_read_tokens", s.usage().cacheRead());
        m.put("cache_write_tokens", s.usage().cacheWrite());
        m.put("tool_call_count", s.toolCallCount());
        m.put("error_count", s.errorCount());
        m.put("status", s.status().wire());
        m.put("tier", tier.wire());
        m.put("last_span_time", iso(s.endedAt()));
        m.put("label", label);
        m.put("namespace", s.resource().namespace());
        m.put("instance_id", s.resource().instanceId());
        m.put("run_id", s.resource().runId());
        m.put("machine", s.resource().machine());
        m.put("user", s.resource().user());
        return m;
    }

    /** The "session" object of GET /api/v1/sessions/{id}. */
    static Map<String, Object> detail(Session s, Tier tier, String label) {
        Map<String, Object> m = summary(s, tier, label);
        m.put("cache_tokens", s.usage().cacheRead()); // TokenJam's name for cache reads
        m.put("cache_write_5m_tokens", s.usage().cacheWrite5m());
        m.put("cache_write_1h_tokens", s.usage().cacheWrite1h());
        m.put("conversation_id", s.conversationId());
        m.put("parent_session_id", s.resource().parentSessionId());
        m.put("duration_seconds", s.durationSeconds());
        m.put("plan_tier", s.planTier().wire());
        m.put("pricing_mode", s.pricingMode().wire());
        m.put("span_count", s.spanCount());
        m.put("llm_call_count", s.llmCallCount());
        m.put("fallback_priced_spans", s.fallbackPricedSpans());
        m.put("active_seconds", s.activeMs() / 1000.0);
        m.put("terminal_at", iso(s.terminalAt())); // when it completed or was closed
        return m;
    }

    static Map<String, Object> span(Span s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("span_id", s.spanId());
        m.put("trace_id", s.traceId());
        m.put("parent_span_id", s.parentSpanId());
        m.put("session_id", s.sessionId());
        m.put("agent_id", s.agentId());
        m.put("sub_agent_id", s.subAgentId());
        m.put("name", s.name());
        m.put("kind", s.kind().wire());
        m.put("status_code", s.status().wire());
        m.put("status_message", s.statusMessage());
        m.put("start_time", iso(s.startTime()));
        m.put("end_time", iso(s.endTime()));
        m.put("duration_ms", s.durationMs());
        m.put("provider", s.provider());
        m.put("model", s.model());
        m.put("tool_name", s.toolName());
        m.put("input_tokens", s.usage().input());
        m.put("output_tokens", s.usage().output());
        m.put("cache_read_tokens", s.usage().cacheRead());
        m.put("cache_write_tokens", s.usage().cacheWrite());
        m.put("cost_usd", s.costUsd());
        m.put("reported_cost_usd", s.reportedCostUsd());
        m.put("priced_by_fallback", s.pricedByFallback());
        m.put("request_type", s.requestType());
        m.put("conversation_id", s.conversationId());
        m.put("billing_account", s.billingAccount());
        m.put("attributes", s.attributes());
        m.put(
                "events",
                s.events().stream()
                        .map(e -> {
                            Map<String, Object> ev = new LinkedHashMap<>();
                            ev.put("name", e.name());
                            ev.put("time", iso(e.time()));
                            ev.put("attributes", e.attributes());
                            return ev;
                        })
                        .toList());
        return m;
    }

    static Map<String, Object> point(MetricPoint p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point_id", p.pointId());
        m.put("session_id", p.sessionId());
        m.put("agent_id", p.agentId());
        m.put("name", p.name());
        m.put("unit", p.unit());
        m.put("time", iso(p.time()));
        m.put("value", p.value());
        m.put("attributes", p.attributes());
        return m;
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
