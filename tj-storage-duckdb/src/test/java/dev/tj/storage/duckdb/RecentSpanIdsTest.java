package dev.tj.storage.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.span.Span;
import dev.tj.core.storage.WriteBatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentSpanIdsTest {
    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    static Span span(String id, Instant start) {
        return Span.builder()
                .spanId(id)
                .traceId("t")
                .sessionId("s")
                .agentId("a")
                .name("gen_ai.llm.call")
                .startTime(start)
                .build();
    }

    @Test
    void coversOnlyTimesAfterWhatWasStoredAtOpenAndAfterForgottenGenerations() {
        RecentSpanIds r = new RecentSpanIds(2, T0);
        assertThat(r.covers(T0)).isFalse();
        assertThat(r.covers(T0.plusSeconds(1))).isTrue();
        r.addCommitted(List.of(span("a", T0.plusSeconds(10)), span("b", T0.plusSeconds(20))));
        assertThat(r.mightContain("a")).isTrue();
        assertThat(r.mightContain("c")).isFalse();
        // two more rotate "a","b" into the previous generation; two more after that forget them
        r.addCommitted(List.of(span("c", T0.plusSeconds(30)), span("d", T0.plusSeconds(40))));
        assertThat(r.mightContain("a")).isTrue();
        assertThat(r.covers(T0.plusSeconds(15))).isTrue();
        r.addCommitted(List.of(span("e", T0.plusSeconds(50))));
        assertThat(r.mightContain("a")).isFalse();
        assertThat(r.covers(T0.plusSeconds(20)))
                .as("a forgotten span could have started then")
                .isFalse();
        assertThat(r.covers(T0.plusSeconds(21))).isTrue();
    }

    @Test
    void longSetHoldsManyValuesIncludingZero() {
        RecentSpanIds.LongSet set = new RecentSpanIds.LongSet(4);
        for (long i = -5_000; i < 5_000; i++) set.add(i * 7919);
        assertThat(set.size()).isEqualTo(10_000);
        assertThat(set.contains(0)).isTrue();
        assertThat(set.contains(7919 * 4_999L)).isTrue();
        assertThat(set.contains(3)).isFalse(); // (1 would answer true: 0 is kept as 1, a harmless collision)
    }

    @Test
    void reSentSpansAreFoundAcrossAReopenAndInMemory(@TempDir Path dir) {
        Path db = dir.resolve("t.duckdb");
        List<Span> first = new ArrayList<>();
        for (int i = 0; i < 100; i++) first.add(span("old-" + i, T0.plusSeconds(i)));
        try (DuckDbStorage s = DuckDbStorage.open(db)) {
            s.ingestStore().commit(new WriteBatch(first, List.of(), List.of()));
            // in memory, no reopen
            assertThat(s.index().existingSpans(List.of(first.get(5), span("new-1", T0.plusSeconds(500)))))
                    .containsExactly("old-5");
        }
        try (DuckDbStorage s = DuckDbStorage.open(db)) {
            // after a reopen the same spans are older than what was stored at open: the database answers
            assertThat(s.index().existingSpans(List.of(first.get(99), first.get(0), span("new-2", T0.plusSeconds(99)))))
                    .containsExactlyInAnyOrder("old-99", "old-0");
            List<Span> later = List.of(span("late-1", T0.plusSeconds(1000)));
            s.ingestStore().commit(new WriteBatch(later, List.of(), List.of()));
            assertThat(s.index().existingSpans(later)).containsExactly("late-1");
            assertThat(s.index().existingSpans(List.of(span("late-2", T0.plusSeconds(1001)))))
                    .isEmpty();
        }
    }

    /** The latest stored span started at a time with nanoseconds; the database kept microseconds. */
    @Test
    void aReSentSpanThatStartedLastIsFoundAfterAReopenDespiteNanoseconds(@TempDir Path dir) {
        Path db = dir.resolve("t.duckdb");
        Instant nanos = T0.plusNanos(123_456_789);
        List<Span> first = List.of(span("early", T0), span("last", nanos));
        try (DuckDbStorage s = DuckDbStorage.open(db)) {
            s.ingestStore().commit(new WriteBatch(first, List.of(), List.of()));
        }
        try (DuckDbStorage s = DuckDbStorage.open(db)) {
            assertThat(s.index().existingSpans(first)).containsExactlyInAnyOrder("early", "last");
            assertThat(s.index().existingSpans(List.of(span("next", nanos.plusNanos(1_000)))))
                    .isEmpty();
        }
        RecentSpanIds r = new RecentSpanIds(2, T0.plusNanos(123_456_000));
        assertThat(r.covers(nanos)).as("the same microsecond as the stored one").isFalse();
        assertThat(r.covers(T0.plusNanos(123_457_000))).isTrue();
    }
}
