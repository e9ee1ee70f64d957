package dev.tj.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds OTLP/JSON requests shaped like Claude Code's logs and GenAI SDK traces. */
final class OtlpJson {
    private OtlpJson() {}

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** OTLP attribute list; longs/ints become intValue strings as the spec says. */
    static List<Map<String, Object>> attrs(Map<String, ?> kv) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (var e : kv.entrySet()) out.add(Map.of("key", e.getKey(), "value", anyValue(e.getValue())));
        return out;
    }

    static Map<String, Object> anyValue(Object v) {
        if (v instanceof String s) return Map.of("stringValue", s);
        if (v instanceof Integer || v instanceof Long) return Map.of("intValue", String.valueOf(v));
        if (v instanceof Double || v instanceof Float) return Map.of("doubleValue", ((Number) v).doubleValue());
        if (v instanceof Boolean b) return Map.of("boolValue", b);
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> mm = (Map<String, ?>) m;
            return Map.of("kvlistValue", Map.of("values", attrs(mm)));
        }
        if (v instanceof List<?> l) {
            List<Object> vals = new ArrayList<>();
            for (Object o : l) vals.add(anyValue(o));
            return Map.of("arrayValue", Map.of("values", vals));
        }
        throw new IllegalArgumentException("unsupported attribute value " + v);
    }

    static Map<String, String> resource(String serviceName, String namespace, String instanceId) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("service.name", serviceName);
        if (namespace != null) r.put("service.namespace", namespace);
        if (instanceId != null) r.put("service.instance.id", instanceId);
        return r;
    }

    static String logs(Map<String, ?> resource, List<Map<String, Object>> records) {
        Map<String, Object> scope =
                Map.of("scope", Map.of("name", "com.anthropic.claude_code.events"), "logRecords", records);
        Map<String, Object> rl = Map.of("resource", Map.of("attributes", attrs(resource)), "scopeLogs", List.of(scope));
        return write(Map.of("resourceLogs", List.of(rl)));
    }

    static Map<String, Object> record(Instant time, String eventName, Map<String, ?> attributes) {
        Map<String, Object> a = new LinkedHashMap<>(attributes);
        a.put("event.name", eventName.substring(eventName.indexOf('.') + 1));
        a.put("event.timestamp", time.toString());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("timeUnixNano", String.valueOf(nanos(time)));
        r.put("observedTimeUnixNano", String.valueOf(nanos(time)));
        r.put("body", Map.of("stringValue", eventName));
        r.put("attributes", attrs(a));
        return r;
    }

    // ---- Claude Code events

    static Map<String, Object> userPrompt(String session, int seq, Instant t, String promptId) {
        return record(
                t,
                "claude_code.user_prompt",
                Map.of(
                        "session.id",
                        session,
                        "event.sequence",
                        seq,
                        "prompt.id",
                        promptId,
                        "prompt_length",
                        "42",
                        "prompt",
                        "<REDACTED>"));
    }

    static Map<String, Object> apiRequest(
            String session,
            int seq,
            Instant t,
            String promptId,
            long in,
            long out,
            long cacheRead,
            long cacheCreation,
            double cost,
            double durationMs) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("session.id", session);
        a.put("event.sequence", seq);
        a.put("prompt.id", promptId);
        a.put("model", "claude-sonnet-4-5-20250929");
        a.put("input_tokens", String.valueOf(in));
        a.put("output_tokens", String.valueOf(out));
        a.put("cache_read_tokens", String.valueOf(cacheRead));
        a.put("cache_creation_tokens", String.valueOf(cacheCreation));
        a.put("cost_usd", String.valueOf(cost));
        a.put("duration_ms", String.valueOf((long) durationMs));
        return record(t, "claude_code.api_request", a);
    }

    static Map<String, Object> toolResult(
            String session, int seq, Instant t, String promptId, String tool, boolean success, double durationMs) {
        return record(
                t,
                "claude_code.tool_result",
                Map.of(
                        "session.id",
                        session,
                        "event.sequence",
                        seq,
                        "prompt.id",
                        promptId,
                        "tool_name",
                        tool,
                        "success",
                        String.valueOf(success),
                        "duration_ms",
                        String.valueOf((long) durationMs)));
    }

    // ---- traces

    static Map<String, Object> span(
            String traceId,
            String spanId,
            String name,
            int kind,
            Instant start,
            Instant end,
            Map<String, ?> attributes) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("traceId", traceId);
        s.put("spanId", spanId);
        s.put("name", name);
        s.put("kind", kind);
        s.put("startTimeUnixNano", String.valueOf(nanos(start)));
        s.put("endTimeUnixNano", end == null ? "0" : String.valueOf(nanos(end)));
        s.put("status", Map.of("code", 1));
        s.put("attributes", attrs(attributes));
        return s;
    }

    static String traces(Map<String, ?> resource, List<Map<String, Object>> spans) {
        Map<String, Object> scope = Map.of("scope", Map.of("name", "tj.test"), "spans", spans);
        Map<String, Object> rs =
                Map.of("resource", Map.of("attributes", attrs(resource)), "scopeSpans", List.of(scope));
        return write(Map.of("resourceSpans", List.of(rs)));
    }

    /** A 32-hex trace id and 16-hex span ids derived from a seed, so tests can re-send them. */
    static String traceId(String seed) {
        return hex(seed, 32);
    }

    static String spanId(String seed) {
        return hex(seed, 16);
    }

    private static String hex(String seed, int len) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(seed.getBytes());
            StringBuilder b = new StringBuilder();
            for (byte x : d) b.append(String.format("%02x", x));
            return b.substring(0, len);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String write(Object o) {
        try {
            return TestServer.JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
