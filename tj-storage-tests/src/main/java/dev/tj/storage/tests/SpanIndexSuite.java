package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.span.Span;
import dev.tj.core.storage.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.tj.core.storage.SpanIndex}: which spans and points are stored already, exactly. <p>Conventions: timestamps keep at least microsecond precision (the tests use microsecond
 * instants); JSON-held values may come back as Long/Double, so compare after
 * {@link Fixtures#normalize(Object)}. Fixed timestamps only, no sleeps, no timed assertions.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class SpanIndexSuite extends StorageSuiteBase {
    @Test
    protected void existingSpanIdsIsExact() {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 3_000; i++)
            spans.add(span("span-" + i, "s" + (i % 7), "a", T0.plusMillis(i)).build());
        writer().commit(new WriteBatch(spans, List.of(), List.of()));

        List<String> probe = new ArrayList<>();
        for (int i = 2_000; i < 5_000; i++) probe.add("span-" + i);
        probe.add("span-1");
        probe.add("span-1"); // duplicates in the input are fine
        probe.add("span-10000");
        probe.add("span-");
        probe.add("SPAN-1");

        List<String> expected = new ArrayList<>();
        for (int i = 2_000; i < 3_000; i++) expected.add("span-" + i);
        expected.add("span-1");
        assertThat(index().existingSpanIds(probe)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(index().existingSpanIds(List.of("nope"))).isEmpty();
        assertThat(reads().spanCount()).isEqualTo(3_000);
    }

    @Test
    protected void existingSpansFindsReSentSpansWhateverTheTimeRangeOfTheBatch() {
        List<Span> stored = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            stored.add(span(
                            "t-" + i,
                            "s",
                            "a",
                            T0.plus(java.time.Duration.ofHours(i)).plusNanos(123_456))
                    .build());
        }
        writer().commit(new WriteBatch(stored, List.of(), List.of()));
        // a re-sent span carries its original start time (to the nanosecond the client sent)
        List<Span> resent = List.of(
                stored.get(3),
                stored.get(499),
                span("t-new", "s", "a", T0.plus(java.time.Duration.ofHours(3))).build());
        assertThat(index().existingSpans(resent)).containsExactlyInAnyOrder("t-3", "t-499");
        // a batch far from any stored span finds nothing, and one spanning everything finds all
        assertThat(index().existingSpans(List.of(span("t-7", "s", "a", T0.minus(java.time.Duration.ofDays(400)))
                        .build())))
                .isEmpty();
        assertThat(index().existingSpans(stored)).hasSize(500);
        assertThat(index().existingSpans(List.of())).isEmpty();
    }
}
