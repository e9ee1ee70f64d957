package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions list and detail, labels, /metrics, health, version, unknown routes. */
class ApiTest extends LiveServer {
    static final Instant T = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void seed() {
        server.ingestLogs(OtlpJson.logs(
                OtlpJson.resource("claude-code", "proj", "ttys7"),
                List.of(
                        OtlpJson.userPrompt("s-one", 1, T, "p1"),
                        OtlpJson.apiRequest("s-one", 2, T.plusSeconds(1), "p1", 100, 20, 300, 40, 0.25, 2000),
                        OtlpJson.toolResult("s-one", 3, T.plusSeconds(4), "p1", "Edit", false, 30))));
        server.ingestLogs(OtlpJson.logs(
                OtlpJson.resource("agent\"with\\odd\nname", null, null),
                List.of(OtlpJson.apiRequest("s-two", 1, T.plusSeconds(2), "p2", 7, 8, 0, 0, 0.01, 100))));
    }

    @Test
    void agentsListEachAgentWithItsLastActivityAndLifetimeCost() {
        JsonNode agents = TestServer.json(server.get("/api/v1/agents")).get("agents");
        assertThat(agents).hasSize(2);
        JsonNode cc = agents.get(0); // most recently seen first: its tool result came last
        assertThat(cc.get("agent_id").asText()).isEqualTo("claude-code");
        assertThat(cc.get("kind").asText()).isEqualTo("coding");
        assertThat(Instant.parse(cc.get("last_seen").asText())).isAfterOrEqualTo(T.plusSeconds(4));
        JsonNode session = TestServer.json(server.get("/api/v1/sessions/s-one")).get("session");
        assertThat(cc.get("lifetime_cost_usd").asDouble())
                .isPositive()
                .isEqualTo(session.get("total_cost_usd").asDouble());
        assertThat(agents.get(1).get("agent_id").asText()).isEqualTo("agent\"with\\odd\nname");
        assertThat(Instant.parse(agents.get(1).get("last_seen").asText()))
                .isBefore(Instant.parse(cc.get("last_seen").asText()));
    }

