package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.testkit.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The project's OTLP fixtures ({@code tj-testkit}), posted as JSON over HTTP, give exactly the expected per-session totals. */
class FixtureIngestTest extends LiveServer {
    JsonNode fixture;

    @BeforeEach
    void readFixture() throws Exception {
        fixture = TestServer.JSON.readTree(Fixtures.bytes(Fixtures.OTLP_LOGS));
    }

    private List<JsonNode> postAllBatches() {
        List<JsonNode> answers = new ArrayList<>();
        for (String key : List.of("claude_code_batches", "codex_batches")) {
            for (JsonNode batch : fixture.get(key)) answers.add(server.ingestLogs(batch.toString()));
        }
        return answers;
    }

    @Test
    void claudeCodeAndCodexTotalsMatchTheFixtureAndASecondPostChangesNothing() {
        List<JsonNode> first = postAllBatches();
        long stored = 0;
        for (JsonNode a : first) {
            assertThat(a.path("rejected").asInt()).as("rejections: %s", a).isZero();
            assertThat(a.has("partialSuccess")).isFalse();
            stored += a.path("ingested").asLong();
        }
        assertThat(stored).isPositive();
        assertExpectedTotals();

        List<JsonNode> second = postAllBatches();
        long again = 0, dups = 0;
        for (JsonNode a : second) {
            again += a.path("ingested").asLong();
            dups += a.path("duplicates").asLong();
        }
        assertThat(again).as("nothing is stored twice").isZero();
        assertThat(dups).isEqualTo(stored);
        assertExpectedTotals();
    }

    private void assertExpectedTotals() {
        for (JsonNode e : fixture.get("claude_code_expected")) {
            String id = e.get("session_id").asText();
            JsonNode detail = server.session(id);
            JsonNode s = detail.get("session");
            assertThat(s.get("agent_id").asText())
                    .isEqualTo(e.at("/resource/service.name").asText());
            assertThat(s.get("input_tokens").asLong())
                    .as("input of %s", id)
                    .isEqualTo(e.get("input").asLong());
            assertThat(s.get("output_tokens").asLong())
                    .as("output of %s", id)
                    .isEqualTo(e.get("output").asLong());
            assertThat(s.get("cache_read_tokens").asLong())
                    .as("cache read of %s", id)
                    .isEqualTo(e.get("cache_read").asLong());
            assertThat(s.get("cache_write_tokens").asLong())
                    .as("cache creation of %s", id)
                    .isEqualTo(e.get("cache_creation").asLong());
            assertThat(s.get("reported_cost_usd").asDouble())
                    .as("reported cost of %s", id)
                    .isCloseTo(e.get("cost_usd").asDouble(), within(1e-9));
            assertThat(s.get("tool_call_count").asLong())
                    .as("tool results of %s", id)
                    .isEqualTo(e.get("tool_results").asLong());
            JsonNode spans = detail.get("spans");
            long llmWithUsage = 0, prompts = 0, toolErrors = 0;
            for (JsonNode sp : spans) {
                String name = sp.get("name").asText();
                long tokens = sp.get("input_tokens").asLong()
                        + sp.get("output_tokens").asLong()
                        + sp.get("cache_read_tokens").asLong()
                        + sp.get("cache_write_tokens").asLong();
                if (name.equals("gen_ai.llm.call") && tokens > 0) llmWithUsage++;
                if (name.equals("invoke_agent")) prompts++;
                if (name.equals("gen_ai.tool.call")
                        && sp.get("status_code").asText().equals("error")) toolErrors++;
            }
            assertThat(llmWithUsage)
                    .as("api requests of %s", id)
                    .isEqualTo(e.get("api_requests").asLong());
            assertThat(s.get("llm_call_count").asLong())
                    .as("llm calls of %s", id)
                    .isGreaterThanOrEqualTo(e.get("api_requests").asLong());
            assertThat(prompts)
                    .as("prompts of %s", id)
                    .isEqualTo(e.get("prompts").asLong());
            assertThat(toolErrors)
                    .as("tool errors of %s", id)
                    .isEqualTo(e.get("tool_errors").asLong());
            JsonNode resource = e.get("resource");
            if (resource.has("service.namespace")) {
                assertThat(s.get("namespace").asText())
                        .isEqualTo(resource.get("service.namespace").asText());
            }
            if (resource.has("service.instance.id")) {
                assertThat(s.get("instance_id").asText())
                        .isEqualTo(resource.get("service.instance.id").asText());
            }
            if (resource.has("tokenjam.run_id")) {
                assertThat(s.get("run_id").asText())
                        .isEqualTo(resource.get("tokenjam.run_id").asText());
            }
        }
        for (JsonNode e : fixture.get("codex_expected")) {
            String id = e.get("conversation_id").asText();
            JsonNode s = server.session(id).get("session");
            assertThat(s.get("agent_id").asText()).startsWith("codex");
            // the fixture states OpenAI's input (cached inside); tj's input excludes it (docs/tokens.md)
            assertThat(s.get("input_tokens").asLong())
                    .as("codex input")
                    .isEqualTo(e.get("input").asLong() - e.get("cached").asLong());
            assertThat(s.get("output_tokens").asLong())
                    .as("codex output")
                    .isEqualTo(e.get("output").asLong());
            assertThat(s.get("cache_read_tokens").asLong())
                    .as("codex cached")
                    .isEqualTo(e.get("cached").asLong());
        }
    }

    @Test
    void sdkTracesSampleLandsInTraceSessionsOnBothPathsAndDedups() throws Exception {
        String body = Fixtures.text(Fixtures.OTLP_SDK_TRACES);
        JsonNode a = server.ingestTraces(body);
        assertThat(a.path("ingested").asInt()).isEqualTo(3);
        assertThat(a.path("rejected").asInt()).isZero();

        JsonNode first = server.session("0102030405060708090a0b0c0d0e0f10").get("session");
        assertThat(first.get("agent_id").asText()).isEqualTo("test-agent");
        assertThat(first.get("input_tokens").asLong()).isEqualTo(1500);
        assertThat(first.get("output_tokens").asLong()).isEqualTo(320);
        assertThat(first.get("tool_call_count").asLong()).isEqualTo(1);
        assertThat(first.get("llm_call_count").asLong()).isEqualTo(1);
        assertThat(first.get("total_cost_usd").asDouble())
                .as("priced from our rates")
                .isPositive();

        JsonNode second = server.session("2122232425262728292a2b2c2d2e2f30").get("session");
        assertThat(second.get("agent_id").asText()).isEqualTo("test-agent-2");
        assertThat(second.get("input_tokens").asLong()).isEqualTo(800);
        assertThat(second.get("output_tokens").asLong()).isEqualTo(200);

        // TokenJam's alias path takes the same payload; everything is already there.
        var again = server.postJson("/api/v1/spans", body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(again).path("ingested").asInt()).isZero();
        assertThat(TestServer.json(again).path("duplicates").asInt()).isEqualTo(3);
        assertThat(server.session("0102030405060708090a0b0c0d0e0f10")
                        .at("/session/input_tokens")
                        .asLong())
                .isEqualTo(1500);
    }
}
