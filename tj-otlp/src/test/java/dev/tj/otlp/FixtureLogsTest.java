package dev.tj.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.SpanStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The project's Claude Code / Codex OTLP fixture ({@code tj-testkit}), decoded as JSON and as protobuf, against its expected totals. */
class FixtureLogsTest {
    private static final OtlpDecoder DECODER = new OtlpDecoder();
    private static JsonNode fixture;

    @BeforeAll
    static void load() {
        fixture = TestSupport.readFixture("claude-code-and-codex-logs.json");
    }

    private static List<Span> decodeJson(String batches, List<IngestBatch> out) {
        List<Span> spans = new ArrayList<>();
        for (JsonNode b : fixture.get(batches)) {
            IngestBatch batch = DECODER.decodeLogs(TestSupport.bytes(b), OtlpFormat.JSON);
            out.add(batch);
            spans.addAll(batch.spans());
        }
        return spans;
    }

    private static List<Span> decodeProto(String batches, boolean viaBytes) {
        List<Span> spans = new ArrayList<>();
        for (JsonNode b : fixture.get(batches)) {
            var req = TestSupport.logsProto(b);
            IngestBatch batch =
                    viaBytes ? DECODER.decodeLogs(req.toByteArray(), OtlpFormat.PROTOBUF) : DECODER.logs(req);
            assertThat(batch.rejections()).isEmpty();
            spans.addAll(batch.spans());
        }
        return spans;
    }

    @Test
    void claudeCodeSessionsMatchExpectedTotals() {
        List<IngestBatch> batches = new ArrayList<>();
        List<Span> spans = decodeJson("claude_code_batches", batches);
        assertThat(batches).allSatisfy(b -> {
            assertThat(b.rejections()).isEmpty();
            assertThat(b.ignored()).isZero();
        });
        for (JsonNode exp : fixture.get("claude_code_expected")) {
            String sid = exp.get("session_id").asText();
            List<Span> s = spans.stream().filter(x -> sid.equals(x.sessionId())).toList();
            assertThat(s).as(sid).isNotEmpty();
            assertThat(s.stream().mapToLong(x -> x.usage().input()).sum())
                    .as("input")
                    .isEqualTo(exp.get("input").asLong());
            assertThat(s.stream().mapToLong(x -> x.usage().output()).sum())
                    .as("output")
                    .isEqualTo(exp.get("output").asLong());
            assertThat(s.stream().mapToLong(x -> x.usage().cacheRead()).sum())
                    .as("cache_read")
                    .isEqualTo(exp.get("cache_read").asLong());
            assertThat(s.stream().mapToLong(x -> x.usage().cacheWrite()).sum())
                    .as("cache_creation")
                    .isEqualTo(exp.get("cache_creation").asLong());
            assertThat(s.stream().mapToLong(x -> x.usage().cacheWrite1h()).sum())
                    .isZero();
            assertThat(s.stream()
                            .filter(x -> x.reportedCostUsd() != null)
                            .mapToDouble(Span::reportedCostUsd)
                            .sum())
                    .as("cost")
                    .isCloseTo(exp.get("cost_usd").asDouble(), within(1e-9));
            assertThat(s).as("our price is left to core").allMatch(x -> x.costUsd() == null);
            assertThat(s.stream()
                            .filter(x -> x.isLlmCall() && !x.usage().isZero())
                            .count())
                    .as("api_requests")
                    .isEqualTo(exp.get("api_requests").asLong());
            assertThat(s.stream()
                            .filter(x -> SpanNames.TOOL_CALL.equals(x.name()))
                            .count())
                    .as("tool_results")
                    .isEqualTo(exp.get("tool_results").asLong());
            assertThat(s.stream().filter(Span::isToolCall).count())
                    .as("tool calls exclude decisions")
                    .isEqualTo(exp.get("tool_results").asLong());
            assertThat(s.stream()
                            .filter(x -> x.isToolCall() && x.status() == SpanStatus.ERROR)
                            .count())
                    .as("tool_errors")
                    .isEqualTo(exp.get("tool_errors").asLong());
            assertThat(s.stream()
                            .filter(x -> SpanNames.INVOKE_AGENT.equals(x.name()))
                            .count())
                    .as("prompts")
                    .isEqualTo(exp.get("prompts").asLong());

            JsonNode res = exp.get("resource");
            ResourceIdentity ri = new ResourceIdentity(
                    text(res, "service.namespace"),
                    text(res, "service.instance.id"),
                    text(res, "tokenjam.run_id"),
                    text(res, "tokenjam.parent_session_id"));
            assertThat(s).allSatisfy(x -> {
                assertThat(x.agentId()).isEqualTo(res.get("service.name").asText());
                ResourceIdentity r = x.resource();
                assertThat(new ResourceIdentity(r.namespace(), r.instanceId(), r.runId(), r.parentSessionId()))
                        .isEqualTo(ri);
                // the user is Claude Code's user.email, else its account uuid
                Object email = x.attributes().get("user.email"),
                        account = x.attributes().get("user.account_uuid");
                assertThat(r.user()).isEqualTo(email != null ? email : account);
                assertThat(r.machine()).isEqualTo(x.attributes().get("host.name"));
                assertThat(x.traceId()).hasSize(32).isEqualTo(s.get(0).traceId());
                assertThat(x.spanId()).hasSize(16).matches("[0-9a-f]{16}");
                assertThat(x.attributes())
                        .containsEntry(
                                "service.version", res.get("service.version").asText());
            });
        }
        assertThat(spans).extracting(Span::spanId).doesNotHaveDuplicates();
    }

