package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.normalize;
import static dev.tj.storage.tests.Fixtures.normalizeSpans;
import static dev.tj.storage.tests.Fixtures.point;
import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.WriteBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.tj.core.storage.IngestStore}: read positions and labels, the journal position, and
 * everything surviving a checkpoint and a reopen. <p>Conventions: timestamps keep at least microsecond precision (the tests use microsecond
 * instants); JSON-held values may come back as Long/Double, so compare after
 * {@link Fixtures#normalize(Object)}. Fixed timestamps only, no sleeps, no timed assertions.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class IngestStoreSuite extends StorageSuiteBase {
    @Test
    protected void readPositionsCommitWithTheBatchAndReplaceByPath() {
        SourceFile a1 = new SourceFile("/p/a.jsonl", 100, T0, 80);
        SourceFile b = new SourceFile("/p/b.jsonl", 5, T0.plusNanos(1_000), 5);
        writer().commit(new WriteBatch(List.of(span("1", "s", "a", T0).build()), List.of(), List.of(), List.of(a1, b)));
        assertThat(reads().sourceFiles()).containsOnly(entry("/p/a.jsonl", a1), entry("/p/b.jsonl", b));

        SourceFile a2 = new SourceFile("/p/a.jsonl", 200, T0.plusSeconds(60), 200);
        writer().commit(new WriteBatch(List.of(), List.of(), List.of(), List.of(a2)));
        assertThat(reads().sourceFiles()).containsOnly(entry("/p/a.jsonl", a2), entry("/p/b.jsonl", b));
    }

    /** Whether or not a backend groups, staged batches are all stored once the group commits. */
    @Test
    protected void stagedBatchesAreStoredWhenTheGroupCommits() {
        writer().stage(new WriteBatch(
                List.of(span("st-1", "s-st", "a", T0).build()),
                List.of(),
                List.of(session("s-st").build())));
        writer().stage(new WriteBatch(
                List.of(span("st-2", "s-st", "a", T0.plusSeconds(1)).build()), List.of(), List.of()));
        assertThat(writer().sessions(List.of("s-st")))
                .as("the writer sees its own group")
                .containsKey("s-st");
        writer().commitGroup();
        writer().abandonGroup(); // nothing open any more: nothing to lose
        writer().commitGroup();
        assertThat(reads().spans("s-st")).extracting(Span::spanId).containsExactlyInAnyOrder("st-1", "st-2");
        assertThat(reads().session("s-st")).isPresent();
        assertThat(writer().groupRows()).isNotNegative();
    }

    @Test
    protected void labelsSetReplaceAndClear() {
        writer().setLabel("s1", "Fix the bug", T0);
        writer().setLabel("s2", "Refactor", T0);
        writer().setLabel("s1", "Fix the other bug", T0.plusSeconds(1));
        assertThat(reads().labels()).containsOnly(entry("s1", "Fix the other bug"), entry("s2", "Refactor"));
        writer().clearLabel("s2");
        writer().clearLabel("never-labelled");
        assertThat(reads().labels()).containsOnly(entry("s1", "Fix the other bug"));
    }

    @Test
    protected void theJournalPositionCommitsWithItsDataSurvivesAReopenAndNeverGoesDown() {
        writer().commit(new WriteBatch(
                List.of(span("j-1", "s-j", "a", T0).build()), List.of(), List.of(), List.of(), 7));
        assertThat(storage.journalPosition()).isEqualTo(7);
        writer().commit(new WriteBatch(
                List.of(span("j-2", "s-j", "a", T0).build()), List.of(), List.of(), List.of(), 3));
        assertThat(storage.journalPosition()).as("an older frame applied late").isEqualTo(7);
        writer().commit(new WriteBatch(List.of(span("j-3", "s-j", "a", T0).build()), List.of(), List.of()));
        assertThat(storage.journalPosition())
                .as("a batch without journal frames")
                .isEqualTo(7);
        storage = reopen(storage, dir);
        assertThat(storage.journalPosition()).isEqualTo(7);
        assertThat(index().existingSpanIds(List.of("j-1", "j-2", "j-3")))
                .containsExactlyInAnyOrder("j-1", "j-2", "j-3");
    }

    @Test
    protected void everythingSurvivesAReopen() {
        Span full = Fixtures.fullSpan("span-full", "s1");
        Session s1 = session("s1")
                .agent("claude-code")
                .conversation("conv-1")
                .ended(T0.plusSeconds(2))
                .usage(new Usage(1, 2, 3, 4, 5))
                .cost(0.5)
                .plan(PlanTier.PRO)
                .instance("term")
                .build();
        MetricPoint p = point("p1", "s1", "claude-code", T0, 7);
        SourceFile f = new SourceFile("/x.jsonl", 1, T0, 1);
        writer().commit(new WriteBatch(List.of(full), List.of(p), List.of(s1), List.of(f)));
        writer().setLabel("s1", "mine", T0);

        storage = reopen(storage, dir);

        assertThat(normalizeSpans(reads().spans("s1"))).containsExactly(normalize(full));
        assertThat(reads().session("s1")).contains(s1);
        assertThat(reads().metricPoints("s1").stream().map(Fixtures::normalize).toList())
                .containsExactly(normalize(p));
        assertThat(reads().sourceFiles()).containsOnly(entry("/x.jsonl", f));
        assertThat(reads().labels()).containsOnly(entry("s1", "mine"));
        assertThat(status().agentIds()).containsExactly("claude-code");
        assertThat(status().lastSeen(List.of("claude-code"))).containsOnly(entry("claude-code", T0.plusSeconds(2)));
        assertThat(index().existingSpanIds(List.of("span-full"))).containsExactly("span-full");
        assertThat(index().existingPointIds(List.of("p1"))).containsExactly("p1");
        assertThat(writer().sessionIdForConversation("conv-1")).contains("s1");
        assertThat(writer().activeSessionsOfInstance("term")).containsExactly(s1);

        // and the reopened store keeps working
        commitSpans(span("after", "s1", "claude-code", T0.plusSeconds(3)).build());
        assertThat(reads().spanCount()).isEqualTo(2);
    }

    @Test
    protected void checkpointKeepsEverything() {
        commitSpans(span("1", "s", "a", T0).build());
        writer().checkpoint();
        commitSpans(span("2", "s", "a", T0.plusSeconds(1)).build());
        writer().checkpoint();
        storage = reopen(storage, dir);
        assertThat(reads().spans("s")).extracting(Span::spanId).containsExactly("1", "2");
    }

    @Test
    protected void closeIsIdempotent() {
        commitSpans(span("1", "s", "a", T0).build());
        storage.close();
        storage.close();
        storage = open(dir);
        assertThat(reads().spanCount()).isEqualTo(1);
    }
}
