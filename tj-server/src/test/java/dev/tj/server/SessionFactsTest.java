package dev.tj.server;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.session.Session;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.InMemoryStorage;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.SpanFacts;
import dev.tj.core.storage.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The span facts of a session are held while its stored row is unchanged, and within a budget. */
class SessionFactsTest {
    final InMemoryStorage storage = new InMemoryStorage();
    final IngestStore writer = storage.ingestStore();

    /** The session with {@code spans} spans in all (those it had are kept). */
    Session store(String id, int spans) {
        int had = storage.rollups().spanFacts(id).size();
        List<dev.tj.core.span.Span> batch = new ArrayList<>();
        for (int i = had; i < spans; i++)
            batch.add(span(id + "-" + i, id, "claude-code", T0.plusSeconds(i))
                    .usage(new Usage(1, 2, 3, 0, 0))
                    .build());
        Session s = session(id).agent("claude-code").counts(spans, spans, 0, 0).build();
        writer.commit(new WriteBatch(batch, List.of(), List.of(s)));
        return s;
    }

    @Test
    void anUnchangedSessionIsAnsweredFromMemoryAndAChangedOneIsReadAgain() {
        SessionFacts facts = new SessionFacts(4);
        Session s = store("s1", 3);
        List<SpanFacts> first = SessionFacts.joined(facts.of(storage.rollups(), s));
        assertThat(first).hasSize(3);
        assertThat(SessionFacts.joined(facts.of(storage.rollups(), s))).isSameAs(first);

        Session grown = store("s1", 4); // one more span: a new count on the row
        List<SpanFacts> again = SessionFacts.joined(facts.of(storage.rollups(), grown));
        assertThat(again).isNotSameAs(first).hasSize(4);
    }

    @Test
    void theLeastRecentlyUsedSessionGoesBeyondTheCapacityOrTheBudget() {
        SessionFacts facts = new SessionFacts(2);
        Session a = store("a", 2), b = store("b", 2), c = store("c", 2);
        List<SpanFacts> fa = SessionFacts.joined(facts.of(storage.rollups(), a));
        SessionFacts.joined(facts.of(storage.rollups(), b));
        SessionFacts.joined(facts.of(storage.rollups(), c)); // a is the eldest: it goes
        assertThat(SessionFacts.joined(facts.of(storage.rollups(), a))).isNotSameAs(fa);

        Session big = store("big", SessionFacts.MAX_KEPT_FACTS / 2 + 1);
        Session big2 = store("big2", SessionFacts.MAX_KEPT_FACTS / 2 + 1);
        List<SpanFacts> fb = SessionFacts.joined(facts.of(storage.rollups(), big));
        SessionFacts.joined(facts.of(storage.rollups(), big2)); // together over the budget: big goes
        assertThat(SessionFacts.joined(facts.of(storage.rollups(), big))).isNotSameAs(fb);
    }
}
