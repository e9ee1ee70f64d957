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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session lifecycle through the API, with a clock the test moves. */
class LifecycleApiTest {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(T0);
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private void start() {
        server = TestServer.start(dir, c -> c, clock);
    }

    private void startWithIdleMinutes(int minutes) {
        server = TestServer.start(
                dir, c -> c.withSessions(new TjConfig.Sessions(Duration.ofMinutes(minutes), null)), clock);
    }

    /** One span of a session, posted as OTLP/JSON traces. */
    private void postSpan(String session, String instance, String name, Instant start, Instant end) {
        Map<String, Object> attrs = new java.util.LinkedHashMap<>();
        attrs.put("session.id", session);
        if (name.equals("gen_ai.llm.call")) {
            attrs.put("gen_ai.provider.name", "anthropic");
            attrs.put("gen_ai.request.model", "claude-sonnet-4-6");
            attrs.put("gen_ai.usage.input_tokens", 100L);
            attrs.put("gen_ai.usage.output_tokens", 10L);
        }
        String seed = session + "|" + name + "|" + start;
        var resource = OtlpJson.resource("claude-code", "proj", instance);
        JsonNode a = server.ingestTraces(OtlpJson.traces(
                resource,
                List.of(span(
                        traceId(session),
                        spanId(seed),
                        name,
                        name.equals("invoke_agent") ? 2 : 3,
                        start,
                        end,
                        attrs))));
        assertThat(a.path("ingested").asInt()).as("answer %s", a).isEqualTo(1);
    }

    private void promptMarker(String session, String instance, Instant t) {
        server.ingestLogs(OtlpJson.logs(
                OtlpJson.resource("claude-code", "proj", instance),
                List.of(OtlpJson.userPrompt(session, 1, t, session + "-p1"))));
    }

    private JsonNode session(String id) {
        return server.session(id).get("session");
    }

    @Test
    void aPromptMarkerNeverCompletesASession() {
        start();
        promptMarker("s-marker", "ttys1", T0);
        JsonNode s = session("s-marker");
        assertThat(s.get("status").asText()).isEqualTo("active");
        assertThat(s.get("tier").asText()).isEqualTo("active");
        assertThat(server.get("/api/v1/sessions?status=completed").body()).doesNotContain("s-marker");
    }

    @Test
    void aFinishedInvokeAgentCompletesAndALaterSpanReactivates() {
        start();
        postSpan("s-done", "ttys1", "gen_ai.llm.call", T0, T0.plusSeconds(2));
        postSpan("s-done", "ttys1", "invoke_agent", T0.minusSeconds(1), T0.plusSeconds(30));
        assertThat(session("s-done").get("status").asText()).isEqualTo("completed");
        assertThat(session("s-done").get("tier").asText()).isEqualTo("completed");

        clock.advance(Duration.ofMinutes(2));
        postSpan("s-done", "ttys1", "gen_ai.llm.call", T0.plusSeconds(90), T0.plusSeconds(95));
        JsonNode s = session("s-done");
        assertThat(s.get("status").asText()).isEqualTo("active");
        assertThat(s.get("last_span_time").asText())
                .isEqualTo(T0.plusSeconds(95).toString());
    }

