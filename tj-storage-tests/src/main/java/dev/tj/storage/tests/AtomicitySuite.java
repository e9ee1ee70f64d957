package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.point;
import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.WriteBatch;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.tj.core.storage.IngestStore#commit}: a batch is stored whole or not at all, and the
 * store stays usable after a refused batch. <p>Conventions: timestamps keep at least microsecond precision (the tests use microsecond
 * instants); JSON-held values may come back as Long/Double, so compare after
 * {@link Fixtures#normalize(Object)}. Fixed timestamps only, no sleeps, no timed assertions.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class AtomicitySuite extends StorageSuiteBase {
    private final Span good1 =
            span("new-1", "s-new", "new-agent", T0.plusSeconds(10)).costUsd(1.0).build();
    private final Span good2 =
            span("new-2", "s-new", "new-agent", T0.plusSeconds(11)).build();
    private final MetricPoint goodPoint = point("p-new", "s-new", "new-agent", T0.plusSeconds(10), 3);
    private final SourceFile file = new SourceFile("/t/new.jsonl", 100, T0, 100);
    private final Session goodSession =
            session("s-new").agent("new-agent").started(T0.plusSeconds(10)).build();

    @BeforeEach
    void baseline() {
        writer().commit(new WriteBatch(
                List.of(span("old-1", "s-old", "old-agent", T0).build()),
                List.of(point("p-old", "s-old", "old-agent", T0, 1)),
                List.of(session("s-old").agent("old-agent").build()),
                List.of(new SourceFile("/t/old.jsonl", 10, T0, 10))));
    }

    private void assertNothingOfTheBatch() {
        assertThat(reads().spanCount()).isEqualTo(1);
        assertThat(index().existingSpanIds(List.of("old-1", "new-1", "new-2", "dup")))
                .containsExactly("old-1");
        assertThat(index().existingPointIds(List.of("p-old", "p-new"))).containsExactly("p-old");
        assertThat(reads().session("s-new")).isEmpty();
        assertThat(reads().spans("s-new")).isEmpty();
        assertThat(reads().metricPoints("s-new")).isEmpty();
        assertThat(reads().sourceFiles()).containsOnlyKeys("/t/old.jsonl");
        assertThat(reads().sourceFiles().get("/t/old.jsonl").offset()).isEqualTo(10);
        assertThat(status().agentIds()).containsExactly("old-agent");
        assertThat(status().lastSeen(List.of("old-agent", "new-agent"))).containsOnlyKeys("old-agent");
        assertThat(status().spanCostByAgentSince(T0)).doesNotContainKey("new-agent");
    }

    private void assertStillUsable() {
        writer().commit(new WriteBatch(List.of(good1, good2), List.of(goodPoint), List.of(goodSession), List.of(file)));
        assertThat(reads().spanCount()).isEqualTo(3);
        assertThat(reads().spans("s-new")).extracting(Span::spanId).containsExactly("new-1", "new-2");
        assertThat(reads().session("s-new")).contains(goodSession);
        assertThat(reads().sourceFiles()).containsKeys("/t/old.jsonl", "/t/new.jsonl");
    }

    private void assertRejected(WriteBatch bad) {
        assertThatThrownBy(() -> writer().commit(bad)).isInstanceOf(RuntimeException.class);
        assertNothingOfTheBatch();
        assertStillUsable();
    }

    @Test
    protected void duplicateSpanIdInsideTheBatch() {
        Span dupA = span("dup", "s-new", "new-agent", T0).build();
        Span dupB = span("dup", "s-new", "new-agent", T0.plusSeconds(1)).build();
        assertRejected(new WriteBatch(
                List.of(good1, dupA, good2, dupB), List.of(goodPoint), List.of(goodSession), List.of(file)));
    }

    @Test
    protected void sessionMissingItsAgentAfterEverythingElse() {
        Session bad = session("s-bad").agent(null).build();
        assertRejected(
                new WriteBatch(List.of(good1, good2), List.of(goodPoint), List.of(goodSession, bad), List.of(file)));
    }

    @Test
    protected void sessionMissingItsId() {
        Session bad = session(null).agent("new-agent").build();
        assertRejected(
                new WriteBatch(List.of(good1, good2), List.of(goodPoint), List.of(goodSession, bad), List.of(file)));
    }

    @Test
    protected void sessionMissingItsStart() {
        Session bad = session("s-new").started(null).agent("new-agent").build();
        assertRejected(new WriteBatch(List.of(good1, good2), List.of(goodPoint), List.of(bad), List.of(file)));
    }

    @Test
    protected void metricPointMissingItsId() {
        MetricPoint bad = new MetricPoint(null, "s-new", "new-agent", "m", "1", T0, 1, null);
        assertRejected(
                new WriteBatch(List.of(good1, good2), List.of(goodPoint, bad), List.of(goodSession), List.of(file)));
    }

    @Test
    protected void duplicatePointIdInsideTheBatch() {
        assertRejected(new WriteBatch(
                List.of(good1, good2), List.of(goodPoint, goodPoint), List.of(goodSession), List.of(file)));
    }

    @Test
    protected void aFailedBatchDoesNotAdvanceTheJournalPosition() {
        writer().commit(new WriteBatch(List.of(), List.of(), List.of(), List.of(), 5));
        Session bad = session("s-bad").agent(null).build();
        assertThatThrownBy(() -> writer().commit(new WriteBatch(
                        List.of(good1, good2), List.of(goodPoint), List.of(goodSession, bad), List.of(file), 9)))
                .isInstanceOf(RuntimeException.class);
        assertThat(storage.journalPosition()).isEqualTo(5);
        assertNothingOfTheBatch();
    }

    @Test
    protected void aFailedBatchDoesNotSurviveAReopen() {
        Session bad = session("s-bad").agent(null).build();
        assertThatThrownBy(() -> writer().commit(new WriteBatch(
                        List.of(good1, good2), List.of(goodPoint), List.of(goodSession, bad), List.of(file))))
                .isInstanceOf(RuntimeException.class);
        storage = reopen(storage, dir);
        assertNothingOfTheBatch();
    }
}