    private static String text(JsonNode n, String k) {
        return n.has(k) ? n.get(k).asText() : null;
    }

    @Test
    void codexConversationMatchesExpectedTotals() {
        List<IngestBatch> batches = new ArrayList<>();
        List<Span> spans = decodeJson("codex_batches", batches);
        assertThat(batches).allSatisfy(b -> assertThat(b.rejections()).isEmpty());
        // 3 codex.api_request without error are ignored (tokens live on sse_event)
        assertThat(batches.stream().mapToInt(IngestBatch::ignored).sum()).isEqualTo(3);
        for (JsonNode exp : fixture.get("codex_expected")) {
            String cid = exp.get("conversation_id").asText();
            List<Span> s = spans.stream().filter(x -> cid.equals(x.sessionId())).toList();
            assertThat(s).hasSize(spans.size());
            // the fixture states OpenAI's input (cached inside); tj's input excludes the cached tokens
            assertThat(s.stream().mapToLong(x -> x.usage().input()).sum())
                    .isEqualTo(exp.get("input").asLong() - exp.get("cached").asLong());
            assertThat(s.stream().mapToLong(x -> x.usage().output()).sum())
                    .isEqualTo(exp.get("output").asLong());
            assertThat(s.stream().mapToLong(x -> x.usage().cacheRead()).sum())
                    .isEqualTo(exp.get("cached").asLong());
            assertThat(s).allSatisfy(x -> {
                assertThat(x.conversationId()).isEqualTo(cid);
                assertThat(x.agentId()).isEqualTo("codex_cli_rs");
                assertThat(x.attributes()).doesNotContainKey("prompt"); // "[REDACTED]" marker dropped
            });
            assertThat(s.stream().filter(Span::isLlmCall).toList()).hasSize(3).allSatisfy(x -> {
                assertThat(x.provider()).isEqualTo("openai");
                assertThat(x.billingAccount()).isEqualTo("openai");
                assertThat(x.model()).isEqualTo("gpt-5-codex");
            });
            assertThat(s.stream()
                            .filter(x -> SpanNames.INVOKE_AGENT.equals(x.name()))
                            .count())
                    .isEqualTo(1);
            assertThat(s.stream().filter(Span::isToolCall).count()).isEqualTo(3);
            assertThat(s.stream()
                            .filter(x -> SpanNames.TOOL_DECISION.equals(x.name()))
                            .count())
                    .isEqualTo(3);
        }
        assertThat(spans).extracting(Span::spanId).doesNotHaveDuplicates();
    }

    @Test
    void protobufDecodesToIdenticalSpans() {
        for (String batches : List.of("claude_code_batches", "codex_batches")) {
            List<Span> json = decodeJson(batches, new ArrayList<>());
            assertThat(decodeProto(batches, true)).as(batches + " via bytes").containsExactlyElementsOf(json);
            assertThat(decodeProto(batches, false))
                    .as(batches + " via gRPC message")
                    .containsExactlyElementsOf(json);
        }
    }

    @Test
    void reDecodingTheFixtureYieldsTheSameIds() {
        List<Span> first = decodeJson("claude_code_batches", new ArrayList<>());
        List<Span> second = decodeJson("claude_code_batches", new ArrayList<>());
        assertThat(second)
                .extracting(Span::spanId)
                .containsExactlyElementsOf(first.stream().map(Span::spanId).toList());
        List<Span> codex1 = decodeJson("codex_batches", new ArrayList<>());
        List<Span> codex2 = decodeJson("codex_batches", new ArrayList<>());
        assertThat(codex2).containsExactlyElementsOf(codex1);
    }
}
