package dev.tj.storage.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanEvent;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.JsonText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row codecs: the columns a write sends (as one array per column, see {@link ArrayRows}) and the
 * SELECT lists that read rows back. Timestamps are stored as timestamptz (microsecond precision;
 * sub-microsecond nanos are truncated, as in DuckDB) and read back as {@code epoch_us(...)}, a
 * function of the schema. JSON columns hold text; integers come back as {@link Long}, fractions as
 * {@link Double}. PostgreSQL text cannot hold U+0000: it is stored as U+FFFD, so such a value is kept
 * instead of failing its whole batch.
 */
final class PgRows {
    private PgRows() {}

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, Object>>> LIST_OF_MAPS = new TypeReference<>() {};

    // ---- spans ----

    /** Physical column order of {@code spans}; {@link #appendSpan} writes exactly these. */
    static final List<String> SPAN_COLUMNS = List.of(
            "span_id",
            "trace_id",
            "parent_span_id",
            "session_id",
            "agent_id",
            "sub_agent_id",
            "name",
            "kind",
            "status_code",
            "status_message",
            "start_time",
            "end_time",
            "duration_ms",
            "attributes",
            "events",
            "provider",
            "model",
            "tool_name",
            "input_tokens",
            "output_tokens",
            "cache_tokens",
            "cache_write_tokens",
            "cache_write_1h_tokens",
            "cost_usd",
            "reported_cost_usd",
            "priced_by_fallback",
            "request_type",
            "conversation_id",
            "billing_account",
            "service_namespace",
            "service_instance_id",
            "run_id",
            "parent_session_id",
            "machine",
            "user_name");

    static final String SPAN_SELECT = "span_id, trace_id, parent_span_id, session_id, agent_id, sub_agent_id, name, "
            + "kind, status_code, status_message, epoch_us(start_time), epoch_us(end_time), duration_ms, "
            + "attributes, events, provider, model, tool_name, input_tokens, output_tokens, cache_tokens, "
            + "cache_write_tokens, cache_write_1h_tokens, cost_usd, reported_cost_usd, priced_by_fallback, "
            + "request_type, conversation_id, billing_account, service_namespace, service_instance_id, run_id, "
            + "parent_session_id, machine, user_name";

    static Span readSpan(ResultSet rs) throws SQLException {
        long cacheWrite = rs.getLong(22), cacheWrite1h = rs.getLong(23);
        return new Span(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                SpanKind.fromWire(rs.getString(8)),
                SpanStatus.fromWire(rs.getString(9)),
                rs.getString(10),
                instant(rs, 11),
                instant(rs, 12),
                dbl(rs, 13),
                map(rs.getString(14)),
                events(rs.getString(15)),
                rs.getString(16),
                rs.getString(17),
                rs.getString(18),
                new Usage(rs.getLong(19), rs.getLong(20), rs.getLong(21), cacheWrite - cacheWrite1h, cacheWrite1h),
                dbl(rs, 24),
                dbl(rs, 25),
                rs.getBoolean(26),
                rs.getString(27),
                rs.getString(28),
                rs.getString(29),
                new ResourceIdentity(
                        rs.getString(30),
                        rs.getString(31),
                        rs.getString(32),
                        rs.getString(33),
                        rs.getString(34),
                        rs.getString(35)));
    }

    // ---- sessions ----

    /** Physical column order of {@code sessions} (and of the writer's staging copy). */
    static final List<String> SESSION_COLUMNS = List.of(
            "session_id",
            "agent_id",
            "conversation_id",
            "started_at",
            "ended_at",
            "status",
            "terminal_at",
            "total_cost_usd",
            "reported_cost_usd",
            "input_tokens",
            "output_tokens",
            "cache_tokens",
            "cache_write_tokens",
            "cache_write_1h_tokens",
            "tool_call_count",
            "error_count",
            "span_count",
            "llm_call_count",
            "fallback_priced_spans",
            "active_ms",
            "plan_tier",
            "service_namespace",
            "service_instance_id",
            "run_id",
            "parent_session_id",
            "machine",
            "user_name");

    static final String SESSION_SELECT = "session_id, agent_id, conversation_id, epoch_us(started_at), "
            + "epoch_us(ended_at), status, epoch_us(terminal_at), total_cost_usd, reported_cost_usd, input_tokens, "
            + "output_tokens, cache_tokens, cache_write_tokens, cache_write_1h_tokens, tool_call_count, error_count, "
            + "span_count, llm_call_count, fallback_priced_spans, active_ms, plan_tier, service_namespace, "
            + "service_instance_id, run_id, parent_session_id, machine, user_name";