    @Test
    void listAndFilterSessions() {
        JsonNode all = TestServer.json(server.get("/api/v1/sessions"));
        assertThat(all.get("count").asInt()).isEqualTo(2);
        JsonNode one = StatusApiTest.find(all.get("sessions"), "session_id", "s-one");
        assertThat(StatusApiTest.names(one))
                .contains(
                        "session_id",
                        "agent_id",
                        "started_at",
                        "total_cost_usd",
                        "input_tokens",
                        "output_tokens",
                        "cache_read_tokens",
                        "cache_write_tokens",
                        "tool_call_count",
                        "error_count",
                        "status",
                        "tier",
                        "last_span_time",
                        "label",
                        "namespace",
                        "instance_id",
                        "run_id",
                        "priced_by_fallback",
                        "reported_cost_usd");
        assertThat(one.get("input_tokens").asLong()).isEqualTo(100);
        assertThat(one.get("cache_read_tokens").asLong()).isEqualTo(300);
        assertThat(one.get("cache_write_tokens").asLong()).isEqualTo(40);
        assertThat(one.get("error_count").asLong()).isEqualTo(1);
        assertThat(one.get("label").asText()).isEqualTo("ttys7");
        assertThat(one.get("namespace").asText()).isEqualTo("proj");
        assertThat(one.get("status").asText()).isEqualTo("active");
        assertThat(one.get("started_at").asText()).isEqualTo(T.toString());

        JsonNode byAgent = TestServer.json(server.get("/api/v1/sessions?agent_id=claude-code"));
        assertThat(byAgent.get("count").asInt()).isEqualTo(1);
        assertThat(TestServer.json(server.get("/api/v1/sessions?status=closed"))
                        .get("count")
                        .asInt())
                .isZero();
        assertThat(TestServer.json(server.get("/api/v1/sessions?status=active"))
                        .get("count")
                        .asInt())
                .isEqualTo(2);
        HttpResponse<String> bad = server.get("/api/v1/sessions?status=sleeping");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(bad).get("error").asText()).contains("sleeping");
    }

    @Test
    void sessionDetailAndNotFound() {
        JsonNode d = server.session("s-one");
        JsonNode s = d.get("session");
        assertThat(StatusApiTest.names(s))
                .contains(
                        "duration_seconds",
                        "plan_tier",
                        "pricing_mode",
                        "span_count",
                        "llm_call_count",
                        "active_seconds");
        assertThat(s.get("span_count").asLong()).isEqualTo(3);
        assertThat(s.get("llm_call_count").asLong()).isEqualTo(1);
        assertThat(s.get("duration_seconds").asDouble()).isEqualTo(4.03);
        assertThat(s.get("active_seconds").asDouble()).isEqualTo(2.03);
        assertThat(d.get("spans")).hasSize(3);
        assertThat(d.get("metrics").isArray()).isTrue();
        JsonNode llm = StatusApiTest.find(d.get("spans"), "name", "gen_ai.llm.call");
        assertThat(llm.get("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(llm.get("reported_cost_usd").asDouble()).isEqualTo(0.25);

        HttpResponse<String> missing = server.get("/api/v1/sessions/nope-123");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(missing).get("error").asText()).isEqualTo("Session nope-123 not found");
        HttpResponse<String> traversal = server.get("/api/v1/sessions/..%2F..%2Fetc%2Fpasswd");
        assertThat(traversal.statusCode()).isIn(400, 404);
    }

    @Test
    void labelsAreStrippedTruncatedAndCleared() {
        HttpResponse<String> set = server.post(
                "/api/v1/sessions/s-one/label",
                "application/json",
                ("{\"label\":\"  " + "x".repeat(200) + "  \"}").getBytes());
        assertThat(set.statusCode()).isEqualTo(200);
        JsonNode a = TestServer.json(set);
        assertThat(a.get("session_id").asText()).isEqualTo("s-one");
        assertThat(a.get("label").asText()).hasSize(120);
        assertThat(server.session("s-one").at("/session/label").asText()).hasSize(120);

        HttpResponse<String> clear =
                server.post("/api/v1/sessions/s-one/label", "application/json", "{\"label\":\"   \"}".getBytes());
        assertThat(clear.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(clear).get("label").isNull()).isTrue();
        assertThat(server.session("s-one").at("/session/label").asText()).isEqualTo("ttys7");

        assertThat(server.post("/api/v1/sessions/s-one/label", "application/json", "{oops".getBytes())
                        .statusCode())
                .isEqualTo(400);
        assertThat(server.post("/api/v1/sessions/s-one/label", "application/json", "\"str\"".getBytes())
                        .statusCode())
                .isEqualTo(400);
        assertThat(server.post("/api/v1/sessions/s-one/label", "application/json", "{\"label\":5}".getBytes())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void prometheusMetrics() {
        HttpResponse<String> r = server.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        String body = r.body();
        assertThat(body).contains("# TYPE tj_cost_usd_total gauge");
        assertThat(body).contains("tj_cost_usd_total{agent_id=\"claude-code\"} ");
        assertThat(body).contains("tj_tokens_total{agent_id=\"claude-code\",type=\"input\"} 100");
        assertThat(body).contains("tj_tokens_total{agent_id=\"claude-code\",type=\"output\"} 20");
        assertThat(body).contains("tj_tokens_total{agent_id=\"agent\\\"with\\\\odd\\nname\",type=\"input\"} 7");
        assertThat(body).contains("tj_ingest_requests_total{transport=\"http\"} 2");
        assertThat(body).contains("tj_ingest_requests_total{transport=\"grpc\"} 0");
        assertThat(body).contains("tj_ingest_requests_total{transport=\"backfill\"} 0");
        assertThat(body).contains("tj_ingest_records_total{outcome=\"stored\",transport=\"http\"} 4");
        assertThat(body).contains("tj_ingest_records_total{outcome=\"duplicate\",transport=\"http\"} 0");
        assertThat(body).contains("tj_ingest_overloaded_total{transport=\"http\"} 0");
        assertThat(body).contains("tj_ingest_queue_records 0");
        assertThat(body).contains("tj_ingest_commits_total");
        assertThat(body).contains("tj_ingest_commit_seconds_total");
        assertThat(body).contains("tj_ingest_bytes_total{transport=\"http\"}");
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            assertThat(line).as("sample line").matches("^[a-z_]+(\\{.*\\})? [-+0-9.eEInfNa]+$");
        }
    }

    @Test
    void healthVersionAndUnknownRoutes() {
        JsonNode health = TestServer.json(server.get("/health"));
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("version").asText()).isNotBlank();
        assertThat(TestServer.json(server.get("/api/v1/version")).get("version").asText())
                .isNotBlank();
        HttpResponse<String> unknown = server.get("/api/v1/nothing-here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(unknown).get("error").asText()).isNotBlank();
        HttpResponse<String> wrongMethod = server.get("/v1/logs");
        assertThat(wrongMethod.statusCode()).isIn(404, 405);
        assertThat(TestServer.json(wrongMethod).has("error")).isTrue();
    }
}
