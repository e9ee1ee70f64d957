package dev.tj.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.core.config.TjConfig;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.storage.CostReads;
import dev.tj.core.storage.InMemoryStorage;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.RunReads;
import dev.tj.core.storage.SessionReads;
import dev.tj.core.storage.SessionRollupReads;
import dev.tj.core.storage.SnapshotReads;
import dev.tj.core.storage.SpanIndex;
import dev.tj.core.storage.StatusQueries;
import dev.tj.core.storage.Storage;
import dev.tj.core.storage.StorageUnavailableException;
import dev.tj.core.storage.WriteBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer while storage is unreachable (a database restarting): records are answered from the
 * journal up to the backlog limit, then refused; nothing answered is set aside or dropped, and all
 * of it is applied once, without doubling what storage had already, when storage is back.
 */
class StorageOutageTest {
    @TempDir
    Path dir;

    /** The in-memory store, unreachable while {@link #down} is set. */
    static final class Flaky implements Storage {
        final InMemoryStorage real = new InMemoryStorage();
        final IngestStore writes = real.ingestStore();
        volatile boolean down;

        void check() {
            if (down) throw new StorageUnavailableException("test: storage is down", null);
        }

        @Override
        public SpanIndex index() {
            return new SpanIndex() {
                @Override
                public Set<String> existingSpanIds(Collection<String> ids) {
                    check();
                    return real.index().existingSpanIds(ids);
                }

                @Override
                public Set<String> existingPointIds(Collection<String> ids) {
                    check();
                    return real.index().existingPointIds(ids);
                }
            };
        }

        @Override
        public IngestStore ingestStore() {
            return new IngestStore() {
                @Override
                public Map<String, Session> sessions(Collection<String> ids) {
                    check();
                    return writes.sessions(ids);
                }

                @Override
                public Optional<String> sessionIdForConversation(String id) {
                    check();
                    return writes.sessionIdForConversation(id);
                }

                @Override
                public List<Session> activeSessionsOfInstance(String id) {
                    check();
                    return writes.activeSessionsOfInstance(id);
                }

                @Override
                public void commit(WriteBatch batch) {
                    check();
                    writes.commit(batch);
                }

                @Override
                public void setLabel(String sessionId, String label, Instant at) {
                    check();
                    writes.setLabel(sessionId, label, at);
                }

                @Override
                public void clearLabel(String sessionId) {
                    check();
                    writes.clearLabel(sessionId);
                }

                @Override
                public void saveSnapshot(MethodSnapshot snapshot) {
                    check();
                    writes.saveSnapshot(snapshot);
                }

                @Override
                public void checkpoint() {}
            };
        }

        @Override
        public SessionReads sessions() {
            return real.sessions();
        }

        @Override
        public StatusQueries status() {
            return real.status();
        }

        @Override
        public CostReads costs() {
            return real.costs();
        }

        @Override
        public SessionRollupReads rollups() {
            return real.rollups();
        }

        @Override
        public RunReads runs() {
            return real.runs();
        }

        @Override
        public SnapshotReads snapshots() {
            return real.snapshots();
        }

        @Override
        public long journalPosition() {
            check();
            return real.journalPosition();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @Test
    void answeredFromTheJournalWhileStorageIsDownThenRefusedThenAppliedOnceWhenBack() throws Exception {
        Flaky storage = new Flaky();
        IngestMetrics metrics = new IngestMetrics();
        try (BatchWriter writer = new BatchWriter(
                storage,
                new SessionAccumulator(a -> PlanTier.API, a -> null),
                metrics,
                new TjConfig.Ingest(100, 10),
                IngestJournal.open(dir.resolve("journal"), 0))) {
            assertThat(writer.submit(BatchWriterTest.calls("s", 0, 10), List.of())
                            .get(30, TimeUnit.SECONDS))
                    .isEqualTo(new WriteOutcome(10, 0));
            assertThat(writer.awaitApplied(Duration.ofSeconds(30))).isTrue();
            assertThat(writer.storageUnavailableSince()).isEmpty();

            storage.down = true;
            // answered although storage is away, including records storage has already (5..9)
            for (int i = 0; i < 9; i++) {
                assertThat(writer.submit(BatchWriterTest.calls("s", 5 + 10 * i, 10), List.of())
                                .get(30, TimeUnit.SECONDS)
                                .stored())
                        .isEqualTo(10);
            }
            assertThat(writer.storageUnavailableSince()).isPresent();
            // the backlog holds its limit: refused, with the longer pause of an outage
            assertThatThrownBy(() -> writer.submit(BatchWriterTest.calls("s", 200, 20), List.of()))
                    .isInstanceOfSatisfying(
                            Overloaded.class,
                            o -> assertThat(o.retryAfterSeconds()).isEqualTo(BatchWriter.OUTAGE_RETRY_SECONDS));
            assertThat(storage.real.sessions().session("s").orElseThrow().spanCount())
                    .isEqualTo(10);

            storage.down = false;
            assertThat(writer.awaitApplied(Duration.ofSeconds(30))).isTrue();
            assertThat(writer.storageUnavailableSince()).isEmpty();
            // 0..94 once each: 5..9 came twice and are counted once
            assertThat(storage.real.sessions().session("s").orElseThrow().spanCount())
                    .isEqualTo(95);
            assertThat(metrics.recordsQuarantined()).isZero();
            assertThat(metrics.queuedRecords()).isZero();
        }
    }
}
