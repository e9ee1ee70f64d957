package dev.tj.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.ingest.WriterJob.Journaled;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanNames;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a group keeps to complete its batches: frame ids, the journal range, the last fold of each session. */
class OpenGroupTest {
    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    final SessionAccumulator acc = new SessionAccumulator(a -> null, a -> null);

    static Span span(String id, String session, int second) {
        return Span.builder()
                .spanId(id)
                .traceId("t")
                .sessionId(session)
                .agentId("claude-code")
                .name(SpanNames.LLM_CALL)
                .startTime(T0.plusSeconds(second))
                .endTime(T0.plusSeconds(second + 1))
                .build();
    }

    static MetricPoint point(String id) {
        return new MetricPoint(id, "a", "claude-code", "claude_code.cost.usage", "USD", T0, 1.0, Map.of());
    }

    @Test
    void keepsIdsRangeAndTheLastFoldOfEachSessionUntilClosed() {
        OpenGroup g = new OpenGroup();
        assertThat(g.open()).isFalse();
        Session a1 = acc.start(span("a-1", "a", 0));
        Session b1 = acc.start(span("b-1", "b", 0));
        g.add(
                List.of(
                        new Journaled(7, List.of(span("a-1", "a", 0), span("b-1", "b", 0)), List.of(), false),
                        new Journaled(8, List.of(), List.of(point("p-1")), false)),
                List.of(a1, b1),
                2);
        Session a2 = a1.withStatus(a1.status(), T0.plusSeconds(5));
        g.add(List.of(new Journaled(9, List.of(span("a-2", "a", 4)), List.of(), true)), List.of(a2), 1);
        assertThat(g.open()).isTrue();
        assertThat(g.spans()).isEqualTo(3);
        assertThat(g.records()).isEqualTo(4);

        OpenGroup.Closed c = g.close();
        assertThat(c.firstSeq()).isEqualTo(7);
        assertThat(c.lastSeq()).isEqualTo(9);
        assertThat(c.jobs()).isEqualTo(3);
        assertThat(c.applied())
                .extracting(WriterJob.Applied::spanIds)
                .containsExactly(List.of("a-1", "b-1"), List.of(), List.of("a-2"));
        assertThat(c.applied().get(1).pointIds()).containsExactly("p-1");
        assertThat(c.sessions()).as("one row per session, its last fold").containsExactly(a2, b1);

        assertThat(g.open()).isFalse();
        assertThat(g.spans()).isZero();
        assertThat(g.close().applied()).isEmpty();
    }
}
