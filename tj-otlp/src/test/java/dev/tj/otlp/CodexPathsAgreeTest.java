package dev.tj.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.agent.Codex;
import dev.tj.core.history.HistorySpans;
import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import dev.tj.core.transcript.CodexFile;
import dev.tj.core.transcript.CodexParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One piece of Codex 0.169.0 work recorded twice, in the shapes the real CLI produces: its OTLP log
 * export (no body, name in {@code event.name}, {@code timeUnixNano} 0, a token-less second
 * {@code response.completed}, a command that exited 3 with {@code success=true}) and its rollout
 * file. Both paths must give the same session, agent, totals and errors.
 *
 * <p>The work: 3 responses, OpenAI counts input 2100+2300+2420 = 6820 (cached 0+2048+2176 = 4224,
 * cache-written 0+0+100), output 150+60+90 = 300 (reasoning 120 inside); OpenAI's total_tokens 7120.
 */
class CodexPathsAgreeTest {
    static final String SESSION = "019a7e5c-1f2b-7c3d-9e4f-a1b2c3d4e5f6";
    static final Usage EXPECTED = new Usage(6820 - 4224 - 100, 300, 4224, 100, 0);
    private static final OtlpDecoder DECODER = new OtlpDecoder();

    static JsonNode logsJson() {
        try (InputStream in = CodexPathsAgreeTest.class.getResourceAsStream("/codex/exec-0.169.0-logs.json")) {
            return TestSupport.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IngestBatch live(String format) {
        JsonNode doc = logsJson();
        return switch (format) {
            case "json" -> DECODER.decodeLogs(TestSupport.bytes(doc), OtlpFormat.JSON);
            case "protobuf" -> DECODER.decodeLogs(TestSupport.logsProto(doc).toByteArray(), OtlpFormat.PROTOBUF);
            case "grpc" -> DECODER.logs(TestSupport.logsProto(doc));
            default -> throw new IllegalArgumentException(format);
        };
    }

    static List<Span> rollout(Path dir) throws IOException {
        String name = "rollout-2026-11-20T09-29-00-" + SESSION + ".jsonl";
        Path f = dir.resolve(name);
        try (InputStream in = CodexPathsAgreeTest.class.getResourceAsStream("/codex/" + name)) {
            Files.copy(in, f);
        }
        CodexFile cf = new CodexParser()
                .parse(f, Files.size(f), Files.getLastModifiedTime(f).toMillis());
        List<Span> spans = new ArrayList<>();
        cf.calls().forEach(c -> spans.add(HistorySpans.codexLlm(cf, c)));
        cf.tools().forEach(t -> spans.add(HistorySpans.codexTool(cf, t)));
        return spans;
    }

    static Usage usage(List<Span> spans) {
        return spans.stream().filter(Span::isLlmCall).map(Span::usage).reduce(Usage.ZERO, Usage::plus);
    }

    @Test
    void liveRecordsOfTheCurrentCliBecomePromptCallsToolsAndTokens() {
        for (String format : List.of("json", "protobuf", "grpc")) {
            IngestBatch b = live(format);
            assertThat(b.rejections()).as(format).isEmpty();
            List<Span> s = b.spans();
            assertThat(s)
                    .as(format)
                    .extracting(Span::name)
                    .containsExactly(
                            "codex.conversation_starts",
                            SpanNames.INVOKE_AGENT,
                            SpanNames.LLM_CALL,
                            SpanNames.TOOL_DECISION,
                            SpanNames.TOOL_CALL,
                            SpanNames.LLM_CALL,
                            SpanNames.TOOL_DECISION,
                            SpanNames.TOOL_CALL,
                            SpanNames.LLM_CALL);
            // 3 successful api_request, 2 x 3 stream events per response (created, item done, the
            // token-less second completed), 1 turn_ttft
            assertThat(b.ignored()).as(format).isEqualTo(3 + 3 * 3 + 1);
            assertThat(s).allSatisfy(x -> {
                assertThat(x.sessionId()).isEqualTo(SESSION);
                assertThat(x.agentId()).isEqualTo("codex_exec");
                assertThat(x.traceId()).isEqualTo(Codex.traceId(SESSION));
                // the time comes from event.timestamp, not the 0 timeUnixNano
                assertThat(x.startTime().toString()).startsWith("2026-11-20T09:29:0");
                assertThat(x.attributes()).doesNotContainKeys("output", "arguments");
            });
            assertThat(usage(s)).as(format).isEqualTo(EXPECTED);
            assertThat(usage(s).total()).isEqualTo(7120);
            List<Span> tools = s.stream().filter(Span::isToolCall).toList();
            assertThat(tools).extracting(Span::status).containsExactly(SpanStatus.ERROR, SpanStatus.OK);
            assertThat(tools.get(0).statusMessage()).isEqualTo("exit code 3");
            assertThat(tools.get(0).attributes()).containsEntry("exit_code", 3L).containsEntry("call_id", "call_1");
            assertThat(tools).extracting(Span::toolName).containsOnly("exec_command");
        }
        assertThat(live("protobuf").spans())
                .containsExactlyElementsOf(live("json").spans());
        assertThat(live("grpc").spans()).containsExactlyElementsOf(live("json").spans());
    }

    @Test
    void theRolloutOfTheSameWorkGivesTheSameSessionAgentTotalsAndErrors(@TempDir Path dir) throws IOException {
        List<Span> backfilled = rollout(dir);
        for (String format : List.of("json", "protobuf")) {
            List<Span> live = live(format).spans();
            assertThat(ids(backfilled, Span::sessionId))
                    .isEqualTo(ids(live, Span::sessionId))
                    .containsExactly(SESSION);
            assertThat(ids(backfilled, Span::agentId))
                    .isEqualTo(ids(live, Span::agentId))
                    .containsExactly("codex_exec");
            assertThat(ids(backfilled, Span::traceId)).isEqualTo(ids(live, Span::traceId));
            assertThat(usage(backfilled)).isEqualTo(usage(live)).isEqualTo(EXPECTED);
            assertThat(count(backfilled, Span::isLlmCall))
                    .isEqualTo(count(live, Span::isLlmCall))
                    .isEqualTo(3);
            assertThat(count(backfilled, Span::isToolCall))
                    .isEqualTo(count(live, Span::isToolCall))
                    .isEqualTo(2);
            assertThat(count(backfilled, x -> x.status() == SpanStatus.ERROR))
                    .isEqualTo(count(live, x -> x.status() == SpanStatus.ERROR))
                    .isEqualTo(1);
            assertThat(ids(backfilled.stream().filter(Span::isLlmCall).toList(), Span::model))
                    .isEqualTo(ids(live.stream().filter(Span::isLlmCall).toList(), Span::model))
                    .containsExactly("gpt-5-codex");
            // priced by the same call, the two paths cost the same
            Pricing p = Pricing.packaged();
            double liveCost = live.stream()
                    .map(p::price)
                    .filter(Span::isLlmCall)
                    .mapToDouble(Span::costUsd)
                    .sum();
            double backfillCost = backfilled.stream()
                    .map(p::price)
                    .filter(Span::isLlmCall)
                    .mapToDouble(Span::costUsd)
                    .sum();
            assertThat(backfillCost).isCloseTo(liveCost, within(1e-12));
            // gpt-5-codex: 2496 input at 1.25, 4224 cached at 0.125, 100 written at 1.25 x 1.25, 300 output at 10
            assertThat(liveCost)
                    .isCloseTo((2496 * 1.25 + 4224 * 0.125 + 100 * 1.5625 + 300 * 10.0) / 1e6, within(1e-12));
        }
    }

    private static <T> Set<T> ids(List<Span> spans, java.util.function.Function<Span, T> f) {
        return spans.stream().map(f).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static long count(List<Span> spans, java.util.function.Predicate<Span> p) {
        return spans.stream().filter(p).count();
    }
}
