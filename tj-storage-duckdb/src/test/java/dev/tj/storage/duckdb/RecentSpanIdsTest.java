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
    void coversOnlyTimesAfterWhatWasStoredAtOpenAndAfterForgottenSeconds() {
        RecentSpanIds r = new RecentSpanIds(2, T0);
        assertThat(r.covers(T0)).isFalse();
        assertThat(r.covers(T0.plusSeconds(1))).isTrue();
        Span a = span("a", T0.plusSeconds(10)), b = span("b", T0.plusSeconds(20));
        r.addCommitted(List.of(a, b));
        assertThat(r.mightContain(a)).isTrue();
        assertThat(r.surelyNew(a)).isFalse();
        assertThat(r.surelyNew(span("c", T0.plusSeconds(10)))).isTrue();
        assertThat(r.mightContain(span("a", T0.plusSeconds(11))))
                .as("a span id comes with one start time: only its own second is looked at")
                .isFalse();
        // past the capacity the earliest-starting seconds go
        r.addCommitted(List.of(span("c", T0.plusSeconds(30))));
        assertThat(r.size()).isEqualTo(2);
        assertThat(r.mightContain(a)).isFalse();
        assertThat(r.mightContain(b)).isTrue();
        assertThat(r.covers(T0.plusSeconds(10).plusMillis(999)))
                .as("a forgotten span could have started then")
                .isFalse();
        assertThat(r.surelyNew(a)).isFalse();
        assertThat(r.covers(T0.plusSeconds(11))).isTrue();
    }

    @Test
    void aSessionThatLagsBehindTheOthersStaysCoveredWhileNewerSpansArrive() {
        RecentSpanIds r = new RecentSpanIds(4, null);
        // a lagging session committed its span at 10 s; the others have reached 100 s
        Span lagging = span("lag-1", T0.plusSeconds(10));
        r.addCommitted(List.of(span("x-1", T0.plusSeconds(100)), lagging));
        r.addCommitted(List.of(span("x-2", T0.plusSeconds(101)), span("lag-2", T0.plusSeconds(11))));
        // the lagging session's next span, committed after newer ones, is answered from memory
        r.addCommitted(List.of(span("x-3", T0.plusSeconds(102))));
        assertThat(r.size()).isEqualTo(4);
        assertThat(r.covers(T0.plusSeconds(11))).isTrue();
        assertThat(r.surelyNew(span("lag-3", T0.plusSeconds(12)))).isTrue();
        assertThat(r.mightContain(span("lag-2", T0.plusSeconds(11)))).isTrue();
        assertThat(r.mightContain(lagging))
                .as("the earliest start was forgotten")
                .isFalse();
        assertThat(r.surelyNew(lagging)).isFalse();
        // a span older than the horizon is not remembered again (it would be the first to go)
        r.addCommitted(List.of(span("old", T0.plusSeconds(5))));
        assertThat(r.size()).isEqualTo(4);
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
