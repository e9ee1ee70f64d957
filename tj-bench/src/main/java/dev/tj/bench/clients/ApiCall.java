package dev.tj.bench.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One model API response the scripted API returned, with the usage it reported: the ground truth a
 * client's telemetry and transcripts must reproduce. Tokens in tj's convention: {@code input} is input
 * not read from cache, {@code output} includes reasoning once, cache writes split by TTL.
 *
 * @param client     "claude-code" or "codex"
 * @param session    the client's session id as its request headers carry it (null when they do not)
 * @param thread     "main", "subagent" or "side" (a request that is neither conversation)
 * @param toolCalls  tool calls this response asked for
 * @param failingCalls of those, commands scripted to exit non-zero
 */
record ApiCall(
        String client,
        String session,
        String thread,
        String responseId,
        String model,
        long input,
        long output,
        long cacheRead,
        long cacheWrite5m,
        long cacheWrite1h,
        long reasoning,
        int toolCalls,
        int failingCalls) {

    long cacheWrite() {
        return cacheWrite5m + cacheWrite1h;
    }

    ObjectNode toJson(ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        n.put("client", client)
                .put("session", session)
                .put("thread", thread)
                .put("response_id", responseId)
                .put("model", model)
                .put("input", input)
                .put("output", output)
                .put("cache_read", cacheRead)
                .put("cache_write_5m", cacheWrite5m)
                .put("cache_write_1h", cacheWrite1h)
                .put("reasoning", reasoning)
                .put("tool_calls", toolCalls)
                .put("failing_calls", failingCalls);
        return n;
    }

    static ApiCall fromJson(JsonNode n) {
        return new ApiCall(
                n.path("client").asText(),
                n.path("session").asText(null),
                n.path("thread").asText(),
                n.path("response_id").asText(),
                n.path("model").asText(),
                n.path("input").asLong(),
                n.path("output").asLong(),
                n.path("cache_read").asLong(),
                n.path("cache_write_5m").asLong(),
                n.path("cache_write_1h").asLong(),
                n.path("reasoning").asLong(),
                n.path("tool_calls").asInt(),
                n.path("failing_calls").asInt());
    }
}
