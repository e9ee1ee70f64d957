package dev.tj.core.history;

import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.SourceFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a backfill batch sent to a running daemon ({@code POST /api/v1/backfill/spans}):
 * {@code {"spans":[...], "source_files":[...]}}. Only the fields history spans use.
 */
public final class SpanWire {
    private SpanWire() {}

    public static Map<String, Object> batch(List<Span> spans, List<SourceFile> files) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> ss = new ArrayList<>(spans.size());
        for (Span s : spans) ss.add(span(s));
        m.put("spans", ss);
        m.put("source_files", files.stream().map(SpanWire::file).toList());
        return m;
    }

    public static Map<String, Object> span(Span s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("span_id", s.spanId());
        m.put("trace_id", s.traceId());
        m.put("parent_span_id", s.parentSpanId());
        m.put("session_id", s.sessionId());
        m.put("agent_id", s.agentId());
        m.put("sub_agent_id", s.subAgentId());
        m.put("name", s.name());
        m.put("kind", s.kind().wire());
        m.put("status", s.status().wire());
        m.put("status_message", s.statusMessage());
        m.put("start_ms", s.startTime().toEpochMilli());
        m.put("end_ms", s.endTime() == null ? null : s.endTime().toEpochMilli());
        m.put("duration_ms", s.durationMs());
        m.put("attributes", s.attributes());
        m.put("provider", s.provider());
        m.put("model", s.model());
        m.put("tool_name", s.toolName());
        Usage u = s.usage();
        m.put("usage", List.of(u.input(), u.output(), u.cacheRead(), u.cacheWrite5m(), u.cacheWrite1h()));
        m.put("request_type", s.requestType());
        m.put("conversation_id", s.conversationId());
        m.put("billing_account", s.billingAccount());
        m.put("project", s.resource().namespace());
        return m;
    }

    public static Map<String, Object> file(SourceFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.path());
        m.put("size", f.size());
        m.put("modified_ms", f.modified() == null ? null : f.modified().toEpochMilli());
        m.put("offset", f.offset());
        return m;
    }

    @SuppressWarnings("unchecked")
    public static Span span(Map<String, Object> m) {
        List<Number> u = (List<Number>) m.get("usage");
        Usage usage = u == null
                ? Usage.ZERO
                : new Usage(
                        u.get(0).longValue(),
                        u.get(1).longValue(),
                        u.get(2).longValue(),
                        u.get(3).longValue(),
                        u.get(4).longValue());
        Object attrs = m.get("attributes");
        return Span.builder()
                .spanId(str(m, "span_id"))
                .traceId(str(m, "trace_id"))
                .parentSpanId(str(m, "parent_span_id"))
                .sessionId(str(m, "session_id"))
                .agentId(str(m, "agent_id"))
                .subAgentId(str(m, "sub_agent_id"))
                .name(str(m, "name"))
                .kind(SpanKind.fromWire(str(m, "kind")))
                .status(SpanStatus.fromWire(str(m, "status")))
                .statusMessage(str(m, "status_message"))
                .startTime(Instant.ofEpochMilli(((Number) m.get("start_ms")).longValue()))
                .endTime(m.get("end_ms") == null ? null : Instant.ofEpochMilli(((Number) m.get("end_ms")).longValue()))
                .durationMs(m.get("duration_ms") == null ? null : ((Number) m.get("duration_ms")).doubleValue())
                .attributes(attrs instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of())
                .provider(str(m, "provider"))
                .model(str(m, "model"))
                .toolName(str(m, "tool_name"))
                .usage(usage)
                .requestType(str(m, "request_type"))
                .conversationId(str(m, "conversation_id"))
                .billingAccount(str(m, "billing_account"))
                .resource(new ResourceIdentity(str(m, "project"), null, null, null))
                .build();
    }

    public static SourceFile file(Map<String, Object> m) {
        Object mod = m.get("modified_ms");
        return new SourceFile(
                str(m, "path"),
                ((Number) m.get("size")).longValue(),
                mod == null ? null : Instant.ofEpochMilli(((Number) mod).longValue()),
                ((Number) m.get("offset")).longValue());
    }

    private static String str(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null ? null : v.toString();
    }
}
