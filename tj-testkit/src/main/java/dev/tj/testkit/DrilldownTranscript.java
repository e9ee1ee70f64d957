package dev.tj.testkit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A drill-in transcript file being written: a clock, a parent uuid chain, counters of what it holds. */
final class DrilldownTranscript implements AutoCloseable {
    final Writer w;
    final String sessionId, agentId;
    long t;
    int steps, msg;
    String parentUuid;
    final List<String[]> assistantCopies = new ArrayList<>();
    private final String tag;

    DrilldownTranscript(Path path, String sessionId, String agentId, long t) throws IOException {
        Files.createDirectories(path.getParent());
        this.w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        this.sessionId = sessionId;
        this.agentId = agentId;
        this.t = t;
        this.tag = agentId == null ? "main" : agentId;
    }

    StringBuilder env(String type, String uuid) {
        StringBuilder sb = new StringBuilder(256).append("{\"parentUuid\":");
        sb.append(parentUuid == null ? "null" : "\"" + parentUuid + "\"");
        sb.append(",\"isSidechain\":")
                .append(agentId != null)
                .append(",\"userType\":\"external\",\"cwd\":\"")
                .append(DrilldownCorpus.CWD)
                .append("\",\"sessionId\":\"")
                .append(sessionId)
                .append("\",\"version\":\"2.1.328\",\"gitBranch\":\"main\"");
        if (agentId != null) sb.append(",\"agentId\":\"").append(agentId).append('"');
        sb.append(",\"type\":\"")
                .append(type)
                .append("\",\"uuid\":\"")
                .append(uuid)
                .append("\",\"timestamp\":\"");
        Text.iso(sb, t);
        sb.append('"');
        parentUuid = uuid;
        return sb;
    }

    void line(CharSequence s) throws IOException {
        w.append(s).append('\n');
    }

    String uuid() {
        return String.format("%08x-0000-4000-8000-%012x", tag.hashCode(), (long) (++msg) * 7919 + t);
    }

    void prompt(String text) throws IOException {
        StringBuilder sb = env("user", uuid()).append(",\"message\":{\"role\":\"user\",\"content\":");
        line(Text.quote(sb, text).append("}}"));
    }

    /** One assistant record with one block; returns its message id. */
    String assistant(String model, String block) throws IOException {
        String mid = "msg_" + tag.replace("-", "") + "_" + (++msg);
        return assistant(model, block, mid, uuid());
    }

    String assistant(String model, String block, String mid, String uuid) throws IOException {
        StringBuilder m = new StringBuilder(block.length() + 300)
                .append("{\"id\":\"")
                .append(mid)
                .append("\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"")
                .append(model)
                .append("\",\"content\":[")
                .append(block)
                .append("],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,")
                .append(
                        "\"cache_creation_input_tokens\":200,\"cache_read_input_tokens\":12000,\"output_tokens\":150}}");
        StringBuilder sb = env("assistant", uuid)
                .append(",\"requestId\":\"req_")
                .append(mid)
                .append("\",\"message\":");
        line(sb.append(m).append('}'));
        assistantCopies.add(new String[] {model, block, mid});
        steps++;
        return mid;
    }

    String text(String model, String text) throws IOException {
        return assistant(model, "{\"type\":\"text\",\"text\":" + Text.quote(text) + "}");
    }

    /** A tool_use record; returns the tool_use id. */
    String tool(String model, String name, String inputJson) throws IOException {
        String id = "toolu_" + tag.replace("-", "") + "_" + (msg + 1);
        assistant(
                model,
                "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":" + inputJson + "}");
        return id;
    }

    void result(String toolUseId, boolean error, String content, String toolUseResult) throws IOException {
        StringBuilder sb = env("user", uuid())
                .append(",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"")
                .append(toolUseId)
                .append("\",\"type\":\"tool_result\",\"content\":");
        Text.quote(sb, content).append(",\"is_error\":").append(error).append("}]}");
        if (toolUseResult != null) sb.append(",\"toolUseResult\":").append(toolUseResult);
        line(sb.append('}'));
    }

    @Override
    public void close() throws IOException {
        w.close();
    }
}
