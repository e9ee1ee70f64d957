package dev.tj.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.InMemoryStorage;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.WriteBatch;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one fold, without a database: resolution, totals equal to the folded spans, and closes. */
class SessionFolderTest {
    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    final SessionAccumulator acc = new SessionAccumulator(a -> PlanTier.API, a -> null);
    final InMemoryStorage storage = new InMemoryStorage();
    final IngestStore store = storage.ingestStore();
    final SessionFolder folder = new SessionFolder(store, acc, 100);

    static Span.Builder call(String id, String session, int second) {
        return Span.builder()
                .spanId(id)
                .traceId("t-" + session)
                .sessionId(session)
                .agentId("claude-code")
                .name(SpanNames.LLM_CALL)
                .kind(SpanKind.CLIENT)
                .status(SpanStatus.OK)
                .startTime(T0.plusSeconds(second))
                .endTime(T0.plusSeconds(second + 1))
                .usage(new Usage(1, 10, 100, 0, 0))
                .costUsd(0.5);
    }

    /** Commits a fold the way every caller does. */
    SessionFolder.Fold commit(List<? extends SessionFolder.Step> steps) {
        SessionFolder.Fold f = folder.fold(steps);
        store.commit(new WriteBatch(f.spans(), List.of(), f.sessions()));
        folder.committed(f);
        return f;
    }

    @Test
    void totalsAreTheSumOfTheFoldedSpansAndARepeatedIdFoldsOnce() {
        SessionFolder.Fold f = commit(List.of(new SessionFolder.Spans(List.of(
                call("a", "s", 0).build(),
                call("b", "s", 1).build(),
                call("a", "s", 0).build()))));
        assertThat(f.spans()).extracting(Span::spanId).containsExactly("a", "b");
        assertThat(f.sessionsStarted()).isEqualTo(1);
        Session s = storage.sessions().session("s").orElseThrow();
        assertThat(s.spanCount()).isEqualTo(2);
        assertThat(s.usage()).isEqualTo(new Usage(2, 20, 200, 0, 0));
        assertThat(s.costUsd()).isEqualTo(1.0);
    }

    @Test
    void aLaterFoldBuildsOnTheStoredSessionEvenAfterTheCacheIsForgotten() {
        commit(List.of(new SessionFolder.Spans(List.of(call("a", "s", 0).build()))));
        folder.forget(); // e.g. after a failed commit: storage is the truth again
        SessionFolder.Fold f =
                commit(List.of(new SessionFolder.Spans(List.of(call("b", "s", 5).build()))));
        assertThat(f.sessionsStarted()).isZero();
        assertThat(storage.sessions().session("s").orElseThrow().spanCount()).isEqualTo(2);
    }

    @Test
    void aSpanWithoutSessionIdJoinsTheNewestSessionOfItsConversationElseItsTrace() {
        commit(List.of(new SessionFolder.Spans(
                List.of(call("a", "s-conv", 0).conversationId("c1").build()))));
        SessionFolder.Fold f = commit(List.of(new SessionFolder.Spans(List.of(
                call("b", null, 1).conversationId("c1").build(),
                call("c", null, 2).conversationId("c-new").build(),
                call("d", null, 3).traceId("trace-9").build()))));
        assertThat(f.spans()).extracting(Span::sessionId).containsExactly("s-conv", "c-new", "trace-9");
        assertThat(storage.sessions().session("s-conv").orElseThrow().spanCount())
                .isEqualTo(2);
    }

    @Test
    void aCloseAppliesInOrderToStoredAndJustFoldedSessionsOfTheTerminal() {
        ResourceIdentity term = new ResourceIdentity(null, "term-1", null, null);
        commit(List.of(new SessionFolder.Spans(
                List.of(call("a", "old", 0).resource(term).build()))));
        SessionFolder.Fold f = commit(List.of(
                new SessionFolder.Spans(List.of(
                        call("b", "new", 1).resource(term).build(),
                        call("c", "other", 1).build())),
                new SessionFolder.Close("term-1", null, T0.plusSeconds(10)),
                new SessionFolder.Close("term-1", null, T0.plusSeconds(11))));
        assertThat(f.closed()).containsExactly(0, 2, 0); // the second close finds nothing active
        assertThat(storage.sessions().session("old").orElseThrow().status()).isEqualTo(SessionStatus.CLOSED);
        assertThat(storage.sessions().session("new").orElseThrow().status()).isEqualTo(SessionStatus.CLOSED);
        assertThat(storage.sessions().session("other").orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
    }

    @Test
    void aCloseByIdKeepsLastActivityAndASpanAfterItReopens() {
        commit(List.of(new SessionFolder.Spans(List.of(call("a", "s", 0).build()))));
        SessionFolder.Fold f = commit(List.of(
                new SessionFolder.Close(null, "s", T0.plusSeconds(60)),
                new SessionFolder.Close(null, "missing", T0.plusSeconds(60))));
        assertThat(f.closed()).containsExactly(1, 0);
        Session closed = storage.sessions().session("s").orElseThrow();
        assertThat(closed.status()).isEqualTo(SessionStatus.CLOSED);
        assertThat(closed.lastActivity()).isEqualTo(T0.plusSeconds(1));
        commit(List.of(new SessionFolder.Spans(List.of(call("b", "s", 120).build()))));
        assertThat(storage.sessions().session("s").orElseThrow().status()).isEqualTo(SessionStatus.ACTIVE);
    }
}
