package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.history.SpanWire;
import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/diagnostics/*: the cost diagnostics over stored spans, through a real daemon and DuckDB file. */
class DiagnosticsApiTest {
    @TempDir
    Path dir;

    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    static Span llm(String id, String session, String sub, Instant at, String model, Usage u) {
        return Span.builder()
                .spanId(id)
                .traceId("trace-" + session)
                .sessionId(session)
                .agentId("claude-code")
                .subAgentId(sub)
                .name("gen_ai.llm.call")
                .startTime(at)
                .endTime(at)
                .provider("anthropic")
                .model(model)
                .usage(u)
                .build();
    }

    static Span tool(String id, String session, Instant at) {
        return Span.builder()
                .spanId(id)
                .traceId("trace-" + session)
                .sessionId(session)
                .agentId("claude-code")
                .name("tool_call")
                .toolName("Read")
                .startTime(at)
                .build();
    }

    void seed() throws Exception {
        Instant at = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<Span> spans = List.of(
                // a Sonnet-shaped Opus session: 2,010 new input, 100 output, one tool call
                llm("o1", "opus-small", null, at, "claude-opus-4-8", new Usage(10, 100, 50_000, 2_000, 0)),
                tool("t1", "opus-small", at),
                // a session that mostly re-reads, partly in a subagent
                llm(
                        "r1",
                        "reread",
                        null,
                        at.plusSeconds(60),
                        "claude-sonnet-4-6",
                        new Usage(100, 400, 150_000, 500, 0)),
                llm(
                        "r2",
                        "reread",
                        "agent-1",
                        at.plusSeconds(120),
                        "claude-sonnet-4-6",
                        new Usage(0, 500, 90_000, 0, 0)),
                // last month: outside the 7d window
                llm("old", "old", null, at.minus(20, ChronoUnit.DAYS), "claude-opus-4-1", new Usage(1, 1, 1, 1, 0)));
        HttpResponse<String> r = server.postJson(
                "/api/v1/backfill/spans", TestServer.JSON.writeValueAsString(SpanWire.batch(spans, List.of())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    JsonNode get(String path) {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return TestServer.json(r);
    }

    @Test
    void contextTokenmaxxAndQuotaAuditOverStoredSpans() throws Exception {
        server = TestServer.start(dir);
        seed();

        JsonNode c = get("/api/v1/diagnostics/context?since=7d");
        assertThat(c.path("window").asText()).isEqualTo("7d");
        assertThat(c.path("source").asText()).isEqualTo("daemon");
        assertThat(c.path("sessions").asInt()).isEqualTo(2);
        assertThat(c.path("turns").asInt()).isEqualTo(3);
        assertThat(c.path("total_reread_tokens").asLong()).isEqualTo(290_000);
        assertThat(c.path("total_work_tokens").asLong()).isEqualTo(1_110);
        assertThat(c.path("total_cache_write_tokens").asLong()).isEqualTo(2_500);
        assertThat(c.path("total_tokens").asLong()).isEqualTo(293_610);
        assertThat(c.path("reread_share").asDouble()).isEqualTo(0.9877);
        // opus 40,050 + sonnet (100*3 + 400*15 + 150,000*0.3 + 500*3.75 + 500*15 + 90,000*0.3) micro-dollars
        assertThat(c.path("total_cost_usd").asDouble()).isEqualTo(0.127725);
        assertThat(c.path("compact_candidates")).hasSize(1);
        assertThat(c.path("compact_candidates").get(0).path("session_id").asText())
                .isEqualTo("reread");
        assertThat(c.path("compact_candidates").get(0).path("reread_tokens").asLong())
                .isEqualTo(240_000);
        assertThat(c.path("heaviest_turns").get(0).path("sub_agent_id").isNull())
                .isTrue();
        assertThat(c.path("heaviest_turns").get(1).path("sub_agent_id").asText())
                .isEqualTo("agent-1");
        assertThat(c.path("framing").path("pricing_mode").asText()).isNotEmpty();

        JsonNode t = get("/api/v1/diagnostics/tokenmaxx?weekly=true");
        assertThat(t.path("window").asText()).isEqualTo("7d");
        assertThat(t.path("tier").asText()).isEqualTo("QuotaSink");
        assertThat(t.path("overhead_share").asDouble()).isEqualTo(0.9877);

        JsonNode a = get("/api/v1/diagnostics/quota-audit?since=7d&agent=claude-code");
        assertThat(a.path("opus_sessions").asInt()).isEqualTo(1);
        assertThat(a.path("candidate_sessions").asInt()).isEqualTo(1);
        assertThat(a.path("examples").get(0).path("session_id").asText()).isEqualTo("opus-small");
        assertThat(a.path("examples").get(0).path("tool_calls").asLong()).isEqualTo(1);
        assertThat(a.path("suggestions").path("claude-opus-4-8").asText()).isEqualTo("claude-sonnet-4-6");
        assertThat(a.path("actual_cost_usd").asDouble()).isEqualTo(0.04005);
        assertThat(a.path("alternative_cost_usd").asDouble()).isEqualTo(0.02403);

        // 30 days take in last month's Opus 4.1 session too (Sonnet 4 is its alternative)
        JsonNode month = get("/api/v1/diagnostics/quota-audit?since=30d");
        assertThat(month.path("opus_sessions").asInt()).isEqualTo(2);
        assertThat(month.path("candidate_sessions").asInt()).isEqualTo(2);
        assertThat(month.path("suggestions").path("claude-opus-4-1").asText()).isEqualTo("claude-sonnet-4");
        assertThat(get("/api/v1/diagnostics/quota-audit?since=30d&agent=codex")
                        .path("opus_sessions")
                        .asInt())
                .isZero();
    }

    @Test
    void emptyHistoryAndABadWindow() {
        server = TestServer.start(dir);
        JsonNode c = get("/api/v1/diagnostics/context");
        assertThat(c.path("window").asText()).isEqualTo("30d");
        assertThat(c.path("turns").asInt()).isZero();
        assertThat(c.path("reread_share").asDouble()).isZero();
        HttpResponse<String> bad = server.get("/api/v1/diagnostics/context?since=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(bad).path("error").asText()).contains("not a window");
        assertThat(server.get("/api/v1/diagnostics/quota-audit?since=0d").statusCode())
                .isEqualTo(400);
    }
}
