package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.quota.QuotaSnapshot;
import dev.tj.core.quota.QuotaWindow;
import dev.tj.core.quota.SpendLimit;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.FinishedCall;
import dev.tj.core.storage.QuotaSnapshots;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Quota snapshots ({@link QuotaSnapshots}) and LLM calls by time ({@code FinishedCalls}): a snapshot
 * round-trips whole (both common windows, rarer ones, a spend limit, hostile strings); one without
 * quota is not kept; the series of a user only moves forward; reads are by half-open time range,
 * oldest first, per user or for all; durable across a reopen. Calls are listed by their end time with
 * the prompt they answered and their session's project.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class QuotaSnapshotsSuite extends StorageSuiteBase {
    protected QuotaSnapshots quota() {
        return storage.quota();
    }

    static QuotaSnapshot snap(int secondsAfterT0, String user, double fiveHour, double sevenDay) {
        return new QuotaSnapshot(
                T0.plusSeconds(secondsAfterT0),
                "sess-" + secondsAfterT0,
                "prompt-" + secondsAfterT0,
                "claude-opus-4-7",
                1.25,
                42.5,
                List.of(
                        new QuotaWindow(QuotaWindow.FIVE_HOUR, fiveHour, T0.plusSeconds(3600)),
                        new QuotaWindow(QuotaWindow.SEVEN_DAY, sevenDay, T0.plusSeconds(86_400 * 3))),
                null,
                "laptop",
                user);
    }

    @Test
    protected void nothingAddedNothingFound() {
        assertThat(quota().latest(null)).isEmpty();
        assertThat(quota().latest("ann")).isEmpty();
        assertThat(quota().between(T0.minusSeconds(10), T0.plusSeconds(10), null))
                .isEmpty();
    }

    @Test
    protected void aSnapshotRoundTripsWhole() {
        QuotaSnapshot full = new QuotaSnapshot(
                T0.plusMillis(1500),
                "s'; DROP TABLE spans; --",
                "<script>alert(1)</script>",
                "claude-opus-4-7",
                3.5,
                null,
                List.of(
                        new QuotaWindow(QuotaWindow.FIVE_HOUR, 45, T0.plusSeconds(7200)),
                        new QuotaWindow(QuotaWindow.SEVEN_DAY, 13.6, null),
                        new QuotaWindow("seven_day_opus", 99.5, T0.plusSeconds(86_400)),
                        new QuotaWindow("seven_day_sonnet", 0, null)),
                new SpendLimit(12.3, 50, "month"),
                "box \"1\"",
                "ann@example.com");
        assertThat(quota().add(full)).isTrue();
        assertThat(quota().latest(null)).contains(full);
        assertThat(quota().between(T0, T0.plusSeconds(2), "ann@example.com")).containsExactly(full);

        QuotaSnapshot spendOnly = new QuotaSnapshot(
                T0.plusSeconds(5), null, null, null, null, null, List.of(), new SpendLimit(0, 0, null), null, null);
        assertThat(quota().add(spendOnly)).isTrue();
        assertThat(quota().latest(null)).contains(spendOnly);
    }

    @Test
    protected void aSnapshotWithoutQuotaIsNotKept() {
        QuotaSnapshot apiUser =
                new QuotaSnapshot(T0, "s1", "p1", "claude-sonnet-4-5", 0.5, 10.0, List.of(), null, "laptop", "ann");
        assertThat(quota().add(apiUser)).isFalse();
        assertThat(quota().latest(null)).isEmpty();
    }

    @Test
    protected void theSeriesOfAUserOnlyMovesForward() {
        assertThat(quota().add(snap(100, "ann", 10, 1))).isTrue();
        assertThat(quota().add(snap(50, "ann", 99, 99)))
                .as("a clock that went back")
                .isFalse();
        assertThat(quota().add(snap(50, "bob", 5, 1)))
                .as("another user's series")
                .isTrue();
        assertThat(quota().add(snap(100, "ann", 11, 1)))
                .as("the same moment again")
                .isTrue();
        assertThat(quota().add(snap(200, "ann", 12, 1))).isTrue();
        assertThat(quota().between(T0, T0.plusSeconds(1000), "ann"))
                .extracting(s -> s.window(QuotaWindow.FIVE_HOUR).orElseThrow().usedPercent())
                .containsExactly(10.0, 11.0, 12.0);
        assertThat(quota().latest("bob").orElseThrow().at()).isEqualTo(T0.plusSeconds(50));
    }

    @Test
    protected void readsAreByHalfOpenRangeOldestFirst() {
        for (int i = 0; i < 10; i++) quota().add(snap(i * 10, i % 2 == 0 ? "ann" : "bob", i, 1));
        assertThat(quota().between(T0.plusSeconds(20), T0.plusSeconds(60), null))
                .extracting(QuotaSnapshot::at)
                .containsExactly(T0.plusSeconds(20), T0.plusSeconds(30), T0.plusSeconds(40), T0.plusSeconds(50));
        assertThat(quota().between(T0.plusSeconds(20), T0.plusSeconds(60), "ann"))
                .extracting(QuotaSnapshot::at)
                .containsExactly(T0.plusSeconds(20), T0.plusSeconds(40));
        assertThat(quota().latest(null).orElseThrow().at()).isEqualTo(T0.plusSeconds(90));
        assertThat(quota().latest("ann").orElseThrow().at()).isEqualTo(T0.plusSeconds(80));
    }

    @Test
    protected void changesLeaveOutOnlyRepeatsOfTheSameReading() {
        // 5-hour: 10 10 10 12 12 12 (reset) 1 1 ; the session changes once among the repeats
        double[] five = {10, 10, 10, 12, 12, 12, 1, 1};
        List<QuotaSnapshot> all = new java.util.ArrayList<>();
        for (int i = 0; i < five.length; i++) {
            QuotaSnapshot s = new QuotaSnapshot(
                    T0.plusSeconds(i * 5L),
                    i == 4 ? "other" : "s1",
                    "p1",
                    "m",
                    null,
                    null,
                    List.of(
                            new QuotaWindow(QuotaWindow.FIVE_HOUR, five[i], T0.plusSeconds(i < 6 ? 3600 : 7200)),
                            new QuotaWindow(QuotaWindow.SEVEN_DAY, 5, T0.plusSeconds(86_400))),
                    null,
                    "laptop",
                    "ann");
            quota().add(s);
            all.add(s);
        }
        List<QuotaSnapshot> five5 = quota().changes(QuotaWindow.FIVE_HOUR, T0, T0.plusSeconds(100), "ann");
        // kept: first; 2 (before the rise); 3 (the rise); 4 (another session); 5 (back, and before the reset); 6; 7
        // (last)
        assertThat(five5)
                .containsExactly(all.get(0), all.get(2), all.get(3), all.get(4), all.get(5), all.get(6), all.get(7));
        assertThat(five5).isEqualTo(dev.tj.core.storage.QuotaRow.changes(all, QuotaWindow.FIVE_HOUR));
        // the weekly reading never moves: only the ends and the session switch remain
        assertThat(quota().changes(QuotaWindow.SEVEN_DAY, T0, T0.plusSeconds(100), null))
                .containsExactly(all.get(0), all.get(4), all.get(5), all.get(7));
        assertThat(quota().changes("seven_day_opus", T0.plusSeconds(11), T0.plusSeconds(100), "bob"))
                .isEmpty();
    }

    @Test
    protected void snapshotsSurviveAReopen() {
        QuotaSnapshot s = snap(10, "ann", 33, 3);
        quota().add(s);
        storage = reopen(storage, dir);
        assertThat(quota().latest("ann")).contains(s);
        assertThat(quota().add(snap(5, "ann", 1, 1)))
                .as("still only forward after a reopen")
                .isFalse();
    }

    @Test
    protected void llmCallsAreListedByTheirEndWithPromptAndProject() {
        commit(
                List.of(
                        span("a1", "s1", "claude-code", T0)
                                .endTime(T0.plusSeconds(30))
                                .model("claude-opus-4-7")
                                .usage(new Usage(10, 20, 300, 40, 0))
                                .costUsd(0.5)
                                .conversationId("prompt-1")
                                .resource(new ResourceIdentity(null, null, null, null, "laptop", "ann"))
                                .build(),
                        span("a2", "s2", "claude-code", T0.plusSeconds(5))
                                .endTime(T0.plusSeconds(10))
                                .subAgentId("agent-x")
                                .usage(new Usage(1, 2, 0, 0, 0))
                                .costUsd(0.01)
                                .conversationId("s2")
                                .build(),
                        span("a3", "s1", "claude-code", T0.plusSeconds(40)).build(),
                        span("tool", "s1", "claude-code", T0.plusSeconds(12))
                                .name("gen_ai.tool.call")
                                .toolName("Bash")
                                .usage(new Usage(5, 5, 0, 0, 0))
                                .build(),
                        span("old", "s1", "claude-code", T0.minusSeconds(3600)).build()),
                List.of(),
                List.of(
                        session("s1")
                                .agent("claude-code")
                                .resource(new ResourceIdentity("proj-one", null, null, null))
                                .build(),
                        session("s2").agent("claude-code").build()));
        List<FinishedCall> calls = storage.finishedCalls().finished(T0, T0.plusSeconds(40));
        assertThat(calls)
                .containsExactly(
                        new FinishedCall(
                                T0.plusSeconds(10), "s2", "agent-x", "claude-code", null, null, null, null, 3, 0.01),
                        new FinishedCall(
                                T0.plusSeconds(30),
                                "s1",
                                null,
                                "claude-code",
                                "prompt-1",
                                "proj-one",
                                "claude-opus-4-7",
                                "laptop",
                                370,
                                0.5));
        assertThat(storage.finishedCalls().finished(T0.plusSeconds(40), T0.plusSeconds(41)))
                .extracting(FinishedCall::sessionId)
                .containsExactly("s1");
        assertThat(storage.finishedCalls().finished(T0.minusSeconds(7200), T0)).hasSize(1);
    }

    @Test
    protected void manyCallsOfInterleavedSessionsKeepTheirOwnTokensInTimeOrder() {
        List<dev.tj.core.span.Span> spans = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String session = i % 3 == 0 ? "s2" : "s1";
            // end times out of insertion order, and some equal across sessions
            Instant end = T0.plusSeconds((i * 7L) % 61);
            spans.add(span("m" + i, session, "claude-code", end.minusSeconds(1))
                    .endTime(end)
                    .conversationId(session + "-p" + (i % 2))
                    .usage(new Usage(i, 0, 0, 0, 0))
                    .costUsd(i / 100.0)
                    .build());
        }
        commit(spans, List.of(), List.of(session("s1").build(), session("s2").build()));
        List<FinishedCall> calls = storage.finishedCalls().finished(T0, T0.plusSeconds(61));
        assertThat(calls).hasSize(60).isSortedAccordingTo(FinishedCall.ORDER);
        for (FinishedCall c : calls) {
            int i = (int) c.tokens();
            assertThat(c.at()).isEqualTo(T0.plusSeconds((i * 7L) % 61));
            assertThat(c.costUsd()).isEqualTo(i / 100.0);
            assertThat(c.sessionId()).isEqualTo(i % 3 == 0 ? "s2" : "s1");
            assertThat(c.promptId()).isEqualTo(c.sessionId() + "-p" + (i % 2));
        }
    }
}
