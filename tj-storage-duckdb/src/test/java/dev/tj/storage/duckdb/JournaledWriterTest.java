package dev.tj.storage.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.config.TjConfig;
import dev.tj.core.ingest.BatchWriter;
import dev.tj.core.ingest.IngestJournal;
import dev.tj.core.ingest.IngestMetrics;
import dev.tj.core.ingest.WriteOutcome;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.Storage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-stage writer over a real DuckDB file and a real journal: answers come from the journal,
 * storage catches up, a crash replays exactly the answered frames, failures are retried, never dropped.
 */
class JournaledWriterTest {
    static final Instant T0 = Instant.now().minusSeconds(600);
    static final TjConfig.Ingest LIMITS = new TjConfig.Ingest(200_000, 20_000);

    @TempDir
    Path dir;

    static SessionAccumulator accumulator() {
        return new SessionAccumulator(a -> PlanTier.API, a -> null);
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
                    .model("claude-sonnet-4-5")
                    .startTime(T0.plusSeconds(i))
                    .durationMs(100.0)
                    .usage(new Usage(1, 2, 3, 4, 0))
                    .costUsd(0.01)
                    .build());
        }
        return out;
    }

    private BatchWriter writer(Storage storage) {
        return new BatchWriter(
                storage,
                accumulator(),
                new IngestMetrics(),
                LIMITS,
                IngestJournal.open(storage.journalDirectory().orElseThrow(), storage.journalPosition()));
    }

    @Test
    void answeredFramesThatNeverReachedStorageAreReplayedOnceAfterACrash() throws Exception {
        Path db = dir.resolve("tj.duckdb");
        try (DuckDbStorage storage = DuckDbStorage.open(db)) {
            BatchWriter w = writer(storage);
            assertThat(w.submit(calls("s-old", 0, 5), List.of()).get(30, TimeUnit.SECONDS))
                    .isEqualTo(new WriteOutcome(5, 0));
            w.close();
        }
        // A crash between the journal's fsync and the apply: frames on disk, storage without them.
        Path journalDir;
        try (DuckDbStorage storage = DuckDbStorage.open(db)) {
            journalDir = storage.journalDirectory().orElseThrow();
            long applied = storage.journalPosition();
            assertThat(applied).isPositive();
            IngestJournal j = IngestJournal.open(journalDir, applied);
            j.append(calls("s-crash", 0, 3), List.of());
            j.append(calls("s-crash", 3, 2), List.of());
            j.sync();
            j.close();
            assertThat(storage.sessions().session("s-crash")).isEmpty();
        }
        try (DuckDbStorage storage = DuckDbStorage.open(db)) {
            BatchWriter w = writer(storage);
            assertThat(w.awaitApplied(Duration.ofSeconds(30))).isTrue();
            Session s = storage.sessions().session("s-crash").orElseThrow();
            assertThat(s.spanCount()).isEqualTo(5);
            assertThat(s.usage()).isEqualTo(new Usage(5, 10, 15, 20, 0));
            // re-sending what was answered before the crash is a duplicate, not a second count
            assertThat(w.submit(calls("s-crash", 0, 5), List.of()).get(30, TimeUnit.SECONDS))
                    .isEqualTo(new WriteOutcome(0, 5));
            w.close();
            assertThat(storage.sessions().session("s-old").orElseThrow().spanCount())
                    .isEqualTo(5);
        }
        try (Stream<Path> left = Files.list(journalDir)) {
            assertThat(left.filter(p -> p.toString().endsWith(".seg")))
                    .as("a clean close retires the journal")
                    .isEmpty();
        }
        try (DuckDbStorage storage = DuckDbStorage.open(db)) {
            BatchWriter w = writer(storage);
            assertThat(w.awaitApplied(Duration.ofSeconds(30))).isTrue();
            assertThat(storage.sessions().session("s-crash").orElseThrow().spanCount())
                    .as("nothing replayed twice")
                    .isEqualTo(5);
            w.close();
        }
    }

    @Test
    void aRecordJournaledButNotYetAppliedIsStillADuplicate() throws Exception {
        try (DuckDbStorage real = DuckDbStorage.open(dir.resolve("tj.duckdb"))) {
            CountDownLatch gate = new CountDownLatch(1);
            Storage gated = gatedCommits(real, gate, new AtomicInteger(0));
            BatchWriter w = new BatchWriter(
                    gated,
                    accumulator(),
                    new IngestMetrics(),
                    LIMITS,
                    IngestJournal.open(real.journalDirectory().orElseThrow(), real.journalPosition()));
            assertThat(w.submit(calls("s", 0, 4), List.of()).get(30, TimeUnit.SECONDS))
                    .isEqualTo(new WriteOutcome(4, 0));
            // storage has not got them yet, the answer already came: a re-send must not count again
            assertThat(w.submit(calls("s", 2, 4), List.of()).get(30, TimeUnit.SECONDS))
                    .isEqualTo(new WriteOutcome(2, 2));
            assertThat(w.awaitApplied(Duration.ofMillis(200)))
                    .as("storage is held back")
                    .isFalse();
            assertThat(real.sessions().session("s")).isEmpty();
            gate.countDown();
            assertThat(w.awaitApplied(Duration.ofSeconds(30))).isTrue();
            assertThat(real.sessions().session("s").orElseThrow().spanCount()).isEqualTo(6);
            assertThat(w.submit(calls("s", 0, 6), List.of()).get(30, TimeUnit.SECONDS))
                    .isEqualTo(new WriteOutcome(0, 6));
            w.close();
        }
    }

    @Test
    void aFailingCommitIsRetriedAndNothingAnsweredIsLost() throws Exception {
        try (DuckDbStorage real = DuckDbStorage.open(dir.resolve("tj.duckdb"))) {
            AtomicInteger failuresLeft = new AtomicInteger(2);
            Storage flaky = gatedCommits(real, new CountDownLatch(0), failuresLeft);
            IngestMetrics metrics = new IngestMetrics();
            BatchWriter w = new BatchWriter(
                    flaky,
                    accumulator(),
                    metrics,
                    LIMITS,
                    IngestJournal.open(real.journalDirectory().orElseThrow(), real.journalPosition()));
            assertThat(w.submit(calls("s-flaky", 0, 3), List.of()).get(30, TimeUnit.SECONDS))
                    .isEqualTo(new WriteOutcome(3, 0));
            assertThat(w.awaitApplied(Duration.ofSeconds(30))).isTrue();
            assertThat(failuresLeft.get()).isZero();
            assertThat(metrics.commitFailures()).isEqualTo(2);
            assertThat(metrics.recordsQuarantined()).isZero();
            assertThat(real.sessions().session("s-flaky").orElseThrow().spanCount())
                    .isEqualTo(3);
            w.close();
        }
    }

    @Test
    void aFrameStorageAlwaysRefusesIsSetAsideAndTheRestGoesOn() throws Exception {
        try (DuckDbStorage real = DuckDbStorage.open(dir.resolve("tj.duckdb"))) {
            AtomicInteger failuresLeft = new AtomicInteger(Integer.MAX_VALUE);
            CountDownLatch gate = new CountDownLatch(1);
            Storage refusing = gatedCommits(real, gate, failuresLeft, "poison");
            IngestMetrics metrics = new IngestMetrics();
            BatchWriter w = new BatchWriter(
                    refusing,
                    accumulator(),
                    metrics,
                    LIMITS,
                    IngestJournal.open(real.journalDirectory().orElseThrow(), real.journalPosition()));
            var poison = w.submit(calls("poison", 0, 2), List.of());
            var good = w.submit(calls("good", 0, 3), List.of());
            assertThat(poison.get(30, TimeUnit.SECONDS).stored()).isEqualTo(2);
            assertThat(good.get(30, TimeUnit.SECONDS).stored()).isEqualTo(3);
            gate.countDown();
            assertThat(w.awaitApplied(Duration.ofSeconds(60))).isTrue();
            assertThat(real.sessions().session("good").orElseThrow().spanCount())
                    .isEqualTo(3);
            assertThat(real.sessions().session("poison")).isEmpty();
            assertThat(metrics.recordsQuarantined()).isEqualTo(2);
            w.close();
            try (Stream<Path> files = Files.list(real.journalDirectory().orElseThrow())) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".failed"));
            }
        }
    }

    /**
     * Batches written into a group are committed together; a group whose commit fails is rolled back
     * whole and applied again from the journal: every answered record is stored exactly once.
     */
    @Test
    void aGroupThatFailsToCommitIsAppliedAgainFromTheJournalOnce() throws Exception {
        try (DuckDbStorage real = DuckDbStorage.open(dir.resolve("tj.duckdb"))) {
            AtomicInteger staged = new AtomicInteger(), groupFailures = new AtomicInteger(1);
            IngestStore realWriter = real.ingestStore();
            IngestStore failing = (IngestStore) Proxy.newProxyInstance(
                    IngestStore.class.getClassLoader(), new Class<?>[] {IngestStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("stage")) staged.incrementAndGet();
                        if (method.getName().equals("commitGroup") && groupFailures.getAndDecrement() > 0) {
                            throw new IllegalStateException("disk went away at the commit");
                        }
                        return invoke(method, realWriter, args);
                    });
            Storage storage = (Storage) Proxy.newProxyInstance(
                    Storage.class.getClassLoader(),
                    new Class<?>[] {Storage.class},
                    (proxy, method, args) ->
                            method.getName().equals("ingestStore") ? failing : invoke(method, real, args));
            IngestMetrics metrics = new IngestMetrics();
            BatchWriter w = new BatchWriter(
                    storage,
                    accumulator(),
                    metrics,
                    LIMITS,
                    IngestJournal.open(real.journalDirectory().orElseThrow(), real.journalPosition()));
            List<java.util.concurrent.CompletableFuture<WriteOutcome>> answers = new ArrayList<>();
            for (int b = 0; b < 20; b++) answers.add(w.submit(calls("s-group", b * 50, 50), List.of()));
            for (var a : answers) assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(new WriteOutcome(50, 0));
            assertThat(w.awaitApplied(Duration.ofSeconds(60))).isTrue();
            assertThat(staged.get()).as("record batches went into a group").isPositive();
            assertThat(groupFailures.get())
                    .as("a group was committed, and its first commit failed")
                    .isLessThan(1);
            assertThat(metrics.commitFailures()).isPositive();
            assertThat(real.sessions().spans("s-group")).hasSize(1000);
            Session s = real.sessions().session("s-group").orElseThrow();
            assertThat(s.spanCount()).isEqualTo(1000);
            assertThat(s.usage()).isEqualTo(new Usage(1000, 2000, 3000, 4000, 0));
            // what was applied again is a duplicate when sent again, not a second count
            assertThat(w.submit(calls("s-group", 0, 50), List.of()).get(30, TimeUnit.SECONDS))
                    .isEqualTo(new WriteOutcome(0, 50));
            w.close();
            assertThat(real.sessions().spans("s-group")).hasSize(1000);
        }
    }

    /**
     * Real storage whose commits wait for {@code gate}, then fail while {@code failures} lasts — only
     * batches holding a span of {@code poisonSession} when one is given.
     */
    static Storage gatedCommits(Storage real, CountDownLatch gate, AtomicInteger failures, String... poisonSession) {
        IngestStore realWriter = real.ingestStore();
        IngestStore gated = (IngestStore) Proxy.newProxyInstance(
                IngestStore.class.getClassLoader(), new Class<?>[] {IngestStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("commit") || method.getName().equals("stage")) {
                        gate.await();
                        var batch = (dev.tj.core.storage.WriteBatch) args[0];
                        boolean targeted = poisonSession.length == 0
                                || batch.spans().stream()
                                        .anyMatch(s -> s.sessionId().equals(poisonSession[0]));
                        if (targeted && failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                            throw new IllegalArgumentException("storage refuses this batch");
                        }
                    }
                    return invoke(method, realWriter, args);
                });
        return (Storage) Proxy.newProxyInstance(
                Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class},
                (proxy, method, args) -> method.getName().equals("ingestStore") ? gated : invoke(method, real, args));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
