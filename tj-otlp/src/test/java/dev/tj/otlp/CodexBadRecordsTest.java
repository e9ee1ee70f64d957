package dev.tj.otlp;

import static dev.tj.otlp.Otlpj.attrs;
import static dev.tj.otlp.Otlpj.kv;
import static dev.tj.otlp.Otlpj.logs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.ingest.Rejection;
import dev.tj.core.span.Span;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Log records as the current Codex CLI shapes them (no body at all), gone wrong: each is stored
 * with a sane time, skipped with a count, or rejected on its own; the rest of the batch is kept. The
 * same over OTLP/JSON and OTLP/protobuf.
 */
class CodexBadRecordsTest {
    private static final OtlpDecoder DECODER = new OtlpDecoder();
    static final String OBSERVED = "1795166941000000000"; // 2026-11-20T09:29:01Z

    /** A body-less record: the fields given as raw JSON members, then the attributes. */
    static String rec(String members, String... kvs) {
        return "{" + (members.isEmpty() ? "" : members + ",") + "\"attributes\":" + attrs(kvs) + "}";
    }

    static String good() {
        return rec(
                "\"timeUnixNano\":\"0\"",
                kv("event.name", "codex.user_prompt"),
                kv("event.timestamp", "2026-11-20T09:29:00.500Z"),
                kv("conversation.id", "conv-1"));
    }

    static List<IngestBatch> decodeBoth(String... records) {
        String json = logs(attrs(kv("service.name", "codex_exec")), "codex_otel.log_only", records);
        IngestBatch viaJson = DECODER.decodeLogs(json.getBytes(StandardCharsets.UTF_8), OtlpFormat.JSON);
        var proto = TestSupport.logsProto(parse(json));
        IngestBatch viaProto = DECODER.decodeLogs(proto.toByteArray(), OtlpFormat.PROTOBUF);
        return List.of(viaJson, viaProto);
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return TestSupport.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRecordWithNoBodyAndNoEventNameIsSkippedWithACount() {
        for (IngestBatch b : decodeBoth(
                rec(
                        "\"timeUnixNano\":\"0\",\"observedTimeUnixNano\":\"" + OBSERVED + "\"",
                        kv("conversation.id", "conv-1"),
                        kv("input_token_count", 5L)),
                good())) {
            assertThat(b.ignored()).isEqualTo(1);
            assertThat(b.rejections()).isEmpty();
            assertThat(b.spans()).hasSize(1);
        }
    }

    @Test
    void noTimeAnywhereIsRejectedForThatRecordOnly() {
        for (IngestBatch b : decodeBoth(
                rec("\"timeUnixNano\":\"0\"", kv("event.name", "codex.user_prompt"), kv("conversation.id", "conv-1")),
                good())) {
            assertThat(b.rejections())
                    .extracting(Rejection::reason)
                    .singleElement()
                    .asString()
                    .contains("missing timestamp");
            assertThat(b.spans()).hasSize(1);
        }
    }

    @Test
    void anUnparseableEventTimestampFallsBackToTheObservedTime() {
        for (IngestBatch b : decodeBoth(
                rec(
                        "\"timeUnixNano\":\"0\",\"observedTimeUnixNano\":\"" + OBSERVED + "\"",
                        kv("event.name", "codex.user_prompt"),
                        kv("event.timestamp", "yesterday-ish"),
                        kv("conversation.id", "conv-1")),
                good())) {
            assertThat(b.rejections()).isEmpty();
            assertThat(b.spans())
                    .extracting(Span::startTime)
                    .containsExactly(Instant.parse("2026-11-20T09:29:01Z"), Instant.parse("2026-11-20T09:29:00.500Z"));
        }
    }

    @Test
    void anUnparseableEventTimestampWithoutAnObservedTimeIsRejected() {
        for (IngestBatch b : decodeBoth(
                rec(
                        "\"timeUnixNano\":\"0\"",
                        kv("event.name", "codex.user_prompt"),
                        kv("event.timestamp", "31/11/2026 25:61"),
                        kv("conversation.id", "conv-1")),
                good())) {
            assertThat(b.rejections())
                    .extracting(Rejection::reason)
                    .singleElement()
                    .asString()
                    .contains("invalid event.timestamp");
            assertThat(b.spans()).hasSize(1);
        }
    }

    @Test
    void aGarbageObservedTimeIsNoReasonToRejectARecordThatHasItsTime() {
        String json = logs(
                attrs(kv("service.name", "codex_exec")),
                "codex_otel.log_only",
                rec(
                        "\"timeUnixNano\":\"0\",\"observedTimeUnixNano\":\"soon\"",
                        kv("event.name", "codex.user_prompt"),
                        kv("event.timestamp", "2026-11-20T09:29:02Z"),
                        kv("conversation.id", "conv-1")));
        IngestBatch b = DECODER.decodeLogs(json.getBytes(StandardCharsets.UTF_8), OtlpFormat.JSON);
        assertThat(b.rejections()).isEmpty();
        assertThat(b.spans()).extracting(Span::startTime).containsExactly(Instant.parse("2026-11-20T09:29:02Z"));
    }

    @Test
    void aTokenLessResponseCompletedIsNotAnEmptyCall() {
        for (IngestBatch b : decodeBoth(
                rec(
                        "\"timeUnixNano\":\"0\"",
                        kv("event.name", "codex.sse_event"),
                        kv("event.kind", "response.completed"),
                        kv("event.timestamp", "2026-11-20T09:29:03Z"),
                        kv("conversation.id", "conv-1")),
                good())) {
            assertThat(b.ignored()).isEqualTo(1);
            assertThat(b.spans()).noneMatch(Span::isLlmCall);
        }
    }
}
