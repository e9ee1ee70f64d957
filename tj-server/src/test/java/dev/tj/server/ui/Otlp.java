package dev.tj.server.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * OTLP/JSON request bodies: Claude Code-shaped log exports (resource + scope
 * {@code com.anthropic.claude_code.events}, event name in the body, numbers as strings, like the
 * OTLP fixture in tj-testkit) and GenAI SDK traces.
 */
final class Otlp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Otlp() {}

    static String nanos(Instant t) {
        return String.valueOf(t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    static List<Map<String, Object>> attrs(Map<String, ?> kv) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (var e : kv.entrySet()) {
            Object v = e.getValue();
            Map<String, Object> any;
            if (v instanceof String s) any = Map.of("stringValue", s);
            else if (v instanceof Integer || v instanceof Long) any = Map.of("intValue", String.valueOf(v));
            else if (v instanceof Number n) any = Map.of("doubleValue", n.doubleValue());
            else if (v instanceof Boolean b) any = Map.of("boolValue", b);
            else throw new IllegalArgumentException(String.valueOf(v));
            out.add(Map.of("key", e.getKey(), "value", any));
        }
        return out;
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(int bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes; i++)
            sb.append(String.format("%02x", ThreadLocalRandom.current().nextInt(256)));
        return sb.toString();
    }

    /** One Claude Code session's events, one second apart, starting at {@link #at}. */
    static final class Cc {
        final String service;
        final String sessionId;
        String namespace;
        String instance;
        final Map<String, Object> extra = new LinkedHashMap<>();
        String user;
        Instant t = Instant.now();
        int seq;
        final String promptId = UUID.randomUUID().toString();
        final List<Map<String, Object>> records = new ArrayList<>();

        Cc(String service, String sessionId) {
            this.service = service;
            this.sessionId = sessionId;
        }

        Cc namespace(String ns) {
            namespace = ns;
            return this;
        }

        Cc instance(String id) {
            instance = id;
            return this;
        }

        /** Another resource attribute, e.g. {@code tokenjam.run_id}. */
        Cc resource(String key, String value) {
            extra.put(key, value);
            return this;
        }

        /** The person, as Claude Code sends it on every event. */
        Cc user(String email) {
            this.user = email;
            return this;
        }

        Cc at(Instant start) {
            t = start;
            return this;
        }

        private Map<String, Object> base() {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("session.id", sessionId);
            a.put("event.sequence", ++seq);
            a.put("prompt.id", promptId);
            a.put("terminal.type", "xterm-256color");
            if (user != null) a.put("user.email", user);
            return a;
        }

        private Cc add(String event, Map<String, Object> a) {
            a.put("event.name", event.substring(event.indexOf('.') + 1));
            a.put("event.timestamp", t.toString());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("timeUnixNano", nanos(t));
            r.put("observedTimeUnixNano", nanos(t));
            r.put("body", Map.of("stringValue", event));
            r.put("attributes", attrs(a));
            records.add(r);
            t = t.plusSeconds(1);
            return this;
        }

        Cc prompt() {
            Map<String, Object> a = base();
            a.put("prompt_length", "42");
            a.put("prompt", "<REDACTED>");
            return add("claude_code.user_prompt", a);
        }

        Cc api(long in, long out, long cacheRead, long cacheWrite, double cost) {
            Map<String, Object> a = base();
            a.put("model", "claude-sonnet-4-5-20250929");
            a.put("input_tokens", String.valueOf(in));
            a.put("output_tokens", String.valueOf(out));
            a.put("cache_read_tokens", String.valueOf(cacheRead));
            a.put("cache_creation_tokens", String.valueOf(cacheWrite));
            a.put("cost_usd", String.valueOf(cost));
            a.put("duration_ms", "900");
            a.put("speed", "normal");
            return add("claude_code.api_request", a);
        }

        Cc tool(String name, boolean success) {
            Map<String, Object> a = base();
            a.put("tool_name", name);
            a.put("success", String.valueOf(success));
            a.put("duration_ms", "120");
            if (!success) a.put("error", "exit code 1");
            return add("claude_code.tool_result", a);
        }

        String json() {
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("service.name", service);
            res.put("service.version", "2.1.37");
            if (namespace != null) res.put("service.namespace", namespace);
            if (instance != null) res.put("service.instance.id", instance);
            res.putAll(extra);
            Map<String, Object> scope = Map.of(
                    "scope",
                    Map.of("name", "com.anthropic.claude_code.events", "version", "2.1.37"),
                    "logRecords",
                    records);
            return write(Map.of(
                    "resourceLogs",
                    List.of(Map.of("resource", Map.of("attributes", attrs(res)), "scopeLogs", List.of(scope)))));
        }
    }

    /** A GenAI SDK LLM call span. */
    static Map<String, Object> llmSpan(Instant start, boolean error, double cost) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gen_ai.provider.name", "openai");
        a.put("gen_ai.request.model", "gpt-4o");
        a.put("gen_ai.usage.input_tokens", 800L);
        a.put("gen_ai.usage.output_tokens", 200L);
        a.put("tokenjam.cost_usd", cost);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("traceId", hex(16));
        s.put("spanId", hex(8));
        s.put("name", "gen_ai.llm.call");
        s.put("kind", 3);
        s.put("startTimeUnixNano", nanos(start));
        s.put("endTimeUnixNano", nanos(start.plusMillis(700)));
        s.put("status", error ? Map.of("code", 2, "message", "rate limited") : Map.of("code", 1));
        s.put("attributes", attrs(a));
        return s;
    }

    static String traces(String service, List<Map<String, Object>> spans) {
        Map<String, Object> res = Map.of("attributes", attrs(Map.of("service.name", service)));
        return write(Map.of(
                "resourceSpans",
                List.of(Map.of(
                        "resource",
                        res,
                        "scopeSpans",
                        List.of(Map.of("scope", Map.of("name", "ui-test"), "spans", spans))))));
    }
}
