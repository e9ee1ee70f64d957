package dev.tj.core.drilldown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.rollup.Rightsizing;
import dev.tj.core.rollup.SubagentUse;
import dev.tj.core.span.Usage;
import dev.tj.testkit.DrilldownCorpus;
import dev.tj.testkit.DrilldownTruth;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApproachTest {
    @TempDir
    Path tmp;

    DrilldownTruth truth;
    Story story;

    @BeforeEach
    void setUp() throws Exception {
        truth = DrilldownCorpus.write(tmp.resolve("projects"), tmp.resolve("codex"));
        story = new StoryBuilder()
                .build(
                        new TranscriptSearch(List.of(tmp.resolve("projects")), List.of())
                                .find(truth.sessionId())
                                .orElseThrow(),
                        true);
    }

    @Test
    void theSpineReadsTheMethod() {
        SubagentUse a1 = new SubagentUse(
                "a1000000000000001",
                "Agent",
                "claude-opus-4-6",
                3,
                2,
                new Usage(10, 900, 60_000, 100, 0),
                0.42,
                null,
                null,
                Rightsizing.flags("claude-opus-4-6", 10, 60_000, 900, 2, 0.42));
        Approach a = ApproachBuilder.build(
                story,
                "parser work",
                "completed",
                Map.of(a1.subAgentId(), a1),
                new Approach.Meta(1.5, 123_456L),
                List.of(new ChildSession("child-1", "other terminal", "active", 0.2, 50L, false)));
        List<Approach.Move> spine = a.spine();
        assertThat(spine).hasSize(truth.mainSteps());
        assertThat(spine)
                .extracting(Approach.Move::kind)
                .containsExactly(
                        "act",
                        "act",
                        "verify",
                        "dead_end",
                        "dead_end",
                        "verify",
                        "delegate",
                        "delegate",
                        "delegate",
                        "delegate",
                        "delegate",
                        "act",
                        "act",
                        "act");
        assertThat(spine.get(0).label()).isEqualTo("I'll start by reading the parser.");
        assertThat(spine.get(0).source()).isEqualTo("agent_words");
        assertThat(spine.get(0).quote()).isEqualTo("I'll start by reading the parser.");
        assertThat(spine.get(1).label()).isEqualTo("read parser.py");
        assertThat(spine.get(1).source()).isEqualTo("structural");
        assertThat(spine.get(2).failed()).isTrue();
        assertThat(spine.get(5).failed()).isFalse();
        assertThat(spine.get(11).label()).isEqualTo("edit parser.py");

        Approach.Delegation d1 = spine.get(6).delegations().get(0);
        assertThat(d1.agentId()).isEqualTo("a1000000000000001");
        assertThat(d1.depth()).isEqualTo(1);
        assertThat(d1.costUsd()).isEqualTo(0.42);
        assertThat(d1.flags()).containsExactly("over_powered", "over_provisioned");
        assertThat(d1.status()).isEqualTo("ended");
        assertThat(d1.captureCompleteness()).isEqualTo("partial"); // d1 is capped three levels down
        assertThat(d1.spine()).hasSize(3);
        Approach.Delegation b1 = d1.spine().get(1).delegations().get(0);
        assertThat(b1.depth()).isEqualTo(2);
        Approach.Delegation c1 = b1.spine().get(0).delegations().get(0);
        Approach.Delegation capped = c1.spine().get(0).delegations().get(0);
        assertThat(capped.capped()).isEqualTo("depth");
        assertThat(capped.status()).isEqualTo("capped");
        assertThat(capped.spine()).isEmpty();
        assertThat(capped.captureCompleteness()).isEqualTo("session-level");
        assertThat(b1.spine().get(1).delegations().get(0).capped()).isEqualTo("cycle");
        Approach.Delegation missing = spine.get(10).delegations().get(0);
        assertThat(missing.capped()).isEqualTo("missing");
        assertThat(missing.costUsd()).isNull();

        // main 14 + a1 3 + b1 3 + c1 2 + a2 2 + a3 2 + a4 2
        assertThat(a.counts()).isEqualTo(new Approach.Counts(28, 5 + 1 + 2 + 1 + 1, 2, 2));
        assertThat(a.agents().get(0).provenance()).isEqualTo("main_session");
        assertThat(a.agents().get(0).captureCompleteness()).isEqualTo("partial");
        assertThat(a.agents())
                .extracting(Approach.AgentNode::provenance)
                .filteredOn("in_session_subagent"::equals)
                .hasSize(9);
        assertThat(a.agents())
                .allSatisfy(n -> assertThat(n.captureCompleteness()).isNotNull());
        assertThat(a.crossTerminal()).singleElement().satisfies(c -> {
            assertThat(c.provenance()).isEqualTo("cross_terminal_child");
            assertThat(c.captureCompleteness()).isEqualTo("session-level");
        });
        assertThat(a.agents().get(a.agents().size() - 1).sessionId()).isEqualTo("child-1");
    }

    @Test
    void flagsAreCandidatesAboveTheNoiseFloorOnly() {
        assertThat(Rightsizing.flags("claude-opus-4-6", 100, 100_000, 100, 1, 0.049))
                .isEmpty();
        assertThat(Rightsizing.flags("claude-opus-4-6", 100, 100, 100, 6, 1.0)).isEmpty();
        assertThat(Rightsizing.flags("claude-opus-4-6", 100, 100, 1999, 5, 1.0)).containsExactly("over_powered");
        assertThat(Rightsizing.flags("claude-sonnet-4-6", 10_000, 40_000, 1999, 50, 1.0))
                .containsExactly("over_provisioned");
        assertThat(Rightsizing.flags("claude-sonnet-4-6", 10_000, 40_000, 2000, 50, 1.0))
                .isEmpty();
    }
}
