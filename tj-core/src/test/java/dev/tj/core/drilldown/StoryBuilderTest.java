package dev.tj.core.drilldown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.testkit.DrilldownCorpus;
import dev.tj.testkit.DrilldownTruth;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoryBuilderTest {
    @TempDir
    Path tmp;

    DrilldownTruth truth;
    TranscriptSearch search;
    Story story;

    @BeforeEach
    void setUp() throws Exception {
        truth = DrilldownCorpus.write(tmp.resolve("projects"), tmp.resolve("codex"));
        search = new TranscriptSearch(List.of(tmp.resolve("projects")), List.of(tmp.resolve("codex")));
        story = new StoryBuilder().build(search.find(truth.sessionId()).orElseThrow(), true);
    }

    @Test
    void mainStepsTaskAndOutcome() {
        assertThat(story.agent()).isEqualTo(Story.CLAUDE_CODE);
        assertThat(story.task()).isEqualTo(truth.task());
        assertThat(story.outcome()).isEqualTo(truth.outcome());
        assertThat(story.stepCount()).isEqualTo(truth.mainSteps());
        assertThat(story.steps())
                .extracting(Step::n)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, truth.mainSteps()).boxed().toList());
        assertThat(story.truncated()).isFalse();
    }

    @Test
    void errorsAndRetriesOnlyAfterAFailure() {
        List<Integer> errors = new ArrayList<>(), retries = new ArrayList<>();
        for (Step s : story.steps()) {
            if (s.isError()) errors.add(s.n());
            if (s.isRetry()) retries.add(s.n());
        }
        assertThat(errors).isEqualTo(truth.errorSteps());
        assertThat(retries).isEqualTo(truth.retrySteps());
    }

    @Test
    void toolsCarryOnlyNameLabelAndStatus() {
        Step bash = story.steps().get(2);
        assertThat(bash.tools()).containsExactly(new ToolCall("Bash", "pytest -q tests/test_parser.py", "error"));
        assertThat(story.steps().get(1).tools())
                .containsExactly(new ToolCall("Read", "/home/dev/tj/src/parser.py", "ok"));
        for (Step s : story.steps())
            for (ToolCall t : s.tools()) assertThat(t.label().length()).isLessThanOrEqualTo(121);
        // the request copy (api-request-blob) never became a step
        assertThat(story.steps()).noneMatch(s -> s.text() != null && s.text().contains("copied request text"));
        assertThat(story.steps().get(0).ask()).isEqualTo(truth.task());
        assertThat(story.steps().get(0).model()).isEqualTo("claude-opus-4-6");
    }

    @Test
    void subagentsNestWithTheirCapsVisible() {
        Map<String, Subagent> found = new HashMap<>();
        Map<String, Integer> depth = new HashMap<>();
        Map<String, String> parent = new HashMap<>();
        Map<String, Integer> spawnStep = new HashMap<>();
        collect(story.steps(), truth.sessionId(), 1, found, depth, parent, spawnStep);
        for (DrilldownTruth.Agent a : truth.agents().values()) {
            Subagent s = found.get(a.agentId());
            assertThat(s).as(a.agentId()).isNotNull();
            assertThat(depth.get(a.agentId())).as("depth of " + a.agentId()).isEqualTo(a.depth());
            assertThat(parent.get(a.agentId())).as("parent of " + a.agentId()).isEqualTo(a.parent());
            assertThat(spawnStep.get(a.agentId()))
                    .as("spawn step of " + a.agentId())
                    .isEqualTo(a.spawnStep());
            assertThat(s.name()).as("name of " + a.agentId()).isEqualTo(a.name());
            assertThat(s.status()).as("status of " + a.agentId()).isEqualTo(a.status());
            assertThat(Boolean.TRUE.equals(s.background()))
                    .as("background " + a.agentId())
                    .isEqualTo(a.background());
            assertThat(Boolean.TRUE.equals(s.fork())).as("fork " + a.agentId()).isEqualTo(a.fork());
            switch (a.expansion()) {
                case "expanded" -> {
                    assertThat(s.cappedBy()).as(a.agentId()).isNull();
                    assertThat(s.stepCount()).as("steps of " + a.agentId()).isEqualTo(a.steps());
                    assertThat(s.task()).as("task of " + a.agentId()).isEqualTo(a.task());
                    assertThat(s.replayedRecords() == null ? 0 : s.replayedRecords())
                            .as("replayed by " + a.agentId())
                            .isEqualTo(a.replayed());
                }
                case "depth" -> assertThat(s.depthCapped()).isTrue();
                case "missing" -> assertThat(s.missing()).isTrue();
                default -> throw new AssertionError(a.expansion());
            }
        }
        // b1 names itself in one of its calls: shown as a cycle, not expanded again
        Subagent b1 = found.get("b1000000000000001");
        assertThat(b1.steps().get(1).subagent().cycle()).isTrue();
        assertThat(story.caps().cycles()).isEqualTo(1);
        assertThat(story.caps().depthCapped()).isEqualTo(1);
        assertThat(story.caps().budgetCapped()).isZero();
        assertThat(story.skipped().missingSubagents()).isEqualTo(1);
        int expanded = truth.agents().values().stream()
                .filter(a -> a.expansion().equals("expanded"))
                .mapToInt(DrilldownTruth.Agent::steps)
                .sum();
        assertThat(story.caps().budgetUsed()).isEqualTo(truth.mainSteps() + expanded);
    }

    @Test
    void skippedCountsWhatWasNotShown() {
        Skipped k = story.skipped();
        assertThat(k.unparseableLines()).isEqualTo(1);
        assertThat(k.nonObjectLines()).isEqualTo(1);
        assertThat(k.replayedRecords()).isEqualTo(4);
        assertThat(k.unknownRecords()).isGreaterThanOrEqualTo(4); // summary, api-request, blob, future-thing
    }

    @Test
    void withoutSubagentsNothingIsExpanded() {
        Story flat = new StoryBuilder().build(search.find(truth.sessionId()).orElseThrow(), false);
        assertThat(flat.stepCount()).isEqualTo(truth.mainSteps());
        assertThat(flat.steps()).allMatch(s -> s.children().isEmpty());
        assertThat(flat.caps().budgetUsed()).isEqualTo(truth.mainSteps());
    }

    @Test
    void aResumedSessionDoesNotShowTheCopiesAgain() {
        Story r = new StoryBuilder().build(search.find(truth.resumedSessionId()).orElseThrow(), true);
        assertThat(r.stepCount()).isEqualTo(truth.resumedSteps());
        assertThat(r.skipped().resumedCopies()).isEqualTo(truth.resumedCopies());
        assertThat(r.task()).isEqualTo("Continue with the docs");
    }

    @Test
    void aCodexRolloutHasAStoryAndANonZeroExitIsAnError() {
        Story c = new StoryBuilder().build(search.find(truth.codexSessionId()).orElseThrow(), true);
        assertThat(c.agent()).isEqualTo(Story.CODEX);
        assertThat(c.stepCount()).isEqualTo(truth.codexSteps());
        assertThat(c.task()).isEqualTo(truth.codexTask());
        assertThat(c.steps().stream().filter(Step::isError).map(Step::n).toList())
                .isEqualTo(truth.codexErrorSteps());
        assertThat(c.steps().stream().filter(Step::isRetry).map(Step::n).toList())
                .isEqualTo(truth.codexRetrySteps());
        assertThat(c.steps().get(0).tools()).containsExactly(new ToolCall("exec_command", "cargo test", "error"));
        assertThat(c.steps().get(2).tools()).containsExactly(new ToolCall("apply_patch", "src/lib.rs", "ok"));
        assertThat(c.outcome()).isEqualTo("All tests pass.");
        assertThat(c.skipped().unknownRecords()).isEqualTo(1);
    }

    private static void collect(
            List<Step> steps,
            String parentId,
            int d,
            Map<String, Subagent> found,
            Map<String, Integer> depth,
            Map<String, String> parent,
            Map<String, Integer> spawnStep) {
        for (Step s : steps) {
            for (Subagent c : s.children()) {
                if (c.agentId() == null || Boolean.TRUE.equals(c.cycle())) continue;
                found.put(c.agentId(), c);
                depth.put(c.agentId(), d);
                parent.put(c.agentId(), parentId);
                spawnStep.put(c.agentId(), s.n());
                collect(c.stepsOrEmpty(), c.agentId(), d + 1, found, depth, parent, spawnStep);
            }
        }
    }
}
