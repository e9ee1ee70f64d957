package dev.tj.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tj.core.storage.FinishedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QuotaAttributionTest {
    static final Instant T = Instant.parse("2026-11-30T10:00:00Z");
    static final Instant FIRST_RESET = T.plus(Duration.ofHours(3)), SECOND_RESET = T.plus(Duration.ofHours(8));

    static Instant at(int minutes) {
        return T.plus(Duration.ofMinutes(minutes));
    }

    static QuotaSnapshot snap(int minutes, String session, String prompt, double fiveHour, Instant resets) {
        return new QuotaSnapshot(
                at(minutes),
                session,
                prompt,
                "claude-opus-4-7",
                null,
                null,
                List.of(new QuotaWindow(QuotaWindow.FIVE_HOUR, fiveHour, resets)),
                null,
                "laptop",
                "ann");
    }

    static FinishedCall call(int minutes, String session, String prompt, String subagent, String ns, double cost) {
        return new FinishedCall(at(minutes), session, subagent, "claude-code", prompt, ns, "m", "laptop", 1000, cost);
    }

    /** Two sessions at once, a rise without calls, and a reset in the middle. */
    static final List<QuotaSnapshot> SNAPS = List.of(
            snap(0, "A", "pA1", 10, FIRST_RESET),
            snap(10, "A", "pA1", 16, FIRST_RESET),
            snap(20, "B", "pB1", 16, FIRST_RESET),
            snap(30, "B", "pB1", 26, FIRST_RESET),
            snap(181, "A", "pA2", 0, SECOND_RESET),
            snap(190, "A", "pA2", 4, SECOND_RESET),
            snap(200, "A", "pA2", 7, SECOND_RESET));

    static final List<FinishedCall> CALLS = List.of(
            call(-30, "A", null, null, "alpha", 1.0),
            call(5, "A", null, null, "alpha", 0.3),
            call(7, "B", null, null, null, 0.1),
            call(15, "B", null, null, null, 0.2), // the window did not move: counts for nothing
            call(25, "A", null, "sub-1", "alpha", 0.25),
            call(28, "B", "pB-otel", null, null, 0.75),
            call(120, "B", null, null, null, 5.0), // after the last reading of the old window, before the new one
            call(185, "A", null, null, "alpha", 0.4));

    static Attribution attribute() {
        return QuotaAttribution.attribute(
                QuotaWindow.FIVE_HOUR,
                T.minus(Duration.ofHours(2)),
                at(200),
                SNAPS,
                CALLS,
                (ns, agent) -> ns != null ? ns : agent);
    }

    static Map<String, Double> points(List<Contribution> l) {
        return l.stream().collect(Collectors.toMap(Contribution::key, Contribution::points));
    }

    @Test
    void eachRiseSplitsByTheValueOfTheCallsBetweenItsTwoReadings() {
        Attribution a = attribute();
        assertThat(a.risePoints()).isCloseTo(33, within(1e-9));
        assertThat(a.attributedPoints()).isCloseTo(30, within(1e-9));
        assertThat(a.unattributedPoints()).isCloseTo(3, within(1e-9));
        assertThat(a.resets()).isEqualTo(1);
        // A: 10 (first reading, from the window's start) + 4.5 + 2.5 + 4; B: 1.5 + 7.5
        assertThat(a.sessions()).extracting(Contribution::key).containsExactly("A", "B");
        assertThat(a.sessions().get(0).points()).isCloseTo(21, within(1e-9));
        assertThat(a.sessions().get(1).points()).isCloseTo(9, within(1e-9));
        assertThat(a.sessions().get(0).calls()).isEqualTo(4);
        assertThat(a.sessions().get(1).costUsd()).isCloseTo(0.85, within(1e-9));
    }

    @Test
    void promptsComeFromTheCallOrFromWhatItsSessionShowed() {
        Map<String, Double> p = points(attribute().prompts());
        assertThat(p).containsOnlyKeys("pA1", "pA2", "pB1", "pB-otel");
        assertThat(p.get("pA1")).isCloseTo(17, within(1e-9));
        assertThat(p.get("pA2")).isCloseTo(4, within(1e-9));
        assertThat(p.get("pB1")).isCloseTo(1.5, within(1e-9));
        assertThat(p.get("pB-otel")).isCloseTo(7.5, within(1e-9));
        assertThat(attribute().prompts().get(0).session()).isEqualTo("A");
    }

    @Test
    void subagentsAndProjectsGetTheirShare() {
        Attribution a = attribute();
        assertThat(a.subagents()).hasSize(1);
        assertThat(a.subagents().get(0).key()).isEqualTo("sub-1");
        assertThat(a.subagents().get(0).session()).isEqualTo("A");
        assertThat(a.subagents().get(0).points()).isCloseTo(2.5, within(1e-9));
        Map<String, Double> p = points(a.projects());
        assertThat(p.get("alpha")).isCloseTo(21, within(1e-9));
        assertThat(p.get("claude-code")).isCloseTo(9, within(1e-9));
    }

    @Test
    void risesNameTheSessionThatDroveThemAndMergeIntoBands() {
        Attribution a = attribute();
        assertThat(a.rises()).extracting(Attribution.Rise::session).containsExactly("A", "A", "B", "A", null);
        assertThat(a.rises().get(0).from()).isEqualTo(FIRST_RESET.minus(Duration.ofHours(5)));
        assertThat(a.rises().get(3).from())
                .as("a reset counts from the new window's start")
                .isEqualTo(at(181));
        List<Map<String, Object>> bands = QuotaService.bands(a);
        assertThat(bands).extracting(b -> b.get("session_id")).containsExactly("A", "B", "A", null);
        assertThat(bands).extracting(b -> b.get("points")).containsExactly(16.0, 10.0, 4.0, 3.0);
    }

    @Test
    void repeatsOfTheSameReadingChangeNothing() {
        // every snapshot three times over, a second apart, as a 5-second statusline would send them
        List<QuotaSnapshot> repeated = new java.util.ArrayList<>();
        for (QuotaSnapshot s : SNAPS)
            for (int k = 0; k < 3; k++)
                repeated.add(new QuotaSnapshot(
                        s.at().plusSeconds(k),
                        s.sessionId(),
                        s.promptId(),
                        s.model(),
                        null,
                        null,
                        s.windows(),
                        null,
                        s.machine(),
                        s.user()));
        List<QuotaSnapshot> kept = dev.tj.core.storage.QuotaRow.changes(repeated, QuotaWindow.FIVE_HOUR);
        assertThat(kept.size()).isLessThan(repeated.size());
        BiFunctionProject p = (ns, agent) -> ns != null ? ns : agent;
        Attribution all = QuotaAttribution.attribute(
                QuotaWindow.FIVE_HOUR, T.minus(Duration.ofHours(2)), at(300), repeated, CALLS, p);
        Attribution few = QuotaAttribution.attribute(
                QuotaWindow.FIVE_HOUR, T.minus(Duration.ofHours(2)), at(300), kept, CALLS, p);
        assertThat(few.sessions()).isEqualTo(all.sessions());
        assertThat(few.prompts()).isEqualTo(all.prompts());
        assertThat(few.risePoints()).isEqualTo(all.risePoints());
    }

    interface BiFunctionProject extends java.util.function.BiFunction<String, String, String> {}

    @Test
    void withoutPricesTokensWeigh() {
        List<FinishedCall> calls = List.of(
                new FinishedCall(at(5), "A", null, "x", null, null, "m", null, 300, 0),
                new FinishedCall(at(6), "B", null, "x", null, null, "m", null, 100, 0));
        Attribution a = QuotaAttribution.attribute(
                QuotaWindow.FIVE_HOUR, T, at(60), SNAPS.subList(0, 2), calls, (ns, ag) -> ag);
        assertThat(points(a.sessions())).containsEntry("A", 4.5).containsEntry("B", 1.5);
    }

    @Test
    void aRangeStartingLaterSkipsEarlierRises() {
        Attribution a =
                QuotaAttribution.attribute(QuotaWindow.FIVE_HOUR, at(15), at(200), SNAPS, CALLS, (ns, ag) -> ag);
        assertThat(a.risePoints()).isCloseTo(10 + 4 + 3, within(1e-9));
    }

    @Test
    void theOutlookProjectsTheRecentBurnToTheReset() {
        WindowOutlook o = WindowOutlook.of(QuotaWindow.FIVE_HOUR, SNAPS.subList(0, 4), at(30));
        assertThat(o.usedPercent()).isEqualTo(26);
        assertThat(o.burnPerHour()).isCloseTo(32, within(1e-9)); // 16 points in half an hour
        assertThat(o.projectedAtReset()).isCloseTo(26 + 32 * 2.5, within(1e-9));
        assertThat(o.runsOutBeforeReset()).isTrue();
        assertThat(o.exhaustedAt()).isEqualTo(at(30).plusMillis(Math.round(74 / 32.0 * 3_600_000)));

        WindowOutlook slow = WindowOutlook.of(QuotaWindow.FIVE_HOUR, SNAPS.subList(1, 3), at(20));
        assertThat(slow.burnPerHour()).isEqualTo(0.0);
        assertThat(slow.runsOutBeforeReset()).isFalse();

        WindowOutlook one = WindowOutlook.of(QuotaWindow.FIVE_HOUR, SNAPS.subList(0, 1), at(0));
        assertThat(one.burnPerHour())
                .as("the window's own pace: 10 points in 2 hours")
                .isCloseTo(5, within(1e-9));

        WindowOutlook stale = WindowOutlook.of(QuotaWindow.FIVE_HOUR, SNAPS.subList(0, 4), at(200));
        assertThat(stale.resetSinceReading()).isTrue();
        assertThat(stale.usedPercent()).isZero();
        assertThat(WindowOutlook.of("seven_day", SNAPS, at(0))).isNull();
    }
}
