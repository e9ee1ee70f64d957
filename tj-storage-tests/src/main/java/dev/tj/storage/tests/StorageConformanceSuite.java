package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.normalize;
import static dev.tj.storage.tests.Fixtures.normalizeSpans;
import static dev.tj.storage.tests.Fixtures.point;
import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostRow;
import dev.tj.core.storage.MinuteBucket;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.WriteBatch;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The storage SPI contract. Every backend subclasses this (Zipkin ITStorage style) and inherits
 * every test; a backend passes when all of them pass against a real database. Bulk loads have their
 * own part of the contract, {@link BulkLoadConformanceSuite}. What {@code open} and {@code reopen}
 * must do is in {@link StorageSuiteBase}.
 *
 * <p>Conventions the contract fixes where the SPI javadoc is silent:
 * <ul>
 *   <li>Timestamps keep at least microsecond precision; the tests use microsecond instants.</li>
 *   <li>JSON-held values (attributes, event attributes) may come back as Long/Double: compare after
 *       {@link Fixtures#normalize(Object)}.</li>
 *   <li>{@code lastSeen} is the latest activity of any committed session or span of the agent;
 *       {@code agentIds} are the agent ids of committed sessions and spans.</li>
 *   <li>{@code cost}: calendar keys in the query zone, PROJECT from the span's session namespace
 *       ({@code unknown} otherwise), TOOL groups tool-call spans by tool name whatever their model
 *       and skips {@code tool_decision}; {@code until} is exclusive; rows ordered by group.</li>
 * </ul>
 * Fixed timestamps only, no sleeps, no timed assertions.
 */
public abstract class StorageConformanceSuite extends StorageSuiteBase {
    // ===================================================================================
    @Nested
    class Empty {
        @Test
        void freshStoreIsEmpty() {
            assertThat(storage.spanCount()).isZero();
            assertThat(storage.sessions(SessionStatusFilter.ALL)).isEmpty();
            assertThat(storage.sessions(List.of("x"))).isEmpty();
            assertThat(storage.session("x")).isEmpty();
            assertThat(storage.agentIds()).isEmpty();
            assertThat(storage.liveSessions(T0, null)).isEmpty();
            assertThat(storage.archivedSessions(T0, null, 10)).isEmpty();
            assertThat(storage.spanCostByAgentSince(T0)).isEmpty();
            assertThat(storage.minuteBuckets(List.of("a"), T0)).isEmpty();
            assertThat(storage.lastSeen(List.of("a"))).isEmpty();
            assertThat(storage.planTierMix(null)).isEmpty();
            assertThat(storage.spans("x")).isEmpty();
            assertThat(storage.metricPoints("x")).isEmpty();
            assertThat(storage.sourceFiles()).isEmpty();
            assertThat(storage.labels()).isEmpty();
            assertThat(storage.activeAlerts(null, 50)).isEmpty();
            assertThat(storage.existingSpanIds(List.of("a", "b"))).isEmpty();
            assertThat(storage.existingPointIds(List.of("a"))).isEmpty();
            assertThat(storage.sessionIdForConversation("c")).isEmpty();
            assertThat(storage.activeSessionsOfInstance("i")).isEmpty();
            assertThat(storage.journalPosition()).isZero();
            for (CostGroup g : CostGroup.values()) {
                assertThat(storage.cost(new CostQuery(null, null, g, null, ZoneOffset.UTC))).isEmpty();
            }
        }

        @Test
        void emptyInputsAndEmptyBatch() {
            storage.commit(new WriteBatch(List.of(), List.of(), List.of(), List.of()));
            assertThat(storage.existingSpanIds(List.of())).isEmpty();
            assertThat(storage.existingPointIds(List.of())).isEmpty();
            assertThat(storage.sessions(List.of())).isEmpty();
            assertThat(storage.minuteBuckets(List.of(), T0)).isEmpty();
            assertThat(storage.lastSeen(List.of())).isEmpty();
            assertThat(storage.spanCount()).isZero();
        }
    }

    // ===================================================================================
    @Nested
    class Spans {
        @Test
        void everySpanFieldRoundTrips() {
            Span full = Fixtures.fullSpan("span-full", "s-rt");
            Span minimal = Span.builder().spanId("span-min").traceId("trace-min").sessionId("s-rt").name("x")
                    .startTime(T0.plusSeconds(5)).build();
            commitSpans(full, minimal);

            List<Span> back = storage.spans("s-rt");
            assertThat(normalizeSpans(back)).containsExactly(normalize(full), normalize(minimal));
            assertThat(back.get(0).usage()).isEqualTo(new Usage(1_000, 200, 30_000, 400, 50));
            assertThat(back.get(1).usage()).isEqualTo(Usage.ZERO);
            assertThat(back.get(1).endTime()).isNull();
            assertThat(back.get(1).durationMs()).isNull();
            assertThat(back.get(1).costUsd()).isNull();
            assertThat(back.get(1).resource()).isEqualTo(ResourceIdentity.NONE);
        }

        @Test
        void spansOfOneSessionComeBackByStartTime() {
            commitSpans(span("c", "s1", "a", T0.plusSeconds(3)).build(), span("a", "s1", "a", T0.plusSeconds(1)).build(),
                    span("x", "s2", "a", T0).build());
            commitSpans(span("b", "s1", "a", T0.plusSeconds(2)).build());
            assertThat(storage.spans("s1")).extracting(Span::spanId).containsExactly("a", "b", "c");
            assertThat(storage.spans("s2")).extracting(Span::spanId).containsExactly("x");
            assertThat(storage.spans("nope")).isEmpty();
            assertThat(storage.spanCount()).isEqualTo(4);
        }

        @Test
        void existingSpanIdsIsExact() {
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) spans.add(span("span-" + i, "s" + (i % 7), "a", T0.plusMillis(i)).build());
            storage.commit(new WriteBatch(spans, List.of(), List.of()));

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
            assertThat(storage.existingSpanIds(probe)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(storage.existingSpanIds(List.of("nope"))).isEmpty();
            assertThat(storage.spanCount()).isEqualTo(3_000);
        }

        @Test
        void existingSpansFindsReSentSpansWhateverTheTimeRangeOfTheBatch() {
            List<Span> stored = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                stored.add(span("t-" + i, "s", "a", T0.plus(java.time.Duration.ofHours(i)).plusNanos(123_456)).build());
            }
            storage.commit(new WriteBatch(stored, List.of(), List.of()));
            // a re-sent span carries its original start time (to the nanosecond the client sent)
            List<Span> resent = List.of(stored.get(3), stored.get(499),
                    span("t-new", "s", "a", T0.plus(java.time.Duration.ofHours(3))).build());
            assertThat(storage.existingSpans(resent)).containsExactlyInAnyOrder("t-3", "t-499");
            // a batch far from any stored span finds nothing, and one spanning everything finds all
            assertThat(storage.existingSpans(List.of(span("t-7", "s", "a", T0.minus(java.time.Duration.ofDays(400))).build())))
                    .isEmpty();
            assertThat(storage.existingSpans(stored)).hasSize(500);
            assertThat(storage.existingSpans(List.of())).isEmpty();
        }

        @Test
        void largeBatch() {
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                spans.add(span(String.format("%032x", i * 7919L), "big", "a", T0.plusMillis(i)).costUsd(0.5).build());
            }
            storage.commit(new WriteBatch(spans, List.of(), List.of()));
            assertThat(storage.spanCount()).isEqualTo(20_000);
            assertThat(storage.existingSpanIds(spans.stream().map(Span::spanId).toList())).hasSize(20_000);
            assertThat(storage.spanCostByAgentSince(T0)).containsExactly(entry("a", 10_000.0));
        }
    }

    // ===================================================================================
    @Nested
    class Sessions {
        @Test
        void everySessionFieldRoundTripsAndCommitReplaces() {
            Session v1 = session("s1").agent("claude-code").conversation("conv-1").started(T0).ended(T0.plusSeconds(90))
                    .usage(new Usage(10, 20, 30, 40, 5)).cost(1.25).reportedCost(1.5).fallbackPriced(2)
                    .counts(9, 4, 3, 1).activeMs(1234.5).plan(PlanTier.MAX_20X)
                    .resource(new ResourceIdentity("proj", "term", "run", "parent")).build();
            commitSessions(v1);
            assertThat(storage.session("s1")).contains(v1);

            Session v2 = session("s1").agent("claude-code").conversation(null).started(T0.minusSeconds(5))
                    .ended(T0.plusSeconds(120)).status(SessionStatus.CLOSED).terminal(T0.plusSeconds(200))
                    .usage(new Usage(11, 21, 31, 41, 0)).cost(2.5).reportedCost(null).fallbackPriced(0)
                    .counts(12, 5, 4, 2).activeMs(2000).plan(PlanTier.API)
                    .resource(new ResourceIdentity(null, "term", null, null)).build();
            Session other = session("s2").agent("codex").started(T0.plusSeconds(1)).build();
            commitSessions(v2, other);

            assertThat(storage.session("s1")).contains(v2);
            assertThat(storage.sessions(List.of("s1", "s2", "nope"))).containsOnly(entry("s1", v2), entry("s2", other));
            assertThat(storage.sessions(SessionStatusFilter.ALL)).hasSize(2);
        }

        @Test
        void sessionsByIdsAnyNumberOfThem() {
            List<Session> all = IntStream.range(0, 100).mapToObj(i -> session("s-" + i).agent("a")
                    .started(T0.plusSeconds(i)).build()).toList();
            storage.commit(new WriteBatch(List.of(), List.of(), all));
            for (int n : new int[] {1, 2, 3, 5, 17, 32, 33, 64, 100}) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) ids.add("s-" + (i * 7 % 100));
                ids.add("unknown-" + n);
                Map<String, Session> got = storage.sessions(ids);
                assertThat(got).as("n=%d", n).hasSize((int) ids.stream().distinct().count() - 1);
                got.forEach((id, sess) -> assertThat(sess).isEqualTo(all.get(Integer.parseInt(id.substring(2)))));
            }
        }

        @Test
        void manyReplacementsLeaveOneRowPerSession() {
            for (int i = 1; i <= 30; i++) {
                commitSessions(session("s1").agent("a").counts(i, 0, 0, 0).build(),
                        session("s" + (i + 1)).agent("b").started(T0.plusSeconds(i)).build());
            }
            assertThat(storage.sessions(SessionStatusFilter.ALL)).hasSize(31);
            assertThat(storage.session("s1")).hasValueSatisfying(s -> assertThat(s.spanCount()).isEqualTo(30));
            assertThat(storage.planTierMix(null)).containsOnly(entry(PlanTier.UNKNOWN, 31L));
        }

        @Test
        void sessionsByFilterNewestStartFirst() {
            Session a1 = session("a1").agent("a").started(T0).build();
            Session a2 = session("a2").agent("a").started(T0.plusSeconds(10)).status(SessionStatus.CLOSED).build();
            Session a3 = session("a3").agent("a").started(T0.plusSeconds(20)).build();
            Session b1 = session("b1").agent("b").started(T0.plusSeconds(5)).status(SessionStatus.COMPLETED).build();
            commitSessions(a1, a2, a3, b1);

            assertThat(storage.sessions(SessionStatusFilter.ALL)).extracting(Session::sessionId)
                    .containsExactly("a3", "a2", "b1", "a1");
            assertThat(storage.sessions(new SessionStatusFilter(SessionStatus.ACTIVE, null)))
                    .extracting(Session::sessionId).containsExactly("a3", "a1");
            assertThat(storage.sessions(new SessionStatusFilter(null, "b"))).extracting(Session::sessionId)
                    .containsExactly("b1");
            assertThat(storage.sessions(new SessionStatusFilter(SessionStatus.CLOSED, "a")))
                    .extracting(Session::sessionId).containsExactly("a2");
            assertThat(storage.sessions(new SessionStatusFilter(SessionStatus.CLOSED, "b"))).isEmpty();
        }

        @Test
        void conversationLookupReturnsNewestByStart() {
            commitSessions(session("later").conversation("c1").started(T0.plusSeconds(3600)).build());
            commitSessions(session("earlier").conversation("c1").started(T0).build(),
                    session("other").conversation("c2").started(T0.plusSeconds(7200)).build());
            assertThat(storage.sessionIdForConversation("c1")).contains("later");
            assertThat(storage.sessionIdForConversation("c2")).contains("other");
            assertThat(storage.sessionIdForConversation("c3")).isEmpty();
        }

        @Test
        void activeSessionsOfOneInstance() {
            commitSessions(session("i1-a").instance("i1").build(),
                    session("i1-b").instance("i1").started(T0.plusSeconds(1)).build(),
                    session("i1-closed").instance("i1").status(SessionStatus.CLOSED).build(),
                    session("i1-done").instance("i1").status(SessionStatus.COMPLETED).build(),
                    session("i2-a").instance("i2").build(),
                    session("none").build());
            assertThat(storage.activeSessionsOfInstance("i1")).extracting(Session::sessionId)
                    .containsExactlyInAnyOrder("i1-a", "i1-b");
            assertThat(storage.activeSessionsOfInstance("i3")).isEmpty();
        }

        @Test
        void liveAndArchivedSplitAtTheCutoff() {
            Instant cutoff = T0;
            commitSessions(
                    session("live-ended").agent("a").started(T0.minusSeconds(3600)).ended(T0.plusMillis(1)).build(),
                    session("live-started").agent("a").started(T0.plusSeconds(300)).build(),
                    session("live-b").agent("b").started(T0.minusSeconds(60)).ended(T0.plusSeconds(240)).build(),
                    session("at-cutoff").agent("a").started(T0.minusSeconds(7200)).ended(T0).build(),
                    session("stale").agent("a").started(T0.minusSeconds(10800)).ended(T0.minusSeconds(3600)).build(),
                    session("started-at-cutoff").agent("b").started(T0).build(),
                    session("closed-recent").agent("a").started(T0.minusSeconds(3600)).ended(T0.plusSeconds(120))
                            .status(SessionStatus.CLOSED).terminal(T0.plusSeconds(130)).build(),
                    session("completed").agent("a").started(T0).ended(T0.plusSeconds(180))
                            .status(SessionStatus.COMPLETED).terminal(T0.plusSeconds(180)).build());

            assertThat(storage.liveSessions(cutoff, null)).extracting(Session::sessionId)
                    .containsExactly("live-started", "live-b", "live-ended");
            assertThat(storage.liveSessions(cutoff, "a")).extracting(Session::sessionId)
                    .containsExactly("live-started", "live-ended");
            assertThat(storage.liveSessions(cutoff, "nobody")).isEmpty();

            List<String> archived = storage.archivedSessions(cutoff, null, 10).stream().map(Session::sessionId).toList();
            assertThat(archived).hasSize(4);
            assertThat(archived.get(0)).isEqualTo("closed-recent");
            // at-cutoff and started-at-cutoff tie on last activity: their order among themselves is free
            assertThat(archived.subList(1, 3)).containsExactlyInAnyOrder("at-cutoff", "started-at-cutoff");
            assertThat(archived.get(3)).isEqualTo("stale");
            assertThat(storage.archivedSessions(cutoff, null, 1)).extracting(Session::sessionId)
                    .containsExactly("closed-recent");
            assertThat(storage.archivedSessions(cutoff, "a", 10)).extracting(Session::sessionId)
                    .containsExactly("closed-recent", "at-cutoff", "stale");
            assertThat(storage.archivedSessions(cutoff, "b", 10)).extracting(Session::sessionId)
                    .containsExactly("started-at-cutoff");
            assertThat(storage.archivedSessions(cutoff, null, 0)).isEmpty();
        }

        @Test
        void planTierMixCountsSessions() {
            commitSessions(session("1").agent("a").plan(PlanTier.PRO).build(),
                    session("2").agent("a").plan(PlanTier.PRO).build(),
                    session("3").agent("a").plan(PlanTier.API).build(),
                    session("4").agent("b").build(),
                    session("5").agent("b").plan(PlanTier.LOCAL).build());
            assertThat(storage.planTierMix(null)).containsOnly(entry(PlanTier.PRO, 2L), entry(PlanTier.API, 1L),
                    entry(PlanTier.UNKNOWN, 1L), entry(PlanTier.LOCAL, 1L));
            assertThat(storage.planTierMix("a")).containsOnly(entry(PlanTier.PRO, 2L), entry(PlanTier.API, 1L));
            assertThat(storage.planTierMix("nobody")).isEmpty();
        }
    }

    // ===================================================================================
    @Nested
    class Agents {
        @Test
        void agentIdsComeFromSessionsAndSpansSorted() {
            commit(List.of(span("1", "sb", "x-agent", T0).build(), span("2", "sa", "a", T0).build()), List.of(),
                    List.of(session("sa").agent("a").build(), session("sb").agent("b").build()));
            commit(List.of(span("3", "sb", "x-agent", T0.plusSeconds(1)).build()), List.of(), List.of());
            assertThat(storage.agentIds()).containsExactly("a", "b", "x-agent");
        }

        @Test
        void lastSeenIsTheLatestActivityOfSessionsAndSpans() {
            commit(List.of(span("1", "sa", "a", T0).endTime(T0.plusSeconds(300)).build(),
                            span("2", "sb", "x", T0.plusSeconds(7200)).endTime(T0.plusSeconds(10800)).build()),
                    List.of(),
                    List.of(session("sa").agent("a").started(T0).ended(T0.plusSeconds(600)).build(),
                            session("sb").agent("b").started(T0.plusSeconds(3600)).build()));
            commit(List.of(span("3", "sa", "a", T0.plusSeconds(60)).build()), List.of(), List.of());

            assertThat(storage.lastSeen(List.of("a", "b", "x", "nobody"))).containsOnly(
                    entry("a", T0.plusSeconds(600)), entry("b", T0.plusSeconds(3600)), entry("x", T0.plusSeconds(10800)));
            assertThat(storage.lastSeen(List.of("b"))).containsOnly(entry("b", T0.plusSeconds(3600)));
        }

        @Test
        void spanCostByAgentSinceIsInclusive() {
            commitSpans(span("1", "s", "a", T0).costUsd(0.25).build(),
                    span("2", "s", "a", T0.plusSeconds(3600)).costUsd(0.5).build(),
                    span("3", "s", "a", T0.minusMillis(1)).costUsd(4.0).build(),
                    span("4", "s", "b", T0.plusSeconds(1)).build(),
                    span("5", "s", "c", T0.minusSeconds(1)).costUsd(8.0).build());
            Map<String, Double> cost = storage.spanCostByAgentSince(T0);
            assertThat(cost).containsOnly(entry("a", 0.75), entry("b", 0.0));
        }

        @Test
        void minuteBucketsPerAgentAndUtcMinute() {
            commitSpans(span("1", "s", "a", T0).costUsd(0.25).build(),
                    span("2", "s", "a", T0.plusSeconds(30)).costUsd(0.5).status(SpanStatus.ERROR).build(),
                    span("3", "s", "a", T0.plusSeconds(60)).build(),
                    span("4", "s", "a", T0.minusNanos(1_000)).costUsd(16.0).build(),
                    span("5", "s", "b", T0.plusSeconds(61)).costUsd(1.0).status(SpanStatus.OK).build(),
                    span("6", "s", "c", T0.plusSeconds(10)).costUsd(2.0).build());
            assertThat(storage.minuteBuckets(List.of("a", "b", "nobody"), T0)).containsExactlyInAnyOrder(
                    new MinuteBucket("a", T0, 0.75, 2, 1),
                    new MinuteBucket("a", T0.plusSeconds(60), 0.0, 1, 0),
                    new MinuteBucket("b", T0.plusSeconds(60), 1.0, 1, 0));
        }
    }

    // ===================================================================================
    @Nested
    class Cost {
        // c1..c4 have models; the rest don't. Costs are binary-exact so sums compare with equals.
        @BeforeEach
        void seed() {
            Span c1 = span("c1", "sA", "a1", Instant.parse("2025-03-10T03:00:00Z")).model("m1")
                    .usage(new Usage(10, 1, 100, 5, 1)).costUsd(0.5).build();          // NY: Sun 03-09 23:00
            Span c2 = span("c2", "sA", "a1", Instant.parse("2025-03-10T05:00:00Z")).model("m2")
                    .usage(new Usage(20, 2, 200, 0, 2)).costUsd(0.25).build();         // NY: Mon 03-10 01:00
            Span c3 = span("c3", "sB", "a2", Instant.parse("2025-03-17T04:30:00Z")).model("m1")
                    .usage(new Usage(30, 3, 0, 0, 0)).costUsd(1.0).build();            // NY: Mon 03-17 00:30
            Span c4 = span("c4", "sC", "a2", Instant.parse("2025-04-01T02:00:00Z")).model("m1")
                    .usage(new Usage(40, 4, 0, 0, 0)).costUsd(2.0).build();            // NY: Mon 03-31 22:00
            Span noModel = span("n1", "sA", "a1", Instant.parse("2025-03-10T06:00:00Z"))
                    .usage(new Usage(1000, 1000, 0, 0, 0)).costUsd(8.0).build();
            Span t1 = span("t1", "sA", "a1", Instant.parse("2025-03-10T06:00:00Z")).name("gen_ai.tool.call")
                    .toolName("Bash").build();
            Span t2 = span("t2", "sA", "a1", Instant.parse("2025-03-10T06:01:00Z")).name("gen_ai.tool.call")
                    .toolName("Bash").costUsd(0.125).build();
            Span t3 = span("t3", "sB", "a2", Instant.parse("2025-03-17T06:00:00Z")).name("gen_ai.tool.call")
                    .toolName("Read").build();
            Span decision = span("t4", "sA", "a1", Instant.parse("2025-03-10T06:00:00Z")).name("tool_decision")
                    .toolName("Bash").costUsd(64.0).build();
            commit(List.of(c1, c2, c3, c4, noModel, t1, t2, t3, decision), List.of(),
                    List.of(session("sA").agent("a1").namespace("projX").build(), session("sB").agent("a2").build()));
        }

        private List<CostRow> cost(CostGroup g, ZoneId zone) {
            return storage.cost(new CostQuery(null, null, g, null, zone));
        }

        private static final CostRow C1 = new CostRow("", 10, 1, 100, 6, 0.5);
        private static final CostRow C2 = new CostRow("", 20, 2, 200, 2, 0.25);
        private static final CostRow C3 = new CostRow("", 30, 3, 0, 0, 1.0);
        private static final CostRow C4 = new CostRow("", 40, 4, 0, 0, 2.0);

        private static CostRow row(String group, CostRow... parts) {
            long in = 0, out = 0, cr = 0, cw = 0;
            double usd = 0;
            for (CostRow p : parts) {
                in += p.inputTokens(); out += p.outputTokens(); cr += p.cacheReadTokens();
                cw += p.cacheWriteTokens(); usd += p.costUsd();
            }
            return new CostRow(group, in, out, cr, cw, usd);
        }

        @Test
        void byDayInUtcAndInAZone() {
            assertThat(cost(CostGroup.DAY, ZoneOffset.UTC)).containsExactly(
                    row("2025-03-10", C1, C2), row("2025-03-17", C3), row("2025-04-01", C4));
            assertThat(cost(CostGroup.DAY, ZoneId.of("America/New_York"))).containsExactly(
                    row("2025-03-09", C1), row("2025-03-10", C2), row("2025-03-17", C3), row("2025-03-31", C4));
            // a fixed offset: c2 lands exactly on local midnight
            assertThat(cost(CostGroup.DAY, ZoneOffset.ofHours(-5))).containsExactly(
                    row("2025-03-09", C1), row("2025-03-10", C2), row("2025-03-16", C3), row("2025-03-31", C4));
            assertThat(storage.cost(new CostQuery(null, null, CostGroup.DAY, null, null)))
                    .isEqualTo(cost(CostGroup.DAY, ZoneOffset.UTC));
        }

        @Test
        void byIsoWeekMonday() {
            assertThat(cost(CostGroup.WEEK, ZoneOffset.UTC)).containsExactly(
                    row("2025-03-10", C1, C2), row("2025-03-17", C3), row("2025-03-31", C4));
            assertThat(cost(CostGroup.WEEK, ZoneId.of("America/New_York"))).containsExactly(
                    row("2025-03-03", C1), row("2025-03-10", C2), row("2025-03-17", C3), row("2025-03-31", C4));
        }

        @Test
        void byMonth() {
            assertThat(cost(CostGroup.MONTH, ZoneOffset.UTC)).containsExactly(
                    row("2025-03", C1, C2, C3), row("2025-04", C4));
            assertThat(cost(CostGroup.MONTH, ZoneId.of("America/New_York"))).containsExactly(
                    row("2025-03", C1, C2, C3, C4));
        }

        @Test
        void byModelAgentProjectSession() {
            assertThat(cost(CostGroup.MODEL, ZoneOffset.UTC)).containsExactly(row("m1", C1, C3, C4), row("m2", C2));
            assertThat(cost(CostGroup.AGENT, ZoneOffset.UTC)).containsExactly(row("a1", C1, C2), row("a2", C3, C4));
            // sB has no namespace and sC has no session row: both are unknown
            assertThat(cost(CostGroup.PROJECT, ZoneOffset.UTC)).containsExactly(
                    row("projX", C1, C2), row("unknown", C3, C4));
            assertThat(cost(CostGroup.SESSION, ZoneOffset.UTC)).containsExactly(
                    row("sA", C1, C2), row("sB", C3), row("sC", C4));
        }

        @Test
        void byToolCountsToolCallsWhateverTheirModel() {
            assertThat(cost(CostGroup.TOOL, ZoneOffset.UTC)).containsExactly(
                    new CostRow("Bash", 0, 0, 0, 0, 0.125), new CostRow("Read", 0, 0, 0, 0, 0.0));
        }

        @Test
        void sinceIsInclusiveUntilExclusiveAndAgentFilters() {
            CostQuery window = new CostQuery(Instant.parse("2025-03-10T05:00:00Z"), Instant.parse("2025-04-01T02:00:00Z"),
                    CostGroup.DAY, null, ZoneOffset.UTC);
            assertThat(storage.cost(window)).containsExactly(row("2025-03-10", C2), row("2025-03-17", C3));
            assertThat(storage.cost(new CostQuery(null, null, CostGroup.MODEL, "a2", ZoneOffset.UTC)))
                    .containsExactly(row("m1", C3, C4));
            assertThat(storage.cost(new CostQuery(Instant.parse("2025-03-10T06:00:30Z"), null, CostGroup.TOOL, "a1",
                    ZoneOffset.UTC))).containsExactly(new CostRow("Bash", 0, 0, 0, 0, 0.125));
            assertThat(storage.cost(new CostQuery(null, null, CostGroup.AGENT, "nobody", ZoneOffset.UTC))).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(CostGroup.class)
        void everyGroupIsOrderedAndExcludesTheDecision(CostGroup g) {
            List<CostRow> rows = cost(g, ZoneId.of("Asia/Kolkata"));
            assertThat(rows).isNotEmpty();
            assertThat(rows).extracting(CostRow::group).isSorted().doesNotHaveDuplicates();
            double total = rows.stream().mapToDouble(CostRow::costUsd).sum();
            assertThat(total).isEqualTo(g == CostGroup.TOOL ? 0.125 : 3.75);
        }
    }

    // ===================================================================================
    @Nested
    class Atomicity {
        private final Span good1 = span("new-1", "s-new", "new-agent", T0.plusSeconds(10)).costUsd(1.0).build();
        private final Span good2 = span("new-2", "s-new", "new-agent", T0.plusSeconds(11)).build();
        private final MetricPoint goodPoint = point("p-new", "s-new", "new-agent", T0.plusSeconds(10), 3);
        private final SourceFile file = new SourceFile("/t/new.jsonl", 100, T0, 100);
        private final Session goodSession = session("s-new").agent("new-agent").started(T0.plusSeconds(10)).build();

        @BeforeEach
        void baseline() {
            storage.commit(new WriteBatch(List.of(span("old-1", "s-old", "old-agent", T0).build()),
                    List.of(point("p-old", "s-old", "old-agent", T0, 1)),
                    List.of(session("s-old").agent("old-agent").build()),
                    List.of(new SourceFile("/t/old.jsonl", 10, T0, 10))));
        }

        private void assertNothingOfTheBatch() {
            assertThat(storage.spanCount()).isEqualTo(1);
            assertThat(storage.existingSpanIds(List.of("old-1", "new-1", "new-2", "dup"))).containsExactly("old-1");
            assertThat(storage.existingPointIds(List.of("p-old", "p-new"))).containsExactly("p-old");
            assertThat(storage.session("s-new")).isEmpty();
            assertThat(storage.spans("s-new")).isEmpty();
            assertThat(storage.metricPoints("s-new")).isEmpty();
            assertThat(storage.sourceFiles()).containsOnlyKeys("/t/old.jsonl");
            assertThat(storage.sourceFiles().get("/t/old.jsonl").offset()).isEqualTo(10);
            assertThat(storage.agentIds()).containsExactly("old-agent");
            assertThat(storage.lastSeen(List.of("old-agent", "new-agent"))).containsOnlyKeys("old-agent");
            assertThat(storage.spanCostByAgentSince(T0)).doesNotContainKey("new-agent");
        }

        private void assertStillUsable() {
            storage.commit(new WriteBatch(List.of(good1, good2), List.of(goodPoint), List.of(goodSession), List.of(file)));
            assertThat(storage.spanCount()).isEqualTo(3);
            assertThat(storage.spans("s-new")).extracting(Span::spanId).containsExactly("new-1", "new-2");
            assertThat(storage.session("s-new")).contains(goodSession);
            assertThat(storage.sourceFiles()).containsKeys("/t/old.jsonl", "/t/new.jsonl");
        }

        private void assertRejected(WriteBatch bad) {
            assertThatThrownBy(() -> storage.commit(bad)).isInstanceOf(RuntimeException.class);
            assertNothingOfTheBatch();
            assertStillUsable();
        }

        @Test
        void duplicateSpanIdInsideTheBatch() {
            Span dupA = span("dup", "s-new", "new-agent", T0).build();
            Span dupB = span("dup", "s-new", "new-agent", T0.plusSeconds(1)).build();
            assertRejected(new WriteBatch(List.of(good1, dupA, good2, dupB), List.of(goodPoint), List.of(goodSession),
                    List.of(file)));
        }

        @Test
        void sessionMissingItsAgentAfterEverythingElse() {
            Session bad = session("s-bad").agent(null).build();
            assertRejected(new WriteBatch(List.of(good1, good2), List.of(goodPoint), List.of(goodSession, bad),
                    List.of(file)));
        }

        @Test
        void sessionMissingItsId() {
            Session bad = session(null).agent("new-agent").build();
            assertRejected(new WriteBatch(List.of(good1, good2), List.of(goodPoint), List.of(goodSession, bad),
                    List.of(file)));
        }

        @Test
        void sessionMissingItsStart() {
            Session bad = session("s-new").started(null).agent("new-agent").build();
            assertRejected(new WriteBatch(List.of(good1, good2), List.of(goodPoint), List.of(bad), List.of(file)));
        }

        @Test
        void metricPointMissingItsId() {
            MetricPoint bad = new MetricPoint(null, "s-new", "new-agent", "m", "1", T0, 1, null);
            assertRejected(new WriteBatch(List.of(good1, good2), List.of(goodPoint, bad), List.of(goodSession),
                    List.of(file)));
        }

        @Test
        void duplicatePointIdInsideTheBatch() {
            assertRejected(new WriteBatch(List.of(good1, good2), List.of(goodPoint, goodPoint), List.of(goodSession),
                    List.of(file)));
        }

        @Test
        void aFailedBatchDoesNotAdvanceTheJournalPosition() {
            storage.commit(new WriteBatch(List.of(), List.of(), List.of(), List.of(), 5));
            Session bad = session("s-bad").agent(null).build();
            assertThatThrownBy(() -> storage.commit(new WriteBatch(List.of(good1, good2), List.of(goodPoint),
                    List.of(goodSession, bad), List.of(file), 9))).isInstanceOf(RuntimeException.class);
            assertThat(storage.journalPosition()).isEqualTo(5);
            assertNothingOfTheBatch();
        }

        @Test
        void aFailedBatchDoesNotSurviveAReopen() {
            Session bad = session("s-bad").agent(null).build();
            assertThatThrownBy(() -> storage.commit(new WriteBatch(List.of(good1, good2), List.of(goodPoint),
                    List.of(goodSession, bad), List.of(file)))).isInstanceOf(RuntimeException.class);
            storage = reopen(storage, dir);
            assertNothingOfTheBatch();
        }
    }

    // ===================================================================================
    @Nested
    class MetricPoints {
        @Test
        void pointsRoundTripByTime() {
            MetricPoint p2 = point("p2", "s1", "a", T0.plusSeconds(2), 2.5);
            MetricPoint p1 = new MetricPoint("p1", "s1", "a", "claude_code.cost.usage", "USD", T0.plusNanos(1_000), 0.75,
                    Map.of("model", "m", "n", 3L, "nested", Map.of("x", List.of(1L, 2.5))));
            MetricPoint noAttrs = new MetricPoint("p3", "s1", "a", "claude_code.session.count", null, T0.plusSeconds(3),
                    1, null);
            MetricPoint noSession = new MetricPoint("p4", null, "a", "claude_code.session.count", "1", T0, 1, Map.of());
            commit(List.of(), List.of(p2, p1, noAttrs, noSession), List.of());

            assertThat(storage.metricPoints("s1").stream().map(Fixtures::normalize).toList())
                    .containsExactly(normalize(p1), normalize(p2), normalize(noAttrs));
            assertThat(storage.existingPointIds(List.of("p1", "p4", "p5"))).containsExactlyInAnyOrder("p1", "p4");
            assertThat(storage.spanCount()).isZero();
        }
    }

    // ===================================================================================
    @Nested
    class SourceFilesAndLabels {
        @Test
        void readPositionsCommitWithTheBatchAndReplaceByPath() {
            SourceFile a1 = new SourceFile("/p/a.jsonl", 100, T0, 80);
            SourceFile b = new SourceFile("/p/b.jsonl", 5, T0.plusNanos(1_000), 5);
            storage.commit(new WriteBatch(List.of(span("1", "s", "a", T0).build()), List.of(), List.of(), List.of(a1, b)));
            assertThat(storage.sourceFiles()).containsOnly(entry("/p/a.jsonl", a1), entry("/p/b.jsonl", b));

            SourceFile a2 = new SourceFile("/p/a.jsonl", 200, T0.plusSeconds(60), 200);
            storage.commit(new WriteBatch(List.of(), List.of(), List.of(), List.of(a2)));
            assertThat(storage.sourceFiles()).containsOnly(entry("/p/a.jsonl", a2), entry("/p/b.jsonl", b));
        }

        @Test
        void labelsSetReplaceAndClear() {
            storage.setLabel("s1", "Fix the bug", T0);
            storage.setLabel("s2", "Refactor", T0);
            storage.setLabel("s1", "Fix the other bug", T0.plusSeconds(1));
            assertThat(storage.labels()).containsOnly(entry("s1", "Fix the other bug"), entry("s2", "Refactor"));
            storage.clearLabel("s2");
            storage.clearLabel("never-labelled");
            assertThat(storage.labels()).containsOnly(entry("s1", "Fix the other bug"));
        }
    }

    // ===================================================================================
    @Nested
    class Persistence {
        @Test
        void theJournalPositionCommitsWithItsDataSurvivesAReopenAndNeverGoesDown() {
            storage.commit(new WriteBatch(List.of(span("j-1", "s-j", "a", T0).build()), List.of(), List.of(), List.of(), 7));
            assertThat(storage.journalPosition()).isEqualTo(7);
            storage.commit(new WriteBatch(List.of(span("j-2", "s-j", "a", T0).build()), List.of(), List.of(), List.of(), 3));
            assertThat(storage.journalPosition()).as("an older frame applied late").isEqualTo(7);
            storage.commit(new WriteBatch(List.of(span("j-3", "s-j", "a", T0).build()), List.of(), List.of()));
            assertThat(storage.journalPosition()).as("a batch without journal frames").isEqualTo(7);
            storage = reopen(storage, dir);
            assertThat(storage.journalPosition()).isEqualTo(7);
            assertThat(storage.existingSpanIds(List.of("j-1", "j-2", "j-3"))).containsExactlyInAnyOrder("j-1", "j-2", "j-3");
        }

        @Test
        void everythingSurvivesAReopen() {
            Span full = Fixtures.fullSpan("span-full", "s1");
            Session s1 = session("s1").agent("claude-code").conversation("conv-1").ended(T0.plusSeconds(2))
                    .usage(new Usage(1, 2, 3, 4, 5)).cost(0.5).plan(PlanTier.PRO).instance("term").build();
            MetricPoint p = point("p1", "s1", "claude-code", T0, 7);
            SourceFile f = new SourceFile("/x.jsonl", 1, T0, 1);
            storage.commit(new WriteBatch(List.of(full), List.of(p), List.of(s1), List.of(f)));
            storage.setLabel("s1", "mine", T0);

            storage = reopen(storage, dir);

            assertThat(normalizeSpans(storage.spans("s1"))).containsExactly(normalize(full));
            assertThat(storage.session("s1")).contains(s1);
            assertThat(storage.metricPoints("s1").stream().map(Fixtures::normalize).toList()).containsExactly(normalize(p));
            assertThat(storage.sourceFiles()).containsOnly(entry("/x.jsonl", f));
            assertThat(storage.labels()).containsOnly(entry("s1", "mine"));
            assertThat(storage.agentIds()).containsExactly("claude-code");
            assertThat(storage.lastSeen(List.of("claude-code"))).containsOnly(entry("claude-code", T0.plusSeconds(2)));
            assertThat(storage.existingSpanIds(List.of("span-full"))).containsExactly("span-full");
            assertThat(storage.existingPointIds(List.of("p1"))).containsExactly("p1");
            assertThat(storage.sessionIdForConversation("conv-1")).contains("s1");
            assertThat(storage.activeSessionsOfInstance("term")).containsExactly(s1);

            // and the reopened store keeps working
            commitSpans(span("after", "s1", "claude-code", T0.plusSeconds(3)).build());
            assertThat(storage.spanCount()).isEqualTo(2);
        }

        @Test
        void checkpointKeepsEverything() {
            commitSpans(span("1", "s", "a", T0).build());
            storage.checkpoint();
            commitSpans(span("2", "s", "a", T0.plusSeconds(1)).build());
            storage.checkpoint();
            storage = reopen(storage, dir);
            assertThat(storage.spans("s")).extracting(Span::spanId).containsExactly("1", "2");
        }

        @Test
        void closeIsIdempotent() {
            commitSpans(span("1", "s", "a", T0).build());
            storage.close();
            storage.close();
            storage = open(dir);
            assertThat(storage.spanCount()).isEqualTo(1);
        }
    }

    // ===================================================================================
    @Nested
    class Concurrency {
        private static final int BATCHES = 40;
        private static final int PER_BATCH = 250;

        @Test
        void readsRunWhileTheWriterCommitsAndSeeWholeBatches() throws Exception {
            int readers = 4;
            ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            CountDownLatch readersStarted = new CountDownLatch(readers);
            try {
                List<Future<Integer>> readerRuns = new ArrayList<>();
                for (int r = 0; r < readers; r++) {
                    int which = r;
                    readerRuns.add(pool.submit(() -> {
                        readersStarted.countDown();
                        int rounds = 0;
                        long last = 0;
                        do {
                            try {
                                long n = storage.spanCount();
                                assertThat(n % PER_BATCH).as("a reader saw part of a batch").isZero();
                                assertThat(n).as("span count went backwards").isGreaterThanOrEqualTo(last);
                                last = n;
                                List<Session> live = storage.liveSessions(T0.minusSeconds(1), null);
                                assertThat(live).allSatisfy(s -> assertThat(s.agentId()).startsWith("agent-"));
                                storage.minuteBuckets(List.of("agent-0", "agent-1"), T0);
                                storage.cost(new CostQuery(null, null, CostGroup.values()[which % 8], null, ZoneOffset.UTC));
                                storage.archivedSessions(T0, null, 50);
                                storage.spans("s-" + which);
                                storage.agentIds();
                                storage.lastSeen(List.of("agent-0"));
                                storage.spanCostByAgentSince(T0);
                                storage.labels();
                            } catch (Throwable t) {
                                failures.add(t);
                                return rounds;
                            }
                            rounds++;
                        } while (writing.get());
                        return rounds;
                    }));
                }
                Future<?> writer = pool.submit(() -> {
                    try {
                        readersStarted.await();
                        int id = 0;
                        for (int b = 0; b < BATCHES; b++) {
                            List<Span> spans = new ArrayList<>();
                            for (int i = 0; i < PER_BATCH; i++, id++) {
                                spans.add(span("c-" + id, "s-" + (id % 5), "agent-" + (id % 3), T0.plusMillis(id))
                                        .costUsd(0.001).build());
                            }
                            List<Session> sessions = IntStream.range(0, 5).mapToObj(i -> session("s-" + i)
                                    .agent("agent-" + i % 3).started(T0).ended(T0.plusSeconds(1)).build()).toList();
                            storage.commit(new WriteBatch(spans, List.of(), sessions));
                            if (b % 10 == 9) storage.checkpoint();
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    } finally {
                        writing.set(false);
                    }
                    return null;
                });
                writer.get(5, TimeUnit.MINUTES);
                for (Future<Integer> f : readerRuns) assertThat(f.get(5, TimeUnit.MINUTES)).isPositive();
            } finally {
                writing.set(false);
                pool.shutdownNow();
            }
            assertThat(failures).isEmpty();
            assertThat(storage.spanCount()).isEqualTo((long) BATCHES * PER_BATCH);
            assertThat(storage.existingSpanIds(List.of("c-0", "c-9999"))).containsExactlyInAnyOrder("c-0", "c-9999");
        }

        @Test
        void manyThreadsReadAtOnce() throws Exception {
            commit(List.of(span("1", "s", "a", T0).costUsd(1.0).build()), List.of(),
                    List.of(session("s").agent("a").ended(T0.plusSeconds(1)).build()));
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Map<String, Double>>> runs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    runs.add(pool.submit(() -> {
                        go.await();
                        Map<String, Double> last = null;
                        for (int i = 0; i < 20; i++) {
                            assertThat(storage.session("s")).isPresent();
                            last = storage.spanCostByAgentSince(T0);
                        }
                        return last;
                    }));
                }
                go.countDown();
                for (Future<Map<String, Double>> f : runs) {
                    assertThat(f.get(5, TimeUnit.MINUTES)).containsExactly(entry("a", 1.0));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

}
