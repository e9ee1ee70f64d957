package dev.tj.core.drilldown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code agent-<id>.meta.json} sidecars of a session's subagents: {@code toolUseId} names the
 * parent's Task/Agent call (the link when the result does not name the agent), {@code name},
 * {@code description}, {@code agentType} and {@code requestShape} describe it.
 */
record SubagentMeta(
        String agentId, String name, String description, String agentType, String toolUseId, String requestShape) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_META_BYTES = 1 << 20;

    /** The sidecars of {@code dir} by the parent's tool_use id; {@code bad[0]} counts unreadable ones. */
    static Map<String, SubagentMeta> byToolUse(Path dir, long[] bad) {
        Map<String, SubagentMeta> out = new HashMap<>();
        if (dir == null || !Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "agent-*.meta.json")) {
            for (Path f : ds) {
                String n = f.getFileName().toString();
                String id = n.substring("agent-".length(), n.length() - ".meta.json".length());
                try {
                    if (Files.size(f) > MAX_META_BYTES) throw new IOException("too big");
                    JsonNode j = JSON.readTree(f.toFile());
                    if (j == null || !j.isObject()) throw new IOException("not an object");
                    SubagentMeta m = new SubagentMeta(
                            id,
                            text(j, "name"),
                            text(j, "description"),
                            text(j, "agentType"),
                            text(j, "toolUseId"),
                            text(j, "requestShape"));
                    if (m.toolUseId() != null) out.putIfAbsent(m.toolUseId(), m);
                } catch (IOException | RuntimeException e) {
                    bad[0]++;
                }
            }
        } catch (IOException e) {
            bad[0]++;
        }
        return out;
    }

    private static String text(JsonNode j, String f) {
        JsonNode v = j.get(f);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
