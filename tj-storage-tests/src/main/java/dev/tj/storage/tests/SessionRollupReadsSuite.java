package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.session.Session;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.SessionRollupReads;
import dev.tj.core.storage.SpanFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionRollupReads}: the narrow facts of a session's spans (every field a rollup folds,
 * cache writes split by TTL, by start time then span id, other sessions' spans never included) and
 * the sessions a session spawned ({@code parent_session_id}, never itself). Fixed timestamps only.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class SessionRollupReadsSuite extends StorageSuiteBase {
    protected SessionRollupReads rollups() {
        return storage.rollups();
    }

    @Test
    protected void unknownSessionHasNoFactsAndNoChildren() {
        assertThat(rollups().spanFacts("nope")).isEmpty();
        assertThat(rollups().spanFacts(null)).isEmpty();
        assertThat(rollups().children("nope")).isEmpty();
        assertThat(rollups().children(null)).isEmpty();
    }

    @Test
    protected void factsCarryEveryRolledUpFieldInStartOrder() {
        commitSpans(
                span("b-tool", "s1", "a", T0.plusSeconds(2))
                        .name("tool_call")
                        .traceId("t2")
                        .parentSpanId("a-llm")
                        .toolName("Bash")
                        .subAgentId("sub-1")
                        .status(SpanStatus.ERROR)
                        .endTime(T0.plusSeconds(2).plusMillis(1500))
                        .durationMs(1500.0)
                        .build(),
                span("a-llm", "s1", "a", T0)
                        .traceId("t1")
                        .model("claude-opus-4-5")
                        .usage(new Usage(10, 20, 300, 40, 5))
                        .costUsd(0.125)
                        .build(),
                span("same-start-z", "s1", "a", T0.plusSeconds(5)).build(),
                span("same-start-y", "s1", "a", T0.plusSeconds(5)).build(),
                span("other", "s2", "a", T0).build());

        List<SpanFacts> facts = rollups().spanFacts("s1");
        assertThat(facts)
                .extracting(SpanFacts::spanId)
                .containsExactly("a-llm", "b-tool", "same-start-y", "same-start-z");
        SpanFacts llm = facts.get(0);
        assertThat(llm.traceId()).isEqualTo("t1");
        assertThat(llm.isLlmCall()).isTrue();
        assertThat(llm.model()).isEqualTo("claude-opus-4-5");
        assertThat(llm.usage()).isEqualTo(new Usage(10, 20, 300, 40, 5));
        assertThat(llm.costUsd()).isEqualTo(0.125);
        assertThat(llm.error()).isFalse();
        assertThat(llm.startTime()).isEqualTo(T0);
        SpanFacts tool = facts.get(1);
        assertThat(tool.name()).isEqualTo("tool_call");
        assertThat(tool.toolName()).isEqualTo("Bash");
        assertThat(tool.subAgentId()).isEqualTo("sub-1");
        assertThat(tool.parentSpanId()).isEqualTo("a-llm");
        assertThat(tool.error()).isTrue();
        assertThat(tool.durationMs()).isEqualTo(1500.0);
        assertThat(tool.costUsd()).isNull();
        assertThat(tool.usage()).isEqualTo(Usage.ZERO);
        assertThat(tool.endTime()).isEqualTo(T0.plusSeconds(2).plusMillis(1500));
    }

    @Test
    protected void childrenAreTheSessionsNamingItAsParentNewestFirst() {
        commitSessions(
                session("root").started(T0).build(),
                session("self").started(T0).parent("self").build(),
                session("c-old")
                        .started(T0)
                        .ended(T0.plusSeconds(10))
                        .parent("root")
                        .build(),
                session("c-new")
                        .started(T0)
                        .ended(T0.plusSeconds(99))
                        .parent("root")
                        .build(),
                session("grandchild").started(T0).parent("c-new").build());
        assertThat(rollups().children("root")).extracting(Session::sessionId).containsExactly("c-new", "c-old");
        assertThat(rollups().children("c-new")).extracting(Session::sessionId).containsExactly("grandchild");
        assertThat(rollups().children("self")).isEmpty();
    }
}
