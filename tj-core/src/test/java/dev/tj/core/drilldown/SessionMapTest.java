package dev.tj.core.drilldown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tj.testkit.DrilldownCorpus;
import dev.tj.testkit.DrilldownTruth;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionMapTest {
    @TempDir
    Path tmp;

    @Test
    void aLongGapCountsThirtySecondsAndIsReported() {
        ActiveAxis axis = new ActiveAxis(520, List.of(0.0, 100.0, 500.0, 520.0));
        assertThat(axis.total()).isEqualTo(150.0);
        assertThat(axis.toActive(100)).isEqualTo(100.0);
        assertThat(axis.toActive(300)).isEqualTo(115.0); // halfway through the gap, halfway through its 30 s
        assertThat(axis.toActive(500)).isEqualTo(130.0);
        assertThat(axis.toActive(510)).isEqualTo(140.0);
        assertThat(axis.toActive(9999)).isEqualTo(150.0);
        assertThat(axis.toActive(-5)).isEqualTo(0.0);
        assertThat(axis.gaps).containsExactly(new ActiveAxis.Collapsed(100, 500, 100));
        assertThat(axis.fraction(axis.gaps.get(0))).isEqualTo(115.0 / 150.0);
    }

    @Test
    void exactlyThreeHundredSecondsIsNotAGapAndTheAxisIsTheWallClock() {
        ActiveAxis axis = new ActiveAxis(610, List.of(10.0, 310.0, 610.0));
        assertThat(axis.gaps).isEmpty();
        assertThat(axis.total()).isEqualTo(610.0);
        for (double t : new double[] {0, 5, 10, 123.25, 310, 609.5, 610})
            assertThat(axis.toActive(t)).isEqualTo(t);
    }

    @Test
    void aSessionWithoutGapsHasAnActiveAxisEqualToItsWallClock() {
        Instant t0 = Instant.parse("2026-11-02T09:00:00Z");
        List<CallPoint> calls = new ArrayList<>();
        for (int i = 0; i <= 10; i++)
            calls.add(new CallPoint(t0.plusSeconds(37L * i), null, true, 1000 + i, 10, 0.01, "claude-opus-4-6", null));
        SessionMap m = SessionMapBuilder.build(null, calls, Map.of(), t0);
        assertThat(m.meta().durationS()).isEqualTo(370.0);
        assertThat(m.meta().activeDurationS()).isEqualTo(m.meta().durationS());
        assertThat(m.meta().gaps()).isEmpty();
        for (SessionMap.ContextPoint p : m.contextSeries())
            assertThat(p.activeS()).isEqualTo(p.tS());
        assertThat(m.contextSeries())
                .extracting(SessionMap.ContextPoint::tokens)
                .startsWith(1000L, 1001L);
        assertThat(m.meta().totalTokens()).isEqualTo(11 * 1000 + 55 + 110);
        assertThat(m.meta().totalCostUsd()).isCloseTo(0.11, within(1e-9));
        assertThat(m.meta().model()).isEqualTo("claude-opus-4-6");
        assertThat(m.meta().startedAt()).isEqualTo(t0.toString());
    }

    @Test
    void theFixtureSessionMapMatchesItsGroundTruth() throws Exception {
        DrilldownTruth truth = DrilldownCorpus.write(tmp.resolve("projects"), tmp.resolve("codex"));
        TranscriptSearch search = new TranscriptSearch(List.of(tmp.resolve("projects")), List.of());
        Story story = new StoryBuilder().build(search.find(truth.sessionId()).orElseThrow(), true);
        SessionMap m = SessionMapBuilder.build(story, List.of(), Map.of(), null);

        assertThat(m.events()).hasSize(truth.toolEventTimes().size());
        Map<String, Integer> cats = new LinkedHashMap<>();
        for (SessionMap.Event e : m.events()) cats.merge(e.category(), 1, Integer::sum);
        assertThat(cats).isEqualTo(truth.categories());
        for (int i = 0; i < m.events().size(); i++) {
            assertThat(m.events().get(i).ordinal()).isEqualTo(i);
            assertThat(Instant.parse(m.events().get(i).ts()).toEpochMilli())
                    .isEqualTo(truth.toolEventTimes().get(i));
        }
        assertThat(m.meta().durationS()).isEqualTo(truth.wallSeconds());
        assertThat(m.meta().gaps())
                .extracting(SessionMap.Gap::durationS)
                .containsExactlyElementsOf(truth.gapsSeconds());
        assertThat(m.meta().gaps()).hasSize(2);
        double collapsed = truth.gapsSeconds().stream().mapToDouble(g -> g - 30).sum();
        assertThat(m.meta().activeDurationS()).isCloseTo(truth.wallSeconds() - collapsed, within(1e-9));
        assertThat(m.events().get(m.events().size() - 1).activeS())
                .isEqualTo(m.meta().activeDurationS());
        assertThat(m.events().get(0).activeS()).isEqualTo(0.0);

        // subagent windows from their own steps (no spans stored): the nested ones and the capped one
        assertThat(m.subagents())
                .extracting(SessionMap.SubagentWindow::agentId)
                .contains("a1000000000000001", "b1000000000000001", "c1000000000000001", "a3000000000000003");
        SessionMap.SubagentWindow a1 = m.subagents().stream()
                .filter(w -> w.agentId().equals("a1000000000000001"))
                .findFirst()
                .orElseThrow();
        // a1 ran between the main thread's 6th and 7th tool calls (its spawn and the next): bracketed by them
        assertThat(a1.startOrdinal()).isEqualTo(5);
        assertThat(a1.endOrdinal()).isEqualTo(6);
        assertThat(a1.tokens()).isNull();
    }

    @Test
    void aWindowMapsToTheEventsInsideItOrElseToTheTwoAroundIt() {
        Instant t0 = Instant.parse("2026-11-02T09:00:00Z");
        List<Instant> ts = List.of(t0, t0.plusSeconds(10), t0.plusSeconds(20), t0.plusSeconds(30), t0.plusSeconds(40));
        List<Integer> ord = List.of(0, 1, 2, 3, 4);
        assertThat(SessionMapBuilder.ordinals(ord, ts, t0.plusSeconds(10), t0.plusSeconds(30)))
                .containsExactly(1, 3);
        assertThat(SessionMapBuilder.ordinals(ord, ts, t0.plusSeconds(5), t0.plusSeconds(35)))
                .containsExactly(1, 3);
        assertThat(SessionMapBuilder.ordinals(ord, ts, t0.plusSeconds(12), t0.plusSeconds(18)))
                .containsExactly(1, 2);
        assertThat(SessionMapBuilder.ordinals(ord, ts, t0.plusSeconds(45), t0.plusSeconds(50)))
                .containsExactly(4, 4);
        assertThat(SessionMapBuilder.ordinals(ord, ts, t0.minusSeconds(9), t0.minusSeconds(1)))
                .containsExactly(0, 0);
        assertThat(SessionMapBuilder.ordinals(List.of(), List.of(), t0, t0)).isNull();
    }

    @Test
    void phasesFollowNarrationWithinAnAsk() {
        List<Step> steps = new ArrayList<>();
        String[] texts = {"Read the code first. It is long.", "", "", "Now fix it! Carefully.", "", ""};
        for (int i = 0; i < texts.length; i++)
            steps.add(new Step(
                    i + 1,
                    "2026-11-02T09:00:0" + i + "Z",
                    texts[i],
                    false,
                    List.of(new ToolCall("Read", "/a/b" + i, "ok")),
                    false,
                    false,
                    "m",
                    i == 0 ? "ask" : null,
                    null,
                    null,
                    null));
        Story s = new Story(
                "s",
                Story.CLAUDE_CODE,
                "ask",
                null,
                6,
                false,
                steps,
                new StoryCaps(400, 3, 4000, 6, 0, 0, 0, 0),
                Skipped.NONE);
        SessionMap m = SessionMapBuilder.build(s, List.of(), Map.of(), null);
        assertThat(m.phases())
                .containsExactly(
                        new SessionMap.Phase(
                                "Read the code first.",
                                0,
                                2,
                                steps.get(0).ts(),
                                steps.get(2).ts()),
                        new SessionMap.Phase(
                                "Now fix it!",
                                3,
                                5,
                                steps.get(3).ts(),
                                steps.get(5).ts()));
        assertThat(Phases.titles(steps.subList(0, 5))).containsOnlyNulls();
    }
}
