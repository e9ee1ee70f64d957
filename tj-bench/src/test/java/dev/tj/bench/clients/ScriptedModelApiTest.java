package dev.tj.bench.clients;

import static dev.tj.bench.clients.ScriptedModelApi.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripted model API over real HTTP: the streams a client parses and the truth it records agree. */
class ScriptedModelApiTest {
    @TempDir
    Path dir;

    private ScriptedModelApi api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        api = new ScriptedModelApi(
                dir.resolve("truth.jsonl"), dir.resolve("requests.jsonl"), dir.resolve("rate-limits.jsonl"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void claudeMainConversationRunsBashThenAgentThenEnds() throws Exception {
        ObjectNode req = claudeRequest(ClaudeScript.MAIN_MARKER + ": go");
        List<JsonNode> first = sse(post("/v1/messages?beta=true", req, "x-claude-code-session-id", "s-1"));
        assertThat(first)
                .extracting(e -> e.path("type").asText())
                .startsWith("message_start")
                .endsWith("message_delta", "message_stop");
        JsonNode bash = toolUse(first);
        assertThat(bash.path("name").asText()).isEqualTo("Bash");
        assertThat(bash.path("input").path("command").asText()).isEqualTo(ClaudeScript.FAILING_COMMAND);

        ApiCall truth = truth().get(0);
        assertThat(truth.thread()).isEqualTo("main");
        assertThat(truth.session()).isEqualTo("s-1");
        assertThat(truth.toolCalls()).isEqualTo(1);
        assertThat(truth.failingCalls()).isEqualTo(1);
        JsonNode usage = first.get(0).path("message").path("usage");
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(truth.input());
        assertThat(usage.path("cache_read_input_tokens").asLong()).isEqualTo(truth.cacheRead());
        assertThat(usage.path("cache_creation_input_tokens").asLong()).isEqualTo(truth.cacheWrite());
        assertThat(usage.path("cache_creation")
                        .path("ephemeral_5m_input_tokens")
                        .asLong())
                .isEqualTo(truth.cacheWrite5m());
        assertThat(usage.path("cache_creation")
                        .path("ephemeral_1h_input_tokens")
                        .asLong())
                .isEqualTo(truth.cacheWrite1h());
        JsonNode delta = first.get(first.size() - 2);
        assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.path("usage").path("output_tokens").asLong()).isEqualTo(truth.output());

        ((ArrayNode) req.get("messages")).add(assistantWith(bash)).add(toolResult(bash));
        JsonNode agent = toolUse(sse(post("/v1/messages?beta=true", req, "x-claude-code-session-id", "s-1")));
        assertThat(agent.path("name").asText()).isEqualTo("Agent");
        assertThat(agent.path("input").path("prompt").asText()).contains(ClaudeScript.SUB_MARKER);

        ((ArrayNode) req.get("messages")).add(assistantWith(agent)).add(toolResult(agent));
        List<JsonNode> last = sse(post("/v1/messages?beta=true", req, "x-claude-code-session-id", "s-1"));
        assertThat(last)
                .noneMatch(e -> e.path("content_block").path("type").asText().equals("tool_use"));
        assertThat(truth()).hasSize(3).extracting(ApiCall::responseId).doesNotHaveDuplicates();
    }

    @Test
    void claudeSubagentAndSideRequestsAreToldApart() throws Exception {
        JsonNode sub = toolUse(sse(post(
                "/v1/messages",
                claudeRequest(ClaudeScript.SUB_MARKER + ": run it"),
                "x-claude-code-session-id",
                "s-2")));
        assertThat(sub.path("input").path("command").asText()).isEqualTo("echo tj-compat-sub");

        ObjectNode side =
                JSON.createObjectNode().put("model", "claude-haiku-4-5").put("stream", false);
        side.putArray("messages")
                .addObject()
                .put("role", "user")
                .put("content", "Title for: " + ClaudeScript.MAIN_MARKER);
        JsonNode message = JSON.readTree(
                post("/v1/messages", side, "x-claude-code-session-id", "s-2").body());
        assertThat(message.path("type").asText()).isEqualTo("message");

        List<ApiCall> truth = truth();
        assertThat(truth).extracting(ApiCall::thread).containsExactly("subagent", "side");
        assertThat(message.path("usage").path("output_tokens").asLong())
                .isEqualTo(truth.get(1).output());
        assertThat(message.path("model").asText()).isEqualTo("claude-haiku-4-5");
    }

    @Test
    void codexRunsEchoThenAFailingCommandThenAnswers() throws Exception {
        ObjectNode req = JSON.createObjectNode().put("model", "gpt-5-codex").put("stream", true);
        req.putArray("tools")
                .addObject()
                .put("type", "function")
                .put("name", "exec_command")
                .putObject("parameters")
                .putObject("properties")
                .putObject("cmd")
                .put("type", "string");
        ArrayNode input = req.putArray("input");
        input.addObject()
                .put("type", "message")
                .put("role", "user")
                .putArray("content")
                .addObject()
                .put("type", "input_text")
                .put("text", "go");

        List<JsonNode> first = sse(post("/v1/responses", req, "session-id", "c-1"));
        assertThat(first)
                .extracting(e -> e.path("type").asText())
                .startsWith("response.created", "response.output_item.added")
                .endsWith("response.output_item.done", "response.completed");
        JsonNode call = first.get(first.size() - 2).path("item");
        assertThat(call.path("type").asText()).isEqualTo("function_call");
        assertThat(call.path("name").asText()).isEqualTo("exec_command");
        assertThat(JSON.readTree(call.path("arguments").asText()).path("cmd").asText())
                .isEqualTo("echo tj-compat-codex");

        input.add(call);
        input.addObject()
                .put("type", "function_call_output")
                .put("call_id", call.path("call_id").asText())
                .put("output", "tj-compat-codex");
        JsonNode second = last(sse(post("/v1/responses", req, "session-id", "c-1")), "response.output_item.done")
                .path("item");
        assertThat(JSON.readTree(second.path("arguments").asText()).path("cmd").asText())
                .isEqualTo(CodexScript.FAILING_COMMAND);

        input.add(second);
        input.addObject()
                .put("type", "function_call_output")
                .put("call_id", second.path("call_id").asText())
                .put("output", "exit 3");
        List<JsonNode> third = sse(post("/v1/responses", req, "session-id", "c-1"));
        assertThat(last(third, "response.output_item.done")
                        .path("item")
                        .path("type")
                        .asText())
                .isEqualTo("message");

        List<ApiCall> truth = truth();
        assertThat(truth).extracting(ApiCall::failingCalls).containsExactly(0, 1, 0);
        assertThat(truth).extracting(ApiCall::session).containsOnly("c-1");
        ApiCall t = truth.get(2);
        JsonNode usage = last(third, "response.completed").path("response").path("usage");
        assertThat(t.cacheRead()).isPositive();
        assertThat(usage.path("input_tokens").asLong())
                .isEqualTo(t.input() + t.cacheRead()); // OpenAI: input includes cached
        assertThat(usage.path("input_tokens_details").path("cached_tokens").asLong())
                .isEqualTo(t.cacheRead());
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(t.output()); // and output includes reasoning
        assertThat(usage.path("output_tokens_details").path("reasoning_tokens").asLong())
                .isEqualTo(t.reasoning())
                .isLessThan(t.output());
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(t.input() + t.cacheRead() + t.output());
    }

    @Test
    void codexArgvShellToolGetsAnArgv() throws Exception {
        ObjectNode req = JSON.createObjectNode().put("model", "gpt-5").put("stream", true);
        req.putArray("tools")
                .addObject()
                .put("type", "function")
                .put("name", "shell")
                .putObject("parameters")
                .putObject("properties")
                .putObject("command")
                .put("type", "array");
        req.putArray("input");
        JsonNode call = last(sse(post("/v1/responses", req, "session-id", "c-2")), "response.output_item.done")
                .path("item");
        assertThat(JSON.readTree(call.path("arguments").asText()).path("command"))
                .extracting(JsonNode::asText)
                .containsExactly("bash", "-lc", "echo tj-compat-codex");
    }

    @Test
    void subscriptionClientsGetRisingRateLimitHeadersAndApiKeyClientsNone() throws Exception {
        HttpResponse<String> keyed = post("/v1/messages", claudeRequest("hi"), "x-api-key", "sk-ant-test");
        assertThat(keyed.headers().firstValue("anthropic-ratelimit-unified-5h-utilization"))
                .isEmpty();

        HttpResponse<String> first = post("/v1/messages", claudeRequest("hi"), "Authorization", "Bearer oauth-1");
        HttpResponse<String> second = post("/v1/messages", claudeRequest("hi"), "Authorization", "Bearer oauth-1");
        double u1 = Double.parseDouble(first.headers()
                .firstValue("anthropic-ratelimit-unified-5h-utilization")
                .orElseThrow());
        double u2 = Double.parseDouble(second.headers()
                .firstValue("anthropic-ratelimit-unified-5h-utilization")
                .orElseThrow());
        assertThat(u1).isBetween(0.0, 1.0);
        assertThat(u2).isGreaterThan(u1);
        long reset = Long.parseLong(second.headers()
                .firstValue("anthropic-ratelimit-unified-5h-reset")
                .orElseThrow());
        assertThat(reset).isGreaterThan(System.currentTimeMillis() / 1000);
        assertThat(second.headers().firstValue("anthropic-ratelimit-unified-7d-utilization"))
                .isPresent();

        List<String> log = Files.readAllLines(dir.resolve("rate-limits.jsonl"));
        assertThat(log).hasSize(2);
        JsonNode last = JSON.readTree(log.get(1));
        assertThat(last.path("five_hour_percent").asDouble()).isCloseTo(u2 * 100, within(1e-9));
        assertThat(last.path("five_hour_resets_at").asLong()).isEqualTo(reset);
    }

    @Test
    void anyOtherRequestGetsAHarmlessAnswerAndNoTruth() throws Exception {
        assertThat(post("/v1/messages/count_tokens", JSON.createObjectNode(), "x", "y")
                        .statusCode())
                .isEqualTo(200);
        assertThat(post("/v1/analytics/codex/turn-costs", JSON.createObjectNode(), "x", "y")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> models =
                http.send(HttpRequest.newBuilder(uri("/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(Files.exists(dir.resolve("truth.jsonl"))).isFalse();
        assertThat(Files.readAllLines(dir.resolve("requests.jsonl"))).hasSize(3);
    }

    private static ObjectNode claudeRequest(String prompt) {
        ObjectNode req = JSON.createObjectNode().put("model", "claude-opus-5-5").put("stream", true);
        req.putArray("tools")
                .add(JSON.createObjectNode().put("name", "Bash"))
                .add(JSON.createObjectNode().put("name", "Agent"));
        req.putArray("messages")
                .addObject()
                .put("role", "user")
                .putArray("content")
                .addObject()
                .put("type", "text")
                .put("text", prompt);
        return req;
    }

    private static ObjectNode assistantWith(JsonNode toolUse) {
        ObjectNode m = JSON.createObjectNode().put("role", "assistant");
        m.putArray("content").add(toolUse);
        return m;
    }

    private static ObjectNode toolResult(JsonNode toolUse) {
        ObjectNode m = JSON.createObjectNode().put("role", "user");
        m.putArray("content")
                .addObject()
                .put("type", "tool_result")
                .put("tool_use_id", toolUse.path("id").asText())
                .put("content", "ok");
        return m;
    }

    /** The tool_use block reassembled from its start and input_json_delta fragments, as a client does. */
    private static JsonNode toolUse(List<JsonNode> events) throws Exception {
        ObjectNode block = null;
        StringBuilder json = new StringBuilder();
        for (JsonNode e : events) {
            if (e.path("content_block").path("type").asText().equals("tool_use"))
                block = e.path("content_block").deepCopy();
            if (e.path("delta").path("type").asText().equals("input_json_delta"))
                json.append(e.path("delta").path("partial_json").asText());
        }
        assertThat(block).as("a tool_use block").isNotNull();
        block.set("input", JSON.readTree(json.toString()));
        return block;
    }

    private static JsonNode last(List<JsonNode> events, String type) {
        JsonNode found = null;
        for (JsonNode e : events) if (e.path("type").asText().equals(type)) found = e;
        assertThat(found).as(type).isNotNull();
        return found;
    }

    /** Events of an SSE body; each {@code event:} name must equal its payload's type. */
    private static List<JsonNode> sse(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<JsonNode> out = new ArrayList<>();
        for (String frame : r.body().split("\n\n")) {
            if (frame.isBlank()) continue;
            String[] lines = frame.split("\n");
            assertThat(lines[0]).startsWith("event: ");
            JsonNode data = JSON.readTree(lines[1].substring("data: ".length()));
            assertThat(data.path("type").asText()).isEqualTo(lines[0].substring("event: ".length()));
            out.add(data);
        }
        return out;
    }

    private HttpResponse<String> post(String path, JsonNode body, String header, String value) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header(header, value)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    private List<ApiCall> truth() throws Exception {
        List<ApiCall> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("truth.jsonl")))
            out.add(ApiCall.fromJson(JSON.readTree(line)));
        return out;
    }
}
