package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.normalize;
import static dev.tj.storage.tests.Fixtures.normalizeSpans;
import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tj.core.session.Session;
import dev.tj.core.span.Span;
import dev.tj.core.storage.BulkLoad;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link BulkLoad} part of the storage contract (a first backfill): spans handed over in pieces
 * commit with their sessions and read positions, all or nothing, and are then found like any other.
 */
public abstract class BulkLoadConformanceSuite extends StorageSuiteBase {
    private final Span a =
            span("bulk-a", "s-bulk", "claude-code", T0).costUsd(0.5).build();
    private final Span b =
            span("bulk-b", "s-bulk", "claude-code", T0.plusSeconds(1)).build();
    private final Span orphan =
            span("bulk-c", "s-none", "span-only-agent", T0.plusSeconds(2)).build();
    private final Session bulkSession =
            session("s-bulk").agent("claude-code").started(T0).build();
    private final SourceFile file = new SourceFile("/t/bulk.jsonl", 300, T0, 300);

    @Test
    protected void spansAddedInPiecesCommitWithTheirSessionsAndReadPositions() {
        try (BulkLoad load = writer().bulkLoad()) {
            load.add(List.of(a));
            load.add(List.of(b, orphan));
            assertThat(reads().spanCount()).isZero(); // nothing before the commit
            load.commit(List.of(bulkSession), List.of(file));
        }
        assertThat(reads().spans("s-bulk")).extracting(Span::spanId).containsExactly("bulk-a", "bulk-b");
        assertThat(reads().spanCount()).isEqualTo(3);
        assertThat(reads().session("s-bulk")).contains(bulkSession);
        assertThat(reads().sourceFiles()).containsOnly(entry("/t/bulk.jsonl", file));
        assertThat(status().agentIds()).containsExactly("claude-code", "span-only-agent");
        assertThat(status().lastSeen(List.of("span-only-agent")))
                .containsOnly(entry("span-only-agent", T0.plusSeconds(2)));
        assertThat(status().spanCostByAgentSince(T0)).containsEntry("claude-code", 0.5);
    }

    @Test
    protected void storedSpansAreFoundByBothDuplicateChecks() {
        try (BulkLoad load = writer().bulkLoad()) {
            load.add(List.of(a, b, orphan));
            load.commit(List.of(bulkSession), List.of());
        }
        assertThat(index().existingSpanIds(List.of("bulk-a", "bulk-b", "bulk-c", "other")))
                .containsExactlyInAnyOrder("bulk-a", "bulk-b", "bulk-c");
        Span later = span("other", "s-bulk", "claude-code", T0.plusSeconds(3)).build();
        assertThat(index().existingSpans(List.of(a, b, orphan, later)))
                .containsExactlyInAnyOrder("bulk-a", "bulk-b", "bulk-c");
    }

    @Test
    protected void theLoadGoesOnAfterACommitAndCloseDropsOnlyTheUncommittedRest() {
        Session grown = session("s-bulk")
                .agent("claude-code")
                .started(T0)
                .ended(T0.plusSeconds(1))
                .build();
        try (BulkLoad load = writer().bulkLoad()) {
            load.add(List.of(a));
            load.commit(List.of(bulkSession), List.of(file));
            load.add(List.of(b));
            load.commit(List.of(grown), List.of());
            load.add(List.of(orphan));
        }
        assertThat(reads().spanCount()).isEqualTo(2);
        assertThat(index().existingSpanIds(List.of("bulk-c"))).isEmpty();
        assertThat(reads().sessions(SessionStatusFilter.ALL)).containsExactly(grown);
        assertThat(reads().sourceFiles()).containsOnlyKeys("/t/bulk.jsonl");

        commitSpans(orphan); // the store takes plain commits after the load
        assertThat(reads().spanCount()).isEqualTo(3);
    }

    @Test
    protected void anIdTwiceInTheLoadFailsItsCommitAndStoresNothingOfIt() {
        Span again = span("bulk-a", "s-bulk", "claude-code", T0.plusSeconds(5)).build();
        try (BulkLoad load = writer().bulkLoad()) {
            load.add(List.of(a, b));
            assertThatThrownBy(() -> {
                        load.add(List.of(again));
                        load.commit(List.of(bulkSession), List.of(file));
                    })
                    .isInstanceOf(RuntimeException.class);
        }
        assertThat(reads().spanCount()).isZero();
        assertThat(reads().session("s-bulk")).isEmpty();
        assertThat(reads().sourceFiles()).isEmpty();
        commitSpans(a);
        assertThat(reads().spanCount()).isEqualTo(1);
    }

    @Test
    protected void everySpanFieldRoundTripsAndSurvivesAReopen() {
        Span full = Fixtures.fullSpan("span-full", "s1");
        try (BulkLoad load = writer().bulkLoad()) {
            load.add(List.of(full));
            load.commit(List.of(), List.of());
        }
        storage = reopen(storage, dir);
        assertThat(normalizeSpans(reads().spans("s1"))).containsExactly(normalize(full));
    }
}
