package dev.tj.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tool inputs, subagent results and sidecars, shaped alike wherever the drill-in scenarios need them. */
final class ToolJson {
    private ToolJson() {}

    static String bash(String cmd) {
        return "{\"command\":" + Text.quote(cmd) + ",\"description\":\"run it\"}";
    }

    static String file(String path) {
        return "{\"file_path\":" + Text.quote(path) + "}";
    }

    static String spawn(String description, String type, boolean background) {
        return "{\"description\":" + Text.quote(description) + ",\"prompt\":" + Text.quote("Please " + description)
                + ",\"subagent_type\":\"" + type + "\"" + (background ? ",\"run_in_background\":true" : "") + "}";
    }

    static String agentResult(String agentId, String status) {
        return "{\"status\":\"" + status + "\",\"agentId\":\"" + agentId + "\",\"agentType\":\"general-purpose\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"report\"}],\"totalDurationMs\":1000,\"totalTokens\":100}";
    }

    static void meta(Path dir, String agentId, String name, String toolUseId, String type) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("agent-" + agentId + ".meta.json"),
                "{\"agentType\":\"" + type + "\"," + (name == null ? "" : "\"name\":" + Text.quote(name) + ",")
                        + "\"description\":\"sidecar description\",\"toolUseId\":\"" + toolUseId
                        + "\",\"spawnDepth\":1,\"requestShape\":\"foreground\",\"finished\":true}");
    }
}
