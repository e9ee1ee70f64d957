package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.StorageClosedException;
import dev.tj.core.storage.WriteBatch;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store as a whole: a fresh store answers every contract empty, and an empty batch or empty
 * inputs change nothing. <p>Conventions: timestamps keep at least microsecond precision (the tests use microsecond
 * instants); JSON-held values may come back as Long/Double, so compare after
 * {@link Fixtures#normalize(Object)}. Fixed timestamps only, no sleeps, no timed assertions.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class StorageComponentSuite extends StorageSuiteBase {
    @Test
    protected void freshStoreIsEmpty() {
        assertThat(reads().spanCount()).isZero();
        assertThat(reads().sessions(SessionStatusFilter.ALL)).isEmpty();
        assertThat(writer().sessions(List.of("x"))).isEmpty();
        assertThat(reads().session("x")).isEmpty();
        assertThat(status().agentIds()).isEmpty();
        assertThat(status().liveSessions(T0, null)).isEmpty();
        assertThat(status().archivedSessions(T0, null, 10)).isEmpty();
        assertThat(status().spanCostByAgentSince(T0)).isEmpty();
        assertThat(status().minuteBuckets(List.of("a"), T0)).isEmpty();
        assertThat(status().lastSeen(List.of("a"))).isEmpty();
        assertThat(status().planTierMix(null)).isEmpty();
        assertThat(reads().spans("x")).isEmpty();
        assertThat(reads().metricPoints("x")).isEmpty();
        assertThat(reads().sourceFiles()).isEmpty();
        assertThat(reads().labels()).isEmpty();
        assertThat(index().existingSpanIds(List.of("a", "b"))).isEmpty();
        assertThat(index().existingPointIds(List.of("a"))).isEmpty();
        assertThat(writer().sessionIdForConversation("c")).isEmpty();
        assertThat(writer().activeSessionsOfInstance("i")).isEmpty();
        assertThat(storage.journalPosition()).isZero();
        for (CostGroup g : CostGroup.values()) {
            assertThat(costs().cost(new CostQuery(null, null, g, null, ZoneOffset.UTC)))
                    .isEmpty();
        }
    }

    @Test
    protected void emptyInputsAndEmptyBatch() {
        writer().commit(new WriteBatch(List.of(), List.of(), List.of(), List.of()));
        assertThat(index().existingSpanIds(List.of())).isEmpty();
        assertThat(index().existingPointIds(List.of())).isEmpty();
        assertThat(writer().sessions(List.of())).isEmpty();
        assertThat(status().minuteBuckets(List.of(), T0)).isEmpty();
        assertThat(status().lastSeen(List.of())).isEmpty();
        assertThat(reads().spanCount()).isZero();
    }

    @Test
    protected void theWriteSideIsHandedOutOnce() {
        writer();
        assertThatThrownBy(() -> storage.ingestStore()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    protected void aClosedStoreSaysSoWithATypedSignal() {
        IngestStore w = writer();
        storage.close();
        assertThatThrownBy(() -> storage.sessions().spanCount()).isInstanceOf(StorageClosedException.class);
        assertThatThrownBy(() -> storage.status().agentIds()).isInstanceOf(StorageClosedException.class);
        assertThatThrownBy(() -> storage.index().existingSpanIds(List.of("a")))
                .isInstanceOf(StorageClosedException.class);
        assertThatThrownBy(() ->
                        w.commit(new WriteBatch(List.of(span("x", "s", "a", T0).build()), List.of(), List.of())))
                .isInstanceOf(StorageClosedException.class);
        storage = null; // closed already
    }
}
