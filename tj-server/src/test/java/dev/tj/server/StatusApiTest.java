package dev.tj.server;

import static dev.tj.server.OtlpJson.span;
import static dev.tj.server.OtlpJson.spanId;
import static dev.tj.server.OtlpJson.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.config.TjConfig;
import dev.tj.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/status through the real server. */
class StatusApiTest {
    static final Instant NOW = Instant.parse("2026-04-01T12:00:00Z");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(NOW);
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private void start() {
        server = TestServer.start(dir, c -> c, clock);
    }

    private static TjConfig withLabels(TjConfig c, Map<String, String> labels) {
        return new TjConfig(
                c.api(),
                c.security(),
                c.storage(),
                c.ingest(),
                c.sessions(),
                c.agentProjects(),
                new LinkedHashMap<>(labels),
                c.declaredPlans(),
                c.pricingOverrides(),
                c.source());
    }

    /** An LLM call of a session at the given time, with tokens. */
    private void llmCall(String agent, String session, String instance, Instant t, long input) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (session != null) attrs.put("session.id", session);
        attrs.put("gen_ai.provider.name", "anthropic");
        attrs.put("gen_ai.request.model", "claude-sonnet-4-6");
        attrs.put("gen_ai.usage.input_tokens", input);
        attrs.put("gen_ai.usage.output_tokens", 10L);
        String key = session == null ? agent : session;
        server.ingestTraces(OtlpJson.traces(
                OtlpJson.resource(agent, null, instance),
                List.of(span(traceId(key), spanId(key + t), "gen_ai.llm.call", 3, t, t.plusSeconds(1), attrs))));
    }

    private JsonNode status() {
        return TestServer.json(server.get("/api/v1/status"));
    }

    @Test
    void everyDocumentedKeyIsPresent() {
        start();
        llmCall("claude-code", "s-live", "ttys1", NOW.minusSeconds(30), 100);
        llmCall("my-sdk-agent", null, null, NOW.minusSeconds(30), 50);
        llmCall("claude-code", "s-old", "ttys2", NOW.minus(Duration.ofHours(5)), 100);
        JsonNode st = status();
        assertThat(names(st)).contains("agents", "archived", "sdk_services", "has_active_alerts", "framing");
        assertThat(st.get("has_active_alerts").asBoolean()).isFalse();
        JsonNode tile = find(st.get("agents"), "session_id", "s-live");
        assertThat(names(tile))
                .contains(
                        "agent_id",
                        "kind",
                        "namespace",
                        "status",
                        "session_id",
                        "label",
                        "cost_today",
                        "total_cost_usd",
                        "input_tokens",
                        "output_tokens",
                        "tool_call_count",
                        "error_count",
                        "active_alerts",
                        "duration_seconds",
                        "active_seconds",
                        "started_at",
                        "last_span_time",
                        "overflow");
        assertThat(tile.get("status").asText()).isEqualTo("active");
        assertThat(tile.get("input_tokens").asLong()).isEqualTo(100);
        assertThat(tile.get("cost_today").asDouble()).isPositive();
        JsonNode archived = find(st.get("archived"), "session_id", "s-old");
        assertThat(names(archived))
                .contains(
                        "agent_id",
                        "kind",
                        "namespace",
                        "session_id",
                        "label",
                        "status",
                        "input_tokens",
                        "output_tokens",
                        "tool_call_count",
                        "total_cost_usd",
                        "started_at",
                        "last_span_time");
        assertThat(archived.get("status").asText()).isEqualTo("stale");
        JsonNode sdk = find(st.get("sdk_services"), "agent_id", "my-sdk-agent");
        assertThat(names(sdk))
                .contains(
                        "agent_id",
                        "kind",
                        "namespace",
                        "state",
                        "last_seen",
                        "today_cost",
                        "cost_per_min",
                        "calls_per_min",
                        "err_pct_per_min",
                        "req_per_min",
                        "err_rate",
                        "window_cost");
        assertThat(sdk.get("state").asText()).isEqualTo("live");
        assertThat(sdk.get("cost_per_min")).hasSize(24);
        assertThat(names(st.get("framing")))
                .contains(
                        "pricing_mode",
                        "plan_tier",
                        "plan_label",
                        "plan_labels",
                        "plan_monthly_usd",
                        "subscription_share_pct",
                        "api_share_pct",
                        "display_rule",
                        "qualifier_text",
                        "window_total_tokens",
                        "window_total_cost_usd");
        assertThat(server.get("/api/v1/status").body()).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void atMostSixTilesPerAgentWithOverflow() {
        start();
        for (int i = 0; i < 8; i++) llmCall("claude-code", "s-" + i, "tty" + i, NOW.minusSeconds(10 + i), 10);
        JsonNode tiles = status().get("agents");
        assertThat(tiles).hasSize(6);
        for (JsonNode t : tiles) assertThat(t.get("overflow").asInt()).isEqualTo(2);
        assertThat(tiles.get(0).get("session_id").asText())
                .as("most recent first")
                .isEqualTo("s-0");
    }

    @Test
    void kindIsCodingForClaudeCodeAndCodexElseSdk() {
        start();
        llmCall("claude-code-webapp", "s-cc", "t1", NOW.minusSeconds(5), 10);
        llmCall("codex_cli_rs", "s-cx", "t2", NOW.minusSeconds(5), 10);
        llmCall("research-bot", "s-sdk", null, NOW.minusSeconds(5), 10);
        JsonNode tiles = status().get("agents");
        assertThat(find(tiles, "session_id", "s-cc").get("kind").asText()).isEqualTo("coding");
        assertThat(find(tiles, "session_id", "s-cx").get("kind").asText()).isEqualTo("coding");
        assertThat(find(tiles, "session_id", "s-sdk").get("kind").asText()).isEqualTo("sdk");
        assertThat(find(status().get("sdk_services"), "agent_id", "research-bot")
                        .get("kind")
                        .asText())
                .isEqualTo("sdk");
    }

    @Test
    void labelPrecedenceConfigExactThenPrefixThenRenameThenTerminal() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("exact-session", "From config (exact)");
        labels.put("pre", "From config (prefix)");
        server = TestServer.start(dir, c -> withLabels(c, labels), clock);
        llmCall("claude-code", "exact-session", "ttysE", NOW.minusSeconds(5), 10);
        llmCall("claude-code", "pre-123", "ttysP", NOW.minusSeconds(6), 10);
        llmCall("claude-code", "renamed-1", "ttysR", NOW.minusSeconds(7), 10);
        llmCall("claude-code", "plain-1", "ttysX", NOW.minusSeconds(8), 10);
        llmCall("claude-code", "bare-1", null, NOW.minusSeconds(9), 10);
        for (String id : List.of("exact-session", "pre-123", "renamed-1")) {
            var r = server.post(
                    "/api/v1/sessions/" + id + "/label",
                    "application/json",
                    "{\"label\":\"Renamed in the dashboard\"}".getBytes());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        JsonNode tiles = status().get("agents");
        assertThat(find(tiles, "session_id", "exact-session").get("label").asText())
                .isEqualTo("From config (exact)");
        assertThat(find(tiles, "session_id", "pre-123").get("label").asText()).isEqualTo("From config (prefix)");
        assertThat(find(tiles, "session_id", "renamed-1").get("label").asText()).isEqualTo("Renamed in the dashboard");
        assertThat(find(tiles, "session_id", "plain-1").get("label").asText()).isEqualTo("ttysX");
        assertThat(find(tiles, "session_id", "bare-1").get("label").isNull()).isTrue();
        // the sessions API shows the same label
        assertThat(server.session("renamed-1").at("/session/label").asText()).isEqualTo("Renamed in the dashboard");
    }

    @Test
    void archiveDropsZombieSessions() {
        start();
        llmCall("claude-code", "s-real", "ttys1", NOW.minusSeconds(60), 100);
        server.ingestLogs(OtlpJson.logs(
                OtlpJson.resource("claude-code", null, "ttys2"),
                List.of(OtlpJson.userPrompt("s-zombie", 1, NOW.minusSeconds(60), "p-z"))));
        server.closeSessions("{\"session_id\":\"s-real\"}");
        server.closeSessions("{\"session_id\":\"s-zombie\"}");
        JsonNode st = status();
        assertThat(st.get("agents")).isEmpty();
        List<String> archived = new ArrayList<>();
        st.get("archived").forEach(a -> archived.add(a.get("session_id").asText()));
        assertThat(archived).containsExactly("s-real");
    }

    @Test
    void agentFilterNarrowsTheReport() {
        start();
        llmCall("claude-code", "s-1", "t1", NOW.minusSeconds(5), 10);
        llmCall("codex_cli_rs", "s-2", "t2", NOW.minusSeconds(5), 10);
        JsonNode tiles = TestServer.json(server.get("/api/v1/status?agent_id=codex_cli_rs"))
                .get("agents");
        assertThat(tiles).hasSize(1);
        assertThat(tiles.get(0).get("session_id").asText()).isEqualTo("s-2");
    }

    static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) if (value.equals(n.path(field).asText())) return n;
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }
}
