package dev.tj.otlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Tiny OTLP/JSON text builder for tests: payloads read like the wire format they produce. */
final class Otlpj {
    private Otlpj() {}

    static final String CC_SCOPE = "com.anthropic.claude_code.events";
    static final String SESSION = "0f3c2a8e-1111-4222-8333-944445555666";
    static final String T0 = "1795165200000000000"; // 2026-11-20T09:00:00Z

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    /** A KeyValue; the Java type picks the AnyValue case (Long/Integer → intValue as a string). */
    static String kv(String key, Object v) {
        return "{\"key\":" + str(key) + ",\"value\":" + any(v) + "}";
    }

    static String any(Object v) {
        if (v instanceof String s) return "{\"stringValue\":" + str(s) + "}";
        if (v instanceof Long || v instanceof Integer) return "{\"intValue\":\"" + v + "\"}";
        if (v instanceof Double d) return "{\"doubleValue\":" + d + "}";
        if (v instanceof Boolean b) return "{\"boolValue\":" + b + "}";
        if (v instanceof Raw r) return r.json();
        throw new IllegalArgumentException(String.valueOf(v));
    }

    /** Literal AnyValue JSON. */
    record Raw(String json) {}

    static String attrs(String... kvs) {
        return "[" + String.join(",", kvs) + "]";
    }

    static String logs(String resourceAttrs, String scope, String... records) {
        return "{\"resourceLogs\":[{\"resource\":{\"attributes\":" + resourceAttrs
                + "},\"scopeLogs\":[{\"scope\":{\"name\":" + str(scope) + "},\"logRecords\":["
                + String.join(",", records) + "]}]}]}";
    }

    static String ccLogs(String... records) {
        return logs(attrs(kv("service.name", "claude-code")), CC_SCOPE, records);
    }

    static String codexLogs(String... records) {
        return logs(attrs(kv("service.name", "codex_cli_rs")), "codex_otel", records);
    }

    static String record(String timeUnixNano, String body, String... kvs) {
        return "{\"timeUnixNano\":\"" + timeUnixNano + "\",\"body\":{\"stringValue\":" + str(body) + "},\"attributes\":"
                + attrs(kvs) + "}";
    }

    /** A Claude Code event with session.id, event.name, event.timestamp, and the given extras. */
    static String cc(String event, String... extra) {
        List<String> kvs = new ArrayList<>(List.of(
                kv("session.id", SESSION), kv("event.name", event), kv("event.timestamp", "2026-11-20T09:00:00.000Z")));
        kvs.addAll(Arrays.asList(extra));
        return record(T0, "claude_code." + event, kvs.toArray(String[]::new));
    }

    /** A Codex event: empty body, time 0, name in event.name. */
    static String codex(String event, String timestamp, String... extra) {
        List<String> kvs = new ArrayList<>(List.of(
                kv("event.name", "codex." + event),
                kv("event.timestamp", timestamp),
                kv("conversation.id", "conv-1"),
                kv("model", "gpt-5-codex")));
        kvs.addAll(Arrays.asList(extra));
        return record("0", "", kvs.toArray(String[]::new));
    }
}
