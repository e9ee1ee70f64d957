package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.storage.MinuteBucket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.tj.core.storage.StatusQueries}: live and archived sessions, agents, their last activity,
 * cost and minute buckets. {@code lastSeen} is the latest activity of any committed session or span
 * of the agent; {@code agentIds} are the agent ids of committed sessions and spans. <p>Conventions: timestamps keep at least microsecond precision (the tests use microsecond
 * instants); JSON-held values may come back as Long/Double, so compare after
 * {@link Fixtures#normalize(Object)}. Fixed timestamps only, no sleeps, no timed assertions.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class StatusQueriesSuite extends StorageSuiteBase {
    @Test
    protected void liveAndArchivedSplitAtTheCutoff() {
        Instant cutoff = T0;
        commitSessions(
                session("live-ended")
                        .agent("a")
                        .started(T0.minusSeconds(3600))
                        .ended(T0.plusMillis(1))
                        .build(),
                session("live-started").agent("a").started(T0.plusSeconds(300)).build(),
                session("live-b")
                        .agent("b")
                        .started(T0.minusSeconds(60))
                        .ended(T0.plusSeconds(240))
                        .build(),
                session("at-cutoff")
                        .agent("a")
                        .started(T0.minusSeconds(7200))
                        .ended(T0)
                        .build(),
                session("stale")
                        .agent("a")
                        .started(T0.minusSeconds(10800))
                        .ended(T0.minusSeconds(3600))
                        .build(),
                session("started-at-cutoff").agent("b").started(T0).build(),
                session("closed-recent")
                        .agent("a")
                        .started(T0.minusSeconds(3600))
                        .ended(T0.plusSeconds(120))
                        .status(SessionStatus.CLOSED)
                        .terminal(T0.plusSeconds(130))
                        .build(),
                session("completed")
                        .agent("a")
                        .started(T0)
                        .ended(T0.plusSeconds(180))
                        .status(SessionStatus.COMPLETED)
                        .terminal(T0.plusSeconds(180))
                        .build());

        assertThat(status().liveSessions(cutoff, null))
                .extracting(Session::sessionId)
                .containsExactly("live-started", "live-b", "live-ended");
        assertThat(status().liveSessions(cutoff, "a"))
                .extracting(Session::sessionId)
                .containsExactly("live-started", "live-ended");
        assertThat(status().liveSessions(cutoff, "nobody")).isEmpty();

        List<String> archived = status().archivedSessions(cutoff, null, 10).stream()
                .map(Session::sessionId)
                .toList();
        assertThat(archived).hasSize(4);
        assertThat(archived.get(0)).isEqualTo("closed-recent");
        // at-cutoff and started-at-cutoff tie on last activity: their order among themselves is free
        assertThat(archived.subList(1, 3)).containsExactlyInAnyOrder("at-cutoff", "started-at-cutoff");
        assertThat(archived.get(3)).isEqualTo("stale");
        assertThat(status().archivedSessions(cutoff, null, 1))
                .extracting(Session::sessionId)
                .containsExactly("closed-recent");
        assertThat(status().archivedSessions(cutoff, "a", 10))
                .extracting(Session::sessionId)
                .containsExactly("closed-recent", "at-cutoff", "stale");
        assertThat(status().archivedSessions(cutoff, "b", 10))
                .extracting(Session::sessionId)
                .containsExactly("started-at-cutoff");
        assertThat(status().archivedSessions(cutoff, null, 0)).isEmpty();
    }

    @Test
    protected void planTierMixCountsSessions() {
        commitSessions(
                session("1").agent("a").plan(PlanTier.PRO).build(),
                session("2").agent("a").plan(PlanTier.PRO).build(),
                session("3").agent("a").plan(PlanTier.API).build(),
                session("4").agent("b").build(),
                session("5").agent("b").plan(PlanTier.LOCAL).build());
        assertThat(status().planTierMix(null))
                .containsOnly(
                        entry(PlanTier.PRO, 2L),
                        entry(PlanTier.API, 1L),
                        entry(PlanTier.UNKNOWN, 1L),
                        entry(PlanTier.LOCAL, 1L));
        assertThat(status().planTierMix("a")).containsOnly(entry(PlanTier.PRO, 2L), entry(PlanTier.API, 1L));
        assertThat(status().planTierMix("nobody")).isEmpty();
    }

    @Test
    protected void agentIdsComeFromSessionsAndSpansSorted() {
        commit(
                List.of(
                        span("1", "sb", "x-agent", T0).build(),
                        span("2", "sa", "a", T0).build()),
                List.of(),
                List.of(
                        session("sa").agent("a").build(),
                        session("sb").agent("b").build()));
        commit(List.of(span("3", "sb", "x-agent", T0.plusSeconds(1)).build()), List.of(), List.of());
        assertThat(status().agentIds()).containsExactly("a", "b", "x-agent");
    }

    @Test
    protected void lastSeenIsTheLatestActivityOfSessionsAndSpans() {
        commit(
                List.of(
                        span("1", "sa", "a", T0).endTime(T0.plusSeconds(300)).build(),
                        span("2", "sb", "x", T0.plusSeconds(7200))
                                .endTime(T0.plusSeconds(10800))
                                .build()),
                List.of(),
                List.of(
                        session("sa")
                                .agent("a")
                                .started(T0)
                                .ended(T0.plusSeconds(600))
                                .build(),
                        session("sb").agent("b").started(T0.plusSeconds(3600)).build()));
        commit(List.of(span("3", "sa", "a", T0.plusSeconds(60)).build()), List.of(), List.of());

        assertThat(status().lastSeen(List.of("a", "b", "x", "nobody")))
                .containsOnly(
                        entry("a", T0.plusSeconds(600)),
                        entry("b", T0.plusSeconds(3600)),
                        entry("x", T0.plusSeconds(10800)));
        assertThat(status().lastSeen(List.of("b"))).containsOnly(entry("b", T0.plusSeconds(3600)));
    }

    @Test
    protected void spanCostByAgentSinceIsInclusive() {
        commitSpans(
                span("1", "s", "a", T0).costUsd(0.25).build(),
                span("2", "s", "a", T0.plusSeconds(3600)).costUsd(0.5).build(),
                span("3", "s", "a", T0.minusMillis(1)).costUsd(4.0).build(),
                span("4", "s", "b", T0.plusSeconds(1)).build(),
                span("5", "s", "c", T0.minusSeconds(1)).costUsd(8.0).build());
        Map<String, Double> cost = status().spanCostByAgentSince(T0);
        assertThat(cost).containsOnly(entry("a", 0.75), entry("b", 0.0));
    }

    @Test
    protected void minuteBucketsPerAgentAndUtcMinute() {
        commitSpans(
                span("1", "s", "a", T0).costUsd(0.25).build(),
                span("2", "s", "a", T0.plusSeconds(30))
                        .costUsd(0.5)
                        .status(SpanStatus.ERROR)
                        .build(),
                span("3", "s", "a", T0.plusSeconds(60)).build(),
                span("4", "s", "a", T0.minusNanos(1_000)).costUsd(16.0).build(),
                span("5", "s", "b", T0.plusSeconds(61))
                        .costUsd(1.0)
                        .status(SpanStatus.OK)
                        .build(),
                span("6", "s", "c", T0.plusSeconds(10)).costUsd(2.0).build());
        assertThat(status().minuteBuckets(List.of("a", "b", "nobody"), T0))
                .containsExactlyInAnyOrder(
                        new MinuteBucket("a", T0, 0.75, 2, 1),
                        new MinuteBucket("a", T0.plusSeconds(60), 0.0, 1, 0),
                        new MinuteBucket("b", T0.plusSeconds(60), 1.0, 1, 0));
    }
}