    static Session readSession(ResultSet rs) throws SQLException {
        long cacheWrite = rs.getLong(13), cacheWrite1h = rs.getLong(14);
        return new Session(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                instant(rs, 4),
                instant(rs, 5),
                SessionStatus.fromWire(rs.getString(6)),
                instant(rs, 7),
                new Usage(rs.getLong(10), rs.getLong(11), rs.getLong(12), cacheWrite - cacheWrite1h, cacheWrite1h),
                rs.getDouble(8),
                dbl(rs, 9),
                rs.getInt(19),
                rs.getLong(17),
                rs.getLong(18),
                rs.getLong(15),
                rs.getLong(16),
                rs.getDouble(20),
                PlanTier.parse(rs.getString(21)),
                new ResourceIdentity(
                        rs.getString(22),
                        rs.getString(23),
                        rs.getString(24),
                        rs.getString(25),
                        rs.getString(26),
                        rs.getString(27)));
    }

    // ---- metric points ----

    static final List<String> POINT_COLUMNS =
            List.of("point_id", "session_id", "agent_id", "name", "unit", "time", "value", "attributes");

    static final String POINT_SELECT = "point_id, session_id, agent_id, name, unit, epoch_us(time), value, attributes";

    static MetricPoint readPoint(ResultSet rs) throws SQLException {
        String attrs = rs.getString(8);
        return new MetricPoint(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                instant(rs, 6),
                rs.getDouble(7),
                attrs == null ? null : map(attrs));
    }

    // ---- values a write sends, in column order ----

    static final List<String> SPAN_TYPES = List.of(
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "timestamptz",
            "timestamptz",
            "float8",
            "text",
            "text",
            "text",
            "text",
            "text",
            "int8",
            "int8",
            "int8",
            "int8",
            "int8",
            "float8",
            "float8",
            "bool",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text");

    static Object[] spanValues(Span s) {
        Usage u = s.usage();
        ResourceIdentity r = s.resource();
        return new Object[] {
            text(s.spanId()),
            text(s.traceId()),
            text(s.parentSpanId()),
            text(s.sessionId()),
            text(s.agentId()),
            text(s.subAgentId()),
            text(s.name()),
            s.kind().wire(),
            s.status().wire(),
            text(s.statusMessage()),
            ts(s.startTime()),
            ts(s.endTime()),
            s.durationMs(),
            json(s.attributes()),
            eventsJson(s.events()),
            text(s.provider()),
            text(s.model()),
            text(s.toolName()),
            u.input(),
            u.output(),
            u.cacheRead(),
            u.cacheWrite(),
            u.cacheWrite1h(),
            s.costUsd(),
            s.reportedCostUsd(),
            s.pricedByFallback(),
            text(s.requestType()),
            text(s.conversationId()),
            text(s.billingAccount()),
            text(r.namespace()),
            text(r.instanceId()),
            text(r.runId()),
            text(r.parentSessionId()),
            text(r.machine()),
            text(r.user())
        };
    }

    static final List<String> POINT_TYPES =
            List.of("text", "text", "text", "text", "text", "timestamptz", "float8", "text");

    static Object[] pointValues(MetricPoint p) {
        return new Object[] {
            text(p.pointId()),
            text(p.sessionId()),
            text(p.agentId()),
            text(p.name()),
            text(p.unit()),
            ts(p.time()),
            p.value(),
            p.attributes() == null ? null : json(p.attributes())
        };
    }

    /** Text as PostgreSQL can hold it (no U+0000). */
    static String text(String v) {
        return v == null || v.indexOf('\u0000') < 0 ? v : v.replace('\u0000', '\ufffd');
    }

    /** A timestamp as text PostgreSQL parses, truncated to microseconds as stored. */
    static String ts(Instant t) {
        return t == null
                ? null
                : t.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString();
    }

    // ---- value helpers ----

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Instant instant(ResultSet rs, int col) throws SQLException {
        long us = rs.getLong(col);
        if (rs.wasNull()) return null;
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1_000L);
    }

    static Double dbl(ResultSet rs, int col) throws SQLException {
        double d = rs.getDouble(col);
        return rs.wasNull() ? null : d;
    }

    static String json(Object v) {
        return text(JsonText.of(v));
    }

    static Map<String, Object> map(String json) {
        if (json == null) return Map.of();
        try {
            Map<String, Object> m = JSON.readValue(json, MAP);
            return m == null ? Map.of() : m;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private static String eventsJson(List<SpanEvent> events) {
        if (events.isEmpty()) return "[]";
        List<Map<String, Object>> out = new ArrayList<>(events.size());
        for (SpanEvent e : events) {
            Map<String, Object> m = new LinkedHashMap<>(4);
            m.put("name", e.name());
            m.put("time", e.time() == null ? null : e.time().toString());
            m.put("attributes", e.attributes());
            out.add(m);
        }
        return json(out);
    }

    @SuppressWarnings("unchecked")
    private static List<SpanEvent> events(String json) {
        if (json == null || json.equals("[]")) return List.of();
        try {
            List<Map<String, Object>> raw = JSON.readValue(json, LIST_OF_MAPS);
            List<SpanEvent> out = new ArrayList<>(raw.size());
            for (Map<String, Object> m : raw) {
                Object time = m.get("time");
                out.add(new SpanEvent((String) m.get("name"), time == null ? null : Instant.parse((String) time), (Map<
                                String, Object>)
                        m.get("attributes")));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored events JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
