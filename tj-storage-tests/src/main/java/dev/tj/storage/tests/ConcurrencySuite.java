package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tj.core.session.Session;
import dev.tj.core.span.Span;
import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.WriteBatch;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Reads run while the single writer commits, and see whole batches only. <p>Conventions: timestamps keep at least microsecond precision (the tests use microsecond
 * instants); JSON-held values may come back as Long/Double, so compare after
 * {@link Fixtures#normalize(Object)}. Fixed timestamps only, no sleeps, no timed assertions.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class ConcurrencySuite extends StorageSuiteBase {
    private static final int BATCHES = 40;
    private static final int PER_BATCH = 250;

    @Test
    protected void readsRunWhileTheWriterCommitsAndSeeWholeBatches() throws Exception {
        int readers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch readersStarted = new CountDownLatch(readers);
        try {
            List<Future<Integer>> readerRuns = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                int which = r;
                readerRuns.add(pool.submit(() -> {
                    readersStarted.countDown();
                    int rounds = 0;
                    long last = 0;
                    do {
                        try {
                            long n = reads().spanCount();
                            assertThat(n % PER_BATCH)
                                    .as("a reader saw part of a batch")
                                    .isZero();
                            assertThat(n).as("span count went backwards").isGreaterThanOrEqualTo(last);
                            last = n;
                            List<Session> live = status().liveSessions(T0.minusSeconds(1), null);
                            assertThat(live)
                                    .allSatisfy(s -> assertThat(s.agentId()).startsWith("agent-"));
                            status().minuteBuckets(List.of("agent-0", "agent-1"), T0);
                            costs().cost(new CostQuery(
                                    null, null, CostGroup.values()[which % 8], null, ZoneOffset.UTC));
                            status().archivedSessions(T0, null, 50);
                            reads().spans("s-" + which);
                            status().agentIds();
                            status().lastSeen(List.of("agent-0"));
                            status().spanCostByAgentSince(T0);
                            reads().labels();
                        } catch (Throwable t) {
                            failures.add(t);
                            return rounds;
                        }
                        rounds++;
                    } while (writing.get());
                    return rounds;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                try {
                    readersStarted.await();
                    int id = 0;
                    for (int b = 0; b < BATCHES; b++) {
                        List<Span> spans = new ArrayList<>();
                        for (int i = 0; i < PER_BATCH; i++, id++) {
                            spans.add(span("c-" + id, "s-" + (id % 5), "agent-" + (id % 3), T0.plusMillis(id))
                                    .costUsd(0.001)
                                    .build());
                        }
                        List<Session> sessions = IntStream.range(0, 5)
                                .mapToObj(i -> session("s-" + i)
                                        .agent("agent-" + i % 3)
                                        .started(T0)
                                        .ended(T0.plusSeconds(1))
                                        .build())
                                .toList();
                        writer().commit(new WriteBatch(spans, List.of(), sessions));
                        if (b % 10 == 9) writer().checkpoint();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    writing.set(false);
                }
                return null;
            });
            writer.get(5, TimeUnit.MINUTES);
            for (Future<Integer> f : readerRuns)
                assertThat(f.get(5, TimeUnit.MINUTES)).isPositive();
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(reads().spanCount()).isEqualTo((long) BATCHES * PER_BATCH);
        assertThat(index().existingSpanIds(List.of("c-0", "c-9999"))).containsExactlyInAnyOrder("c-0", "c-9999");
    }

    @Test
    protected void manyThreadsReadAtOnce() throws Exception {
        commit(
                List.of(span("1", "s", "a", T0).costUsd(1.0).build()),
                List.of(),
                List.of(session("s").agent("a").ended(T0.plusSeconds(1)).build()));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Map<String, Double>>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(pool.submit(() -> {
                    go.await();
                    Map<String, Double> last = null;
                    for (int i = 0; i < 20; i++) {
                        assertThat(reads().session("s")).isPresent();
                        last = status().spanCostByAgentSince(T0);
                    }
                    return last;
                }));
            }
            go.countDown();
            for (Future<Map<String, Double>> f : runs) {
                assertThat(f.get(5, TimeUnit.MINUTES)).containsExactly(entry("a", 1.0));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
