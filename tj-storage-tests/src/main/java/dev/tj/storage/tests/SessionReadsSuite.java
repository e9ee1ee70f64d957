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
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.tj.core.storage.SessionReads} and the writer's {@link dev.tj.core.storage.SessionLookups}:
 * spans and sessions round-trip whole, sessions are replaced by a commit, looked up by id,
 * conversation and terminal. <p>Conventions: timestamps keep at least microsecond precision (the tests use microsecond
 * instants); JSON-held values may come back as Long/Double, so compare after
 * {@link Fixtures#normalize(Object)}. Fixed timestamps only, no sleeps, no timed assertions.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class SessionReadsSuite extends StorageSuiteBase {
    @Test
    protected void everySpanFieldRoundTrips() {
        Span full = Fixtures.fullSpan("span-full", "s-rt");
        Span minimal = Span.builder()
                .spanId("span-min")
                .traceId("trace-min")
                .sessionId("s-rt")
                .name("x")
                .startTime(T0.plusSeconds(5))
                .build();
        commitSpans(full, minimal);

        List<Span> back = reads().spans("s-rt");
        assertThat(normalizeSpans(back)).containsExactly(normalize(full), normalize(minimal));
        assertThat(back.get(0).usage()).isEqualTo(new Usage(1_000, 200, 30_000, 400, 50));
        assertThat(back.get(1).usage()).isEqualTo(Usage.ZERO);
        assertThat(back.get(1).endTime()).isNull();
        assertThat(back.get(1).durationMs()).isNull();
        assertThat(back.get(1).costUsd()).isNull();
        assertThat(back.get(1).resource()).isEqualTo(ResourceIdentity.NONE);
    }

    @Test
    protected void spansOfOneSessionComeBackByStartTime() {
        commitSpans(
                span("c", "s1", "a", T0.plusSeconds(3)).build(),
                span("a", "s1", "a", T0.plusSeconds(1)).build(),
                span("x", "s2", "a", T0).build());
        commitSpans(span("b", "s1", "a", T0.plusSeconds(2)).build());
        assertThat(reads().spans("s1")).extracting(Span::spanId).containsExactly("a", "b", "c");
        assertThat(reads().spans("s2")).extracting(Span::spanId).containsExactly("x");
        assertThat(reads().spans("nope")).isEmpty();
        assertThat(reads().spanCount()).isEqualTo(4);
    }

    @Test
    protected void theNewestSpansAndPointsOfASessionComeBackOldestFirst() {
        commitSpans(
                span("c", "s1", "a", T0.plusSeconds(3)).build(),
                span("a", "s1", "a", T0.plusSeconds(1)).build(),
                span("b2", "s1", "a", T0.plusSeconds(2)).build(),
                span("b1", "s1", "a", T0.plusSeconds(2)).build(),
                span("x", "s2", "a", T0.plusSeconds(9)).build());
        assertThat(reads().spans("s1", 3)).extracting(Span::spanId).containsExactly("b1", "b2", "c");
        assertThat(reads().spans("s1", 2)).extracting(Span::spanId).containsExactly("b2", "c");
        assertThat(reads().spans("s1", 10)).extracting(Span::spanId).containsExactly("a", "b1", "b2", "c");
        assertThat(reads().spans("s1", 0)).isEmpty();
        commit(
                List.of(),
                List.of(
                        point("p3", "s1", "a", T0.plusSeconds(3), 3),
                        point("p1", "s1", "a", T0.plusSeconds(1), 1),
                        point("p2", "s1", "a", T0.plusSeconds(2), 2)),
                List.of());
        assertThat(reads().metricPoints("s1", 2))
                .extracting(MetricPoint::pointId)
                .containsExactly("p2", "p3");
        assertThat(reads().metricPoints("s1", 5))
                .extracting(MetricPoint::pointId)
                .containsExactly("p1", "p2", "p3");
    }

    @Test
    protected void largeBatch() {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            spans.add(span(String.format("%032x", i * 7919L), "big", "a", T0.plusMillis(i))
                    .costUsd(0.5)
                    .build());
        }
        writer().commit(new WriteBatch(spans, List.of(), List.of()));
        assertThat(reads().spanCount()).isEqualTo(20_000);
        assertThat(index().existingSpanIds(spans.stream().map(Span::spanId).toList()))
                .hasSize(20_000);
        assertThat(status().spanCostByAgentSince(T0)).containsExactly(entry("a", 10_000.0));
    }

    @Test
    protected void everySessionFieldRoundTripsAndCommitReplaces() {
        Session v1 = session("s1")
                .agent("claude-code")
                .conversation("conv-1")
                .started(T0)
                .ended(T0.plusSeconds(90))
                .usage(new Usage(10, 20, 30, 40, 5))
                .cost(1.25)
                .reportedCost(1.5)
                .fallbackPriced(2)
                .counts(9, 4, 3, 1)
                .activeMs(1234.5)
                .plan(PlanTier.MAX_20X)
                .resource(new ResourceIdentity("proj", "term", "run", "parent", "box'; DROP TABLE spans;--", "a@b.c"))
                .build();
        commitSessions(v1);
        assertThat(reads().session("s1")).contains(v1);

        Session v2 = session("s1")
                .agent("claude-code")
                .conversation(null)
                .started(T0.minusSeconds(5))
                .ended(T0.plusSeconds(120))
                .status(SessionStatus.CLOSED)
                .terminal(T0.plusSeconds(200))
                .usage(new Usage(11, 21, 31, 41, 0))
                .cost(2.5)
                .reportedCost(null)
                .fallbackPriced(0)
                .counts(12, 5, 4, 2)
                .activeMs(2000)
                .plan(PlanTier.API)
                .resource(new ResourceIdentity(null, "term", null, null))
                .build();
        Session other = session("s2").agent("codex").started(T0.plusSeconds(1)).build();
        commitSessions(v2, other);

        assertThat(reads().session("s1")).contains(v2);
        assertThat(writer().sessions(List.of("s1", "s2", "nope"))).containsOnly(entry("s1", v2), entry("s2", other));
        assertThat(reads().sessions(SessionStatusFilter.ALL)).hasSize(2);
    }

    @Test
    protected void sessionsFilterByMachineAndUser() {
        Session a = session("m-a")
                .agent("claude-code")
                .started(T0)
                .origin("laptop", "ana@x")
                .build();
        Session b = session("m-b")
                .agent("claude-code")
                .started(T0.plusSeconds(1))
                .origin("laptop", "bo@x")
                .build();
        Session c = session("m-c")
                .agent("codex")
                .started(T0.plusSeconds(2))
                .origin("ci'; --", null)
                .build();
        Session d = session("m-d").agent("codex").started(T0.plusSeconds(3)).build();
        commitSessions(a, b, c, d);
        assertThat(reads().sessions(new SessionStatusFilter(null, null, "laptop", null)))
                .containsExactly(b, a);
        assertThat(reads().sessions(new SessionStatusFilter(null, null, null, "ana@x")))
                .containsExactly(a);
        assertThat(reads().sessions(new SessionStatusFilter(null, null, "laptop", "bo@x")))
                .containsExactly(b);
        // a hostile value is a parameter: it matches itself and nothing else
        assertThat(reads().sessions(new SessionStatusFilter(null, "codex", "ci'; --", null)))
                .containsExactly(c);
        assertThat(reads().sessions(new SessionStatusFilter(null, null, "nowhere", null)))
                .isEmpty();
        assertThat(reads().sessions(SessionStatusFilter.ALL)).hasSize(4);
    }

    @Test
    protected void sessionsByIdsAnyNumberOfThem() {
        List<Session> all = IntStream.range(0, 100)
                .mapToObj(i ->
                        session("s-" + i).agent("a").started(T0.plusSeconds(i)).build())
                .toList();
        writer().commit(new WriteBatch(List.of(), List.of(), all));
        for (int n : new int[] {1, 2, 3, 5, 17, 32, 33, 64, 100}) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) ids.add("s-" + (i * 7 % 100));
            ids.add("unknown-" + n);
            Map<String, Session> got = writer().sessions(ids);
            assertThat(got).as("n=%d", n).hasSize((int) ids.stream().distinct().count() - 1);
            got.forEach((id, sess) -> assertThat(sess).isEqualTo(all.get(Integer.parseInt(id.substring(2)))));
        }
    }

    @Test
    protected void manyReplacementsLeaveOneRowPerSession() {
        for (int i = 1; i <= 30; i++) {
            commitSessions(
                    session("s1").agent("a").counts(i, 0, 0, 0).build(),
                    session("s" + (i + 1)).agent("b").started(T0.plusSeconds(i)).build());
        }
        assertThat(reads().sessions(SessionStatusFilter.ALL)).hasSize(31);
        assertThat(reads().session("s1"))
                .hasValueSatisfying(s -> assertThat(s.spanCount()).isEqualTo(30));
        assertThat(status().planTierMix(null)).containsOnly(entry(PlanTier.UNKNOWN, 31L));
    }

    @Test
    protected void sessionsByFilterNewestStartFirst() {
        Session a1 = session("a1").agent("a").started(T0).build();
        Session a2 = session("a2")
                .agent("a")
                .started(T0.plusSeconds(10))
                .status(SessionStatus.CLOSED)
                .build();
        Session a3 = session("a3").agent("a").started(T0.plusSeconds(20)).build();
        Session b1 = session("b1")
                .agent("b")
                .started(T0.plusSeconds(5))
                .status(SessionStatus.COMPLETED)
                .build();
        commitSessions(a1, a2, a3, b1);

        assertThat(reads().sessions(SessionStatusFilter.ALL))
                .extracting(Session::sessionId)
                .containsExactly("a3", "a2", "b1", "a1");
        assertThat(reads().sessions(new SessionStatusFilter(SessionStatus.ACTIVE, null)))
                .extracting(Session::sessionId)
                .containsExactly("a3", "a1");
        assertThat(reads().sessions(new SessionStatusFilter(null, "b")))
                .extracting(Session::sessionId)
                .containsExactly("b1");
        assertThat(reads().sessions(new SessionStatusFilter(SessionStatus.CLOSED, "a")))
                .extracting(Session::sessionId)
                .containsExactly("a2");
        assertThat(reads().sessions(new SessionStatusFilter(SessionStatus.CLOSED, "b")))
                .isEmpty();
    }

    @Test
    protected void conversationLookupReturnsNewestByStart() {
        commitSessions(session("later")
                .conversation("c1")
                .started(T0.plusSeconds(3600))
                .build());
        commitSessions(
                session("earlier").conversation("c1").started(T0).build(),
                session("other")
                        .conversation("c2")
                        .started(T0.plusSeconds(7200))
                        .build());
        assertThat(writer().sessionIdForConversation("c1")).contains("later");
        assertThat(writer().sessionIdForConversation("c2")).contains("other");
        assertThat(writer().sessionIdForConversation("c3")).isEmpty();
    }

    @Test
    protected void activeSessionsOfOneInstance() {
        commitSessions(
                session("i1-a").instance("i1").build(),
                session("i1-b").instance("i1").started(T0.plusSeconds(1)).build(),
                session("i1-closed").instance("i1").status(SessionStatus.CLOSED).build(),
                session("i1-done")
                        .instance("i1")
                        .status(SessionStatus.COMPLETED)
                        .build(),
                session("i2-a").instance("i2").build(),
                session("none").build());
        assertThat(writer().activeSessionsOfInstance("i1"))
                .extracting(Session::sessionId)
                .containsExactlyInAnyOrder("i1-a", "i1-b");
        assertThat(writer().activeSessionsOfInstance("i3")).isEmpty();
    }

    @Test
    protected void pointsRoundTripByTime() {
        MetricPoint p2 = point("p2", "s1", "a", T0.plusSeconds(2), 2.5);
        MetricPoint p1 = new MetricPoint(
                "p1",
                "s1",
                "a",
                "claude_code.cost.usage",
                "USD",
                T0.plusNanos(1_000),
                0.75,
                Map.of("model", "m", "n", 3L, "nested", Map.of("x", List.of(1L, 2.5))));
        MetricPoint noAttrs =
                new MetricPoint("p3", "s1", "a", "claude_code.session.count", null, T0.plusSeconds(3), 1, null);
        MetricPoint noSession = new MetricPoint("p4", null, "a", "claude_code.session.count", "1", T0, 1, Map.of());
        commit(List.of(), List.of(p2, p1, noAttrs, noSession), List.of());

        assertThat(reads().metricPoints("s1").stream().map(Fixtures::normalize).toList())
                .containsExactly(normalize(p1), normalize(p2), normalize(noAttrs));
        assertThat(index().existingPointIds(List.of("p1", "p4", "p5"))).containsExactlyInAnyOrder("p1", "p4");
        assertThat(reads().spanCount()).isZero();
    }
}