    @Test
    void tiersFollowTheDefaultThresholds() {
        start();
        postSpan("s-tier", "ttys1", "gen_ai.llm.call", T0, T0);
        clock.set(T0.plus(Duration.ofMinutes(5)));
        assertThat(session("s-tier").get("tier").asText()).isEqualTo("active");
        clock.set(T0.plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(session("s-tier").get("tier").asText()).isEqualTo("idle");
        clock.set(T0.plus(Duration.ofMinutes(240)).minusMillis(1));
        assertThat(session("s-tier").get("tier").asText()).isEqualTo("idle");
        // at exactly the idle window the session is stale, in the detail and in the status lists alike
        clock.set(T0.plus(Duration.ofMinutes(240)));
        assertThat(session("s-tier").get("tier").asText()).isEqualTo("stale");
        assertThat(TestServer.json(server.get("/api/v1/status")).get("agents")).isEmpty();
        assertThat(session("s-tier").get("status").asText())
                .as("stored status stays")
                .isEqualTo("active");

        JsonNode status = TestServer.json(server.get("/api/v1/status"));
        assertThat(status.get("agents")).isEmpty();
        assertThat(status.get("archived")).hasSize(1);
        assertThat(status.at("/archived/0/status").asText()).isEqualTo("stale");
    }

    @Test
    void idleMinutesFromConfigMovesTheStaleThreshold() {
        startWithIdleMinutes(30);
        postSpan("s-idle", "ttys1", "gen_ai.llm.call", T0, T0);
        clock.set(T0.plus(Duration.ofMinutes(29)));
        assertThat(TestServer.json(server.get("/api/v1/status"))
                        .at("/agents/0/status")
                        .asText())
                .isEqualTo("idle");
        clock.set(T0.plus(Duration.ofMinutes(30)).minusMillis(1));
        assertThat(session("s-idle").get("tier").asText()).isEqualTo("idle");
        clock.set(T0.plus(Duration.ofMinutes(30)));
        assertThat(session("s-idle").get("tier").asText()).isEqualTo("stale");
        JsonNode status = TestServer.json(server.get("/api/v1/status"));
        assertThat(status.get("agents")).isEmpty();
        assertThat(status.at("/archived/0/session_id").asText()).isEqualTo("s-idle");
    }

    @Test
    void closeByInstanceIsIdempotentAndKeepsLastActivity() {
        start();
        postSpan("s-a1", "ttysA", "gen_ai.llm.call", T0, T0.plusSeconds(3));
        postSpan("s-a2", "ttysA", "gen_ai.llm.call", T0.plusSeconds(5), T0.plusSeconds(9));
        postSpan("s-b1", "ttysB", "gen_ai.llm.call", T0, T0.plusSeconds(4));
        clock.advance(Duration.ofMinutes(10));

        assertThat(server.closeSessions("{\"instance_id\":\"ttysA\"}")
                        .get("closed")
                        .asInt())
                .isEqualTo(2);
        assertThat(server.closeSessions("{\"instance_id\":\"ttysA\"}")
                        .get("closed")
                        .asInt())
                .isZero();
        assertThat(session("s-a1").get("status").asText()).isEqualTo("closed");
        assertThat(session("s-a2").get("status").asText()).isEqualTo("closed");
        assertThat(session("s-a2").get("last_span_time").asText())
                .as("close never advances last activity")
                .isEqualTo(T0.plusSeconds(9).toString());
        assertThat(session("s-b1").get("status").asText()).isEqualTo("active");
    }

    @Test
    void closeBySessionIdIsIdempotent() {
        start();
        postSpan("s-c1", "ttysC", "gen_ai.llm.call", T0, T0.plusSeconds(3));
        clock.advance(Duration.ofMinutes(1));
        assertThat(server.closeSessions("{\"session_id\":\"s-c1\"}")
                        .get("closed")
                        .asInt())
                .isEqualTo(1);
        assertThat(server.closeSessions("{\"session_id\":\"s-c1\"}")
                        .get("closed")
                        .asInt())
                .isZero();
        assertThat(server.closeSessions("{\"session_id\":\"no-such-session\"}")
                        .get("closed")
                        .asInt())
                .isZero();
        JsonNode s = session("s-c1");
        assertThat(s.get("status").asText()).isEqualTo("closed");
        assertThat(s.get("tier").asText()).isEqualTo("closed");
        assertThat(s.get("last_span_time").asText()).isEqualTo(T0.plusSeconds(3).toString());
        JsonNode status = TestServer.json(server.get("/api/v1/status"));
        assertThat(status.get("agents")).isEmpty();
        assertThat(status.at("/archived/0/status").asText()).isEqualTo("closed");
    }

    @Test
    void aStragglerFromBeforeTheCloseDoesNotReopenButNewWorkDoes() {
        start();
        postSpan("s-st", "ttysS", "gen_ai.llm.call", T0, T0.plusSeconds(3));
        clock.set(T0.plus(Duration.ofMinutes(1)));
        assertThat(server.closeSessions("{\"session_id\":\"s-st\"}")
                        .get("closed")
                        .asInt())
                .isEqualTo(1);

        clock.set(T0.plus(Duration.ofMinutes(2)));
        postSpan("s-st", "ttysS", "gen_ai.llm.call", T0.plusSeconds(20), T0.plusSeconds(25)); // delayed export
        JsonNode s = session("s-st");
        assertThat(s.get("status").asText()).isEqualTo("closed");
        assertThat(s.get("input_tokens").asLong())
                .as("the straggler still counts")
                .isEqualTo(200);

        postSpan("s-st", "ttysS", "gen_ai.llm.call", T0.plusSeconds(100), T0.plusSeconds(110));
        assertThat(session("s-st").get("status").asText()).isEqualTo("active");
    }

    @Test
    void closeRefusesBadBodies() {
        start();
        var bad = server.postJson("/api/v1/sessions/close", "{nope");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(bad).get("error").asText()).isEqualTo("Invalid JSON body");
        var array = server.postJson("/api/v1/sessions/close", "[1,2]");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(array).get("error").asText()).isEqualTo("Expected a JSON object");
        var neither = server.postJson("/api/v1/sessions/close", "{}");
        assertThat(neither.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(neither).get("error").asText()).isEqualTo("Provide instance_id and/or session_id");
        var noSecret = server.post("/api/v1/sessions/close", "application/json", "{\"session_id\":\"x\"}".getBytes());
        assertThat(noSecret.statusCode()).isEqualTo(401);
        assertThat(TestServer.json(noSecret).get("detail").asText()).isEqualTo("Invalid ingest secret");
    }
}
