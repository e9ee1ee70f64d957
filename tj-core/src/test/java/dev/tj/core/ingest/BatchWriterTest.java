package dev.tj.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.core.config.TjConfig;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.InMemoryStorage;
import dev.tj.core.storage.SourceFile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's dedup, close and command rules over the in-memory store and a real journal. */
class BatchWriterTest {
    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    @TempDir
    Path dir;

    InMemoryStorage storage;
    BatchWriter writer;
    IngestMetrics metrics;

    @BeforeEach
    void start() {
        storage = new InMemoryStorage();
        metrics = new IngestMetrics();
        writer = new BatchWriter(
                storage,
                new SessionAccumulator(a -> PlanTier.API, a -> null),
                metrics,
                new TjConfig.Ingest(100_000, 1_000),
                IngestJournal.open(dir.resolve("journal"), 0));
    }

    @AfterEach
    void stop() {
        writer.close();
        storage.close();
    }

    static List<Span> calls(String session, int from, int n) {
        List<Span> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(Span.builder()
                    .spanId(session + "-" + i)
                    .traceId(session)
                    .sessionId(session)
                    .agentId("claude-code")
                    .name(SpanNames.LLM_CALL)
                    .startTime(T0.plusSeconds(i))
                    .durationMs(100.0)
                    .usage(new Usage(1, 2, 3, 4, 0))
                    .costUsd(0.01)
                    .build());
        }
        return out;
    }

    WriteOutcome submit(List<Span> spans, List<MetricPoint> points) throws Exception {
        return writer.submit(spans, points).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aRecordIsStoredOnceWhetherTheRepeatIsJournaledOrApplied() throws Exception {
        assertThat(submit(calls("s", 0, 4), List.of())).isEqualTo(new WriteOutcome(4, 0));
        // re-sent before or after the apply stage committed them: duplicates either way
        assertThat(submit(calls("s", 2, 4), List.of())).isEqualTo(new WriteOutcome(2, 2));
        assertThat(writer.awaitApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(submit(calls("s", 0, 6), List.of())).isEqualTo(new WriteOutcome(0, 6));
        MetricPoint p = new MetricPoint("p1", "s", "claude-code", "tokens", "1", T0, 3, Map.of());
        assertThat(submit(List.of(), List.of(p, p))).isEqualTo(new WriteOutcome(1, 1));
        assertThat(writer.awaitApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(storage.sessions().session("s").orElseThrow().spanCount()).isEqualTo(6);
        assertThat(storage.sessions().metricPoints("s")).hasSize(1);
        assertThat(metrics.queuedRecords()).isZero();
        assertThat(storage.journalPosition()).isPositive();
    }

    @Test
    void closeLabelAndReadPositionsQueueBehindTheRecordsBeforeThem() throws Exception {
        writer.submit(calls("s", 0, 3), List.of());
        assertThat(writer.closeSessions(null, "s", T0.plusSeconds(60)).get(30, TimeUnit.SECONDS))
                .isEqualTo(1);
        writer.label("s", "my run", T0).get(30, TimeUnit.SECONDS);
        SourceFile f = new SourceFile("/t/a.jsonl", 10, T0, 10);
        writer.saveReadPositions(List.of(f)).get(30, TimeUnit.SECONDS);
        assertThat(storage.sessions().session("s").orElseThrow().status()).isEqualTo(SessionStatus.CLOSED);
        assertThat(storage.sessions().labels()).containsEntry("s", "my run");
        assertThat(storage.sessions().sourceFiles()).containsEntry("/t/a.jsonl", f);
        writer.label("s", null, T0).get(30, TimeUnit.SECONDS);
        assertThat(storage.sessions().labels()).isEmpty();
    }

    @Test
    void theWriterHoldsTheStoresOnlyWriteSide() {
        assertThatThrownBy(storage::ingestStore).isInstanceOf(IllegalStateException.class);
    }
}
