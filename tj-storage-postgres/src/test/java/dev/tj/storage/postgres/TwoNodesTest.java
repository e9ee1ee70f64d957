package dev.tj.storage.postgres;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.session.SessionFolder;
import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes (two stores, each with its own writer, fold and node directory) on one database, each
 * taking an overlapping part of the same spans of the same sessions at the same time, as two
 * {@code tj serve} behind one balancer do. Whatever node a span reached, and however often, a
 * session's totals must equal the sum over its distinct spans: nothing lost, nothing doubled.
 */
class TwoNodesTest {
    private static final int SESSIONS = 12;
    private static final int SPANS = 3_000;
    private static final int BATCH = 60;

    @TempDir
    Path dir;

    @Test
    void overlappingBatchesOfTheSameSessionsAddUpExactly() throws Exception {
        List<Span> all = new ArrayList<>();
        for (int i = 0; i < SPANS; i++) {
            all.add(span("sp-" + i, "s-" + (i % SESSIONS), "claude-code", T0.plusMillis(i * 10L))
                    .usage(new Usage(i % 7 + 1, i % 5 + 1, i % 3, i % 2, 0))
                    .costUsd((i % 4) * 0.125) // binary fractions: sums are exact in any order
                    .durationMs((double) (i % 9))
                    .billingAccount("acct")
                    .build());
        }
        // node a gets two thirds in order, node b another two thirds shuffled: a third on both
        List<Span> toA = new ArrayList<>(), toB = new ArrayList<>();
        for (int i = 0; i < SPANS; i++) {
            if (i % 3 != 2) toA.add(all.get(i));
            if (i % 3 != 0) toB.add(all.get(i));
        }
        Collections.shuffle(toB, new Random(11));

        try (PostgresStorage a = TestDatabase.open(dir, "node-a");
                PostgresStorage b = TestDatabase.open(dir, "node-b")) {
            assertThat(a.nodeId()).isNotEqualTo(b.nodeId());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch go = new CountDownLatch(1);
                Future<?> fa = pool.submit(() -> feed(a, toA, go));
                Future<?> fb = pool.submit(() -> feed(b, toB, go));
                go.countDown();
                fa.get(5, TimeUnit.MINUTES);
                fb.get(5, TimeUnit.MINUTES);
            } finally {
                pool.shutdownNow();
            }

            assertThat(a.sessions().spanCount()).isEqualTo(SPANS);
            Map<String, long[]> expected = new HashMap<>();
            Map<String, Double> expectedCost = new HashMap<>();
            for (Span s : all) {
                long[] t = expected.computeIfAbsent(s.sessionId(), k -> new long[5]);
                t[0] += s.usage().input();
                t[1] += s.usage().output();
                t[2] += s.usage().cacheRead();
                t[3]++;
                t[4] += s.durationMs().longValue();
                expectedCost.merge(s.sessionId(), s.costUsd(), Double::sum);
            }
            // both nodes read the same answer
            for (PostgresStorage node : List.of(a, b)) {
                List<Session> sessions = node.sessions().sessions(SessionStatusFilter.ALL);
                assertThat(sessions).hasSize(SESSIONS);
                for (Session s : sessions) {
                    long[] t = expected.get(s.sessionId());
                    assertThat(s.usage().input())
                            .as("input of %s", s.sessionId())
                            .isEqualTo(t[0]);
                    assertThat(s.usage().output())
                            .as("output of %s", s.sessionId())
                            .isEqualTo(t[1]);
                    assertThat(s.usage().cacheRead())
                            .as("cache of %s", s.sessionId())
                            .isEqualTo(t[2]);
                    assertThat(s.spanCount()).as("spans of %s", s.sessionId()).isEqualTo(t[3]);
                    assertThat(s.llmCallCount())
                            .as("llm calls of %s", s.sessionId())
                            .isEqualTo(t[3]);
                    assertThat(s.activeMs()).as("active of %s", s.sessionId()).isEqualTo((double) t[4]);
                    assertThat(s.costUsd()).as("cost of %s", s.sessionId()).isEqualTo(expectedCost.get(s.sessionId()));
                    int n = Integer.parseInt(s.sessionId().substring(2));
                    assertThat(s.startedAt()).isEqualTo(T0.plusMillis(n * 10L));
                    assertThat(s.endedAt()).isEqualTo(T0.plusMillis((SPANS - SESSIONS + n) * 10L));
                    assertThat(s.agentId()).isEqualTo("claude-code");
                }
            }
        }
    }

    /** What a node's writer does: probe, fold from what it knows, commit, remember. */
    private static Void feed(PostgresStorage node, List<Span> spans, CountDownLatch go) throws InterruptedException {
        IngestStore writer = node.ingestStore();
        SessionFolder folder =
                new SessionFolder(writer, new SessionAccumulator(acct -> PlanTier.API, agent -> null), 10_000);
        go.await();
        for (int i = 0; i < spans.size(); i += BATCH) {
            List<Span> part = spans.subList(i, Math.min(spans.size(), i + BATCH));
            Set<String> stored = node.index().existingSpans(part);
            List<Span> fresh =
                    part.stream().filter(s -> !stored.contains(s.spanId())).toList();
            SessionFolder.Fold fold = folder.fold(List.of(new SessionFolder.Spans(fresh)));
            try {
                writer.commit(new WriteBatch(fold.spans(), List.of(), fold.sessions(), List.of(), i / BATCH + 1));
                folder.committed(fold);
            } catch (RuntimeException e) {
                folder.forget();
                throw e;
            }
        }
        assertThat(node.journalPosition()).isEqualTo((spans.size() - 1) / BATCH + 1);
        return null;
    }
}
