package dev.tj.bench.clients;

import static dev.tj.bench.clients.ScriptedModelApi.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Anthropic Messages side of the scripted API. Claude Code's main conversation (the prompt holds
 * {@link #MAIN_MARKER}) runs a Bash command that exits 3, then starts an {@code Agent} subagent (whose prompt holds
 * {@link #SUB_MARKER}; it runs a Bash command of its own), then ends; each step is one API response.
 * Requests that belong to neither conversation (titles, summaries) get a short text answer, still with
 * usage: they are API calls like any other.
 */
final class ClaudeScript {
    static final String MAIN_MARKER = "TJ-COMPAT-MAIN";
    static final String SUB_MARKER = "TJ-COMPAT-SUB";
    static final String FAILING_COMMAND = "echo tj-compat-main; exit 3";

    private final AtomicInteger calls = new AtomicInteger();

    record Reply(ApiCall call, List<ObjectNode> events, ObjectNode message) {}

    Reply next(JsonNode request, String session) {
        int k = calls.incrementAndGet();
        String model = request.path("model").asText("claude-unknown");
        String thread = thread(request);
        int toolUsesSoFar = toolUses(request.path("messages"));
        List<ObjectNode> content = new ArrayList<>();
        String stop = "end_turn";
        int failing = 0;
        if (thread.equals("main") && toolUsesSoFar == 0) {
            content.add(text("Running a command first."));
            content.add(toolUse(
                    k,
                    "Bash",
                    JSON.createObjectNode()
                            .put("command", FAILING_COMMAND)
                            .put("description", "Print a marker and fail")));
            failing = 1;
            stop = "tool_use";
        } else if (thread.equals("main") && toolUsesSoFar == 1) {
            content.add(toolUse(
                    k,
                    "Agent",
                    JSON.createObjectNode()
                            .put("description", "Compat subagent")
                            .put(
                                    "prompt",
                                    SUB_MARKER + ": run `echo tj-compat-sub` with the Bash tool, then reply done.")
                            .put("subagent_type", "general-purpose")));
            stop = "tool_use";
        } else if (thread.equals("subagent") && toolUsesSoFar == 0) {
            content.add(toolUse(
                    k,
                    "Bash",
                    JSON.createObjectNode()
                            .put("command", "echo tj-compat-sub")
                            .put("description", "Print the subagent marker")));
            stop = "tool_use";
        } else {
            content.add(text(thread.equals("side") ? "Compat session" : "Done."));
        }
        long input = 5 + k, cacheRead = 10_000 + 1_000L * k, cw5m = 300 + 10L * k, cw1h = k % 2 == 0 ? 64L * k : 0;
        long output = 20 + 3L * k;
        int tools = (int) content.stream()
                .filter(b -> b.path("type").asText().equals("tool_use"))
                .count();
        String id = "msg_compat_" + k;
        ApiCall call = new ApiCall(
                "claude-code", session, thread, id, model, input, output, cacheRead, cw5m, cw1h, 0, tools, failing);
        return new Reply(call, events(id, model, content, stop, call), message(id, model, content, stop, call));
    }

    /** main, subagent or side: by the marker in the first user message, and only when tools are offered. */
    private static String thread(JsonNode request) {
        boolean conversation = false;
        for (JsonNode t : request.path("tools")) if (t.path("name").asText().equals("Bash")) conversation = true;
        if (!conversation) return "side";
        JsonNode first = null;
        for (JsonNode m : request.path("messages")) {
            if (m.path("role").asText().equals("user")) {
                first = m;
                break;
            }
        }
        String text = first == null ? "" : textOf(first.path("content"));
        if (text.contains(SUB_MARKER)) return "subagent";
        if (text.contains(MAIN_MARKER)) return "main";
        return "side";
    }

    private static String textOf(JsonNode content) {
        if (content.isTextual()) return content.asText();
        StringBuilder sb = new StringBuilder();
        for (JsonNode b : content)
            if (b.path("type").asText().equals("text"))
                sb.append(b.path("text").asText()).append('\n');
        return sb.toString();
    }

    private static int toolUses(JsonNode messages) {
        int n = 0;
        for (JsonNode m : messages) {
            if (!m.path("role").asText().equals("assistant")) continue;
            for (JsonNode b : m.path("content")) if (b.path("type").asText().equals("tool_use")) n++;
        }
        return n;
    }

    private static ObjectNode text(String s) {
        return JSON.createObjectNode().put("type", "text").put("text", s);
    }

    private static ObjectNode toolUse(int k, String name, ObjectNode input) {
        ObjectNode b = JSON.createObjectNode()
                .put("type", "tool_use")
                .put("id", "toolu_compat_" + k + "_" + name)
                .put("name", name);
        b.set("input", input);
        return b;
    }

    private static ObjectNode usage(ApiCall c, long output) {
        ObjectNode u = JSON.createObjectNode();
        u.put("input_tokens", c.input())
                .put("cache_creation_input_tokens", c.cacheWrite())
                .put("cache_read_input_tokens", c.cacheRead());
        u.putObject("cache_creation")
                .put("ephemeral_5m_input_tokens", c.cacheWrite5m())
                .put("ephemeral_1h_input_tokens", c.cacheWrite1h());
        u.put("output_tokens", output).put("service_tier", "standard");
        return u;
    }

    private static ObjectNode message(String id, String model, List<ObjectNode> content, String stop, ApiCall c) {
        ObjectNode m = JSON.createObjectNode()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        ArrayNode arr = m.putArray("content");
        content.forEach(arr::add);
        m.put("stop_reason", stop).putNull("stop_sequence");
        m.set("usage", usage(c, c.output()));
        return m;
    }

    /** The stream the real API sends: output usage 1 at the start, the final count in message_delta. */
    private static List<ObjectNode> events(String id, String model, List<ObjectNode> content, String stop, ApiCall c) {
        List<ObjectNode> out = new ArrayList<>();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode msg = start.putObject("message")
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        msg.putArray("content");
        msg.putNull("stop_reason").putNull("stop_sequence");
        msg.set("usage", usage(c, 1));
        out.add(start);
        for (int i = 0; i < content.size(); i++) {
            ObjectNode block = content.get(i);
            ObjectNode cbs =
                    JSON.createObjectNode().put("type", "content_block_start").put("index", i);
            if (block.path("type").asText().equals("text")) {
                cbs.putObject("content_block").put("type", "text").put("text", "");
                out.add(cbs);
                out.add(delta(
                        i,
                        JSON.createObjectNode()
                                .put("type", "text_delta")
                                .put("text", block.path("text").asText())));
            } else {
                ObjectNode cb = cbs.putObject("content_block")
                        .put("type", "tool_use")
                        .put("id", block.path("id").asText())
                        .put("name", block.path("name").asText());
                cb.putObject("input");
                out.add(cbs);
                String args = block.path("input").toString();
                int half = args.length() / 2; // two fragments, as the real API splits arguments
                out.add(delta(
                        i,
                        JSON.createObjectNode()
                                .put("type", "input_json_delta")
                                .put("partial_json", args.substring(0, half))));
                out.add(delta(
                        i,
                        JSON.createObjectNode()
                                .put("type", "input_json_delta")
                                .put("partial_json", args.substring(half))));
            }
            out.add(JSON.createObjectNode().put("type", "content_block_stop").put("index", i));
        }
        ObjectNode md = JSON.createObjectNode().put("type", "message_delta");
        md.putObject("delta").put("stop_reason", stop).putNull("stop_sequence");
        md.putObject("usage").put("output_tokens", c.output());
        out.add(md);
        out.add(JSON.createObjectNode().put("type", "message_stop"));
        return out;
    }

    private static ObjectNode delta(int index, ObjectNode delta) {
        ObjectNode d =
                JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        d.set("delta", delta);
        return d;
    }
}
