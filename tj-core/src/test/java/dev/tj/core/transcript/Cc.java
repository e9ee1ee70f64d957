package dev.tj.core.transcript;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds Claude Code transcript lines for tests. */
public final class Cc {
    static final ObjectMapper JSON = new ObjectMapper();

    private Cc() {}

    public static Map<String, Object> usage(long in, long out, long read, long write) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("input_tokens", in);
        u.put("cache_creation_input_tokens", write);
        u.put("cache_read_input_tokens", read);
        u.put("output_tokens", out);
        return u;
    }

    public static Map<String, Object> usage1h(long in, long out, long read, long w5, long w1) {
        Map<String, Object> u = usage(in, out, read, w5 + w1);
        u.put("cache_creation", Map.of("ephemeral_5m_input_tokens", w5, "ephemeral_1h_input_tokens", w1));
        return u;
    }

    public static Map<String, Object> assistant(
            String sid,
            String ts,
            String msgId,
            String model,
            Map<String, Object> usage,
            List<Map<String, Object>> content) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("parentUuid", null);
        r.put("isSidechain", false);
        r.put("cwd", "/home/dev/proj");
        r.put("sessionId", sid);
        r.put("type", "assistant");
        r.put("uuid", java.util.UUID.randomUUID().toString());
        if (ts != null) r.put("timestamp", ts);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", msgId);
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", model);
        m.put("content", content == null ? List.of(Map.of("type", "text", "text", "hi")) : content);
        if (usage != null) m.put("usage", usage);
        r.put("message", m);
        r.put("requestId", "req_" + msgId);
        return r;
    }

    public static Map<String, Object> sidechain(Map<String, Object> rec, String agentId) {
        rec.put("isSidechain", true);
        rec.put("agentId", agentId);
        return rec;
    }

    public static Map<String, Object> toolUse(String id, String name) {
        return Map.of("type", "tool_use", "id", id, "name", name, "input", Map.of("x", 1));
    }

    public static Map<String, Object> toolResult(
            String sid, String ts, String toolUseId, boolean error, Object content, Object toolUseResult) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "user");
        r.put("sessionId", sid);
        r.put("cwd", "/home/dev/proj");
        r.put("uuid", java.util.UUID.randomUUID().toString());
        r.put("timestamp", ts);
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("tool_use_id", toolUseId);
        block.put("type", "tool_result");
        block.put("content", content);
        block.put("is_error", error);
        r.put("message", Map.of("role", "user", "content", List.of(block)));
        if (toolUseResult != null) r.put("toolUseResult", toolUseResult);
        return r;
    }

    public static String line(Map<String, Object> rec) {
        try {
            return JSON.writeValueAsString(rec);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path write(Path file, List<?> lines) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        for (Object o : lines)
            sb.append(o instanceof String s ? s : line(cast(o))).append('\n');
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }

    public static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    public static List<Object> list(Object... xs) {
        return new ArrayList<>(List.of(xs));
    }
}
