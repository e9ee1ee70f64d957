package dev.tj.bench.clients;

import static dev.tj.bench.clients.ScriptedModelApi.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OpenAI Responses side of the scripted API. A Codex conversation runs {@code echo} through the
 * request's shell tool, then a command that exits 3, then ends with a message; each step is one
 * streamed response whose {@code usage} follows OpenAI's convention (input includes cached, output
 * includes reasoning).
 */
final class CodexScript {
    static final String FAILING_COMMAND = "exit 3";
    private static final List<String> SHELL_TOOLS = List.of("exec_command", "shell_command", "shell");

    private final AtomicInteger calls = new AtomicInteger();

    record Reply(ApiCall call, List<ObjectNode> events) {}

    Reply next(JsonNode request, String session) {
        int k = calls.incrementAndGet();
        String model = request.path("model").asText("gpt-unknown");
        JsonNode shell = shellTool(request.path("tools"));
        int outputsSoFar = 0;
        for (JsonNode item : request.path("input")) {
            String type = item.path("type").asText();
            if (type.equals("function_call_output") || type.equals("custom_tool_call_output")) outputsSoFar++;
        }
        String id = "resp_compat_" + k;
        ObjectNode item;
        int failing = 0;
        if (shell != null && outputsSoFar == 0) {
            item = functionCall(k, shell, "echo tj-compat-codex");
        } else if (shell != null && outputsSoFar == 1) {
            item = functionCall(k, shell, FAILING_COMMAND);
            failing = 1;
        } else {
            item = JSON.createObjectNode()
                    .put("type", "message")
                    .put("id", "msg_compat_" + k)
                    .put("role", "assistant")
                    .put("status", "completed");
            item.putArray("content")
                    .addObject()
                    .put("type", "output_text")
                    .put("text", "Done.")
                    .putArray("annotations");
        }
        long cached = (k - 1) * 1_280L, uncached = 900 + 37L * k, reasoning = 16L * k, output = 30 + 9L * k + reasoning;
        boolean tool = item.path("type").asText().equals("function_call");
        ApiCall call = new ApiCall(
                "codex",
                session,
                shell == null ? "side" : "main",
                id,
                model,
                uncached,
                output,
                cached,
                0,
                0,
                reasoning,
                tool ? 1 : 0,
                failing);
        return new Reply(call, events(id, model, item, call));
    }

    /** The function tool Codex offers for shell commands (its name changed across versions). */
    private static JsonNode shellTool(JsonNode tools) {
        for (String name : SHELL_TOOLS) {
            for (JsonNode t : tools)
                if (t.path("type").asText().equals("function")
                        && t.path("name").asText().equals(name)) return t;
        }
        return null;
    }

    /** Arguments in the shape the tool's own schema asks for: {@code cmd}, or {@code command} as string or argv. */
    private static ObjectNode functionCall(int k, JsonNode tool, String command) {
        JsonNode props = tool.path("parameters").path("properties");
        ObjectNode args = JSON.createObjectNode();
        if (props.has("cmd")) {
            args.put("cmd", command);
        } else if (props.path("command").path("type").asText().equals("array")) {
            args.putArray("command").add("bash").add("-lc").add(command);
        } else {
            args.put("command", command);
        }
        return JSON.createObjectNode()
                .put("type", "function_call")
                .put("id", "fc_compat_" + k)
                .put("call_id", "call_compat_" + k)
                .put("name", tool.path("name").asText())
                .put("arguments", args.toString())
                .put("status", "completed");
    }

    private static List<ObjectNode> events(String id, String model, ObjectNode item, ApiCall c) {
        List<ObjectNode> out = new ArrayList<>();
        int seq = 0;
        ObjectNode created =
                JSON.createObjectNode().put("type", "response.created").put("sequence_number", seq++);
        created.set("response", response(id, model, "in_progress"));
        out.add(created);
        ObjectNode added = JSON.createObjectNode()
                .put("type", "response.output_item.added")
                .put("sequence_number", seq++)
                .put("output_index", 0);
        ObjectNode partial = item.deepCopy().put("status", "in_progress");
        if (partial.has("arguments")) partial.put("arguments", "");
        if (partial.has("content")) partial.putArray("content");
        added.set("item", partial);
        out.add(added);
        if (item.has("arguments")) {
            out.add(JSON.createObjectNode()
                    .put("type", "response.function_call_arguments.delta")
                    .put("sequence_number", seq++)
                    .put("item_id", item.path("id").asText())
                    .put("output_index", 0)
                    .put("delta", item.path("arguments").asText()));
            out.add(JSON.createObjectNode()
                    .put("type", "response.function_call_arguments.done")
                    .put("sequence_number", seq++)
                    .put("item_id", item.path("id").asText())
                    .put("output_index", 0)
                    .put("arguments", item.path("arguments").asText()));
        } else {
            out.add(JSON.createObjectNode()
                    .put("type", "response.output_text.delta")
                    .put("sequence_number", seq++)
                    .put("item_id", item.path("id").asText())
                    .put("output_index", 0)
                    .put("content_index", 0)
                    .put("delta", "Done."));
        }
        ObjectNode done = JSON.createObjectNode()
                .put("type", "response.output_item.done")
                .put("sequence_number", seq++)
                .put("output_index", 0);
        done.set("item", item);
        out.add(done);
        ObjectNode completed =
                JSON.createObjectNode().put("type", "response.completed").put("sequence_number", seq);
        ObjectNode response = response(id, model, "completed");
        ((ArrayNode) response.get("output")).add(item);
        ObjectNode usage = response.putObject("usage");
        usage.put("input_tokens", c.input() + c.cacheRead());
        usage.putObject("input_tokens_details").put("cached_tokens", c.cacheRead());
        usage.put("output_tokens", c.output());
        usage.putObject("output_tokens_details").put("reasoning_tokens", c.reasoning());
        usage.put("total_tokens", c.input() + c.cacheRead() + c.output());
        completed.set("response", response);
        out.add(completed);
        return out;
    }

    private static ObjectNode response(String id, String model, String status) {
        ObjectNode r = JSON.createObjectNode()
                .put("id", id)
                .put("object", "response")
                .put("created_at", System.currentTimeMillis() / 1000)
                .put("status", status)
                .put("model", model);
        r.putArray("output");
        return r;
    }
}
