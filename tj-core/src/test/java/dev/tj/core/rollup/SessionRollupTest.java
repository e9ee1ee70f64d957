package dev.tj.core.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.span.Usage;
import dev.tj.core.storage.SpanFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionRollupTest {
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    static SpanFacts llm(
            String id, String trace, int sec, String model, Usage u, double cost, String sub, String parent) {
        return new SpanFacts(
                id, trace, parent, "gen_ai.llm.call", T0.plusSeconds(sec), 0.0, false, model, null, sub, u, cost);
    }

    static SpanFacts tool(String id, String trace, int sec, String tool, boolean error, String sub, String parent) {
        return new SpanFacts(
                id, trace, parent, "tool_call", T0.plusSeconds(sec), 2000.0, error, null, tool, sub, null, null);
    }

    @Test
    void foldsModelsToolsTracesAndTurns() {
        List<SpanFacts> facts = List.of(
                llm("l1", "t1", 0, "claude-sonnet-4-5", new Usage(10, 5, 100, 3, 0), 0.01, null, null),
                tool("b1", "t1", 1, "Bash", true, null, "l1"),
                llm("l2", "t2", 10, "claude-opus-4-5", new Usage(20, 6, 200, 0, 4), 0.02, null, null),
                tool("b2", "t2", 11, "Bash", false, null, "l2"),
                tool("r1", "t2", 12, "Read", false, null, "l2"),
                llm("l3", "t2", 20, "claude-sonnet-4-5", new Usage(1, 1, 1, 1, 1), 0.03, null, null),
                new SpanFacts(
                        "d1",
                        "t2",
                        null,
                        "tool_decision",
                        T0.plusSeconds(21),
                        null,
                        false,
                        null,
                        "Read",
                        null,
                        null,
                        null));
        SessionRollup r = SessionRollup.of(facts);

        assertThat(r.turnCount()).isEqualTo(3);
        assertThat(r.modelMix())
                .containsExactly(
                        new ModelUse("claude-sonnet-4-5", 2, new Usage(11, 6, 101, 4, 1), 0.01 + 0.03),
                        new ModelUse("claude-opus-4-5", 1, new Usage(20, 6, 200, 0, 4), 0.02));
        assertThat(r.tools()).containsExactly(new ToolUse("Bash", 2, 1), new ToolUse("Read", 2, 0));
        assertThat(r.traces()).extracting(TraceSummary::traceId).containsExactly("t2", "t1");
        TraceSummary t1 = r.traces().get(1);
        assertThat(t1.name()).isEqualTo("gen_ai.llm.call");
        assertThat(t1.error()).isTrue();
        assertThat(t1.spanCount()).isEqualTo(2);
        assertThat(t1.durationMs()).isEqualTo(2000.0);
        assertThat(r.traces().get(0).error()).isFalse();
        assertThat(r.contextSeries())
                .extracting(ContextPoint::t)
                .containsExactly(T0, T0.plusSeconds(10), T0.plusSeconds(20));
        assertThat(r.subagents()).isEmpty();
    }

    @Test
    void subagentsJoinTheirCallsTheirLaunchingToolAndRightsizingCandidates() {
        List<SpanFacts> facts = List.of(
                llm("main", "t", 0, "claude-sonnet-4-5", Usage.ZERO, 0.0, null, null),
                tool("agent-tool", "t", 1, "Agent", false, null, "main"),
                // a premium subagent that wrote little from a large context, above the noise floor
                llm("s1", "t", 2, "claude-opus-4-5", new Usage(1000, 500, 60_000, 0, 0), 0.40, "sub-big", "agent-tool"),
                llm("s2", "t", 5, "claude-haiku-4-5", new Usage(10, 10, 0, 0, 0), 0.001, "sub-big", "agent-tool"),
                tool("s-tool", "t", 6, "Grep", false, "sub-big", "s2"),
                // cheap: under the noise floor, never flagged however it looks
                llm("c1", "t", 8, "claude-opus-4-5", new Usage(0, 10, 90_000, 0, 0), 0.049, "sub-cheap", null));
        SessionRollup r = SessionRollup.of(facts);

        assertThat(r.subagents()).extracting(SubagentUse::subAgentId).containsExactly("sub-big", "sub-cheap");
        SubagentUse big = r.subagents().get(0);
        assertThat(big.type()).isEqualTo("Agent");
        assertThat(big.model()).isEqualTo("claude-opus-4-5");
        assertThat(big.llmCalls()).isEqualTo(2);
        assertThat(big.toolCalls()).isEqualTo(1);
        assertThat(big.usage()).isEqualTo(new Usage(1010, 510, 60_000, 0, 0));
        assertThat(big.costUsd()).isEqualTo(0.401);
        assertThat(big.startedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(big.endedAt()).isEqualTo(T0.plusSeconds(8)); // the Grep call ends 2 s after it starts
        assertThat(big.durationSeconds()).isEqualTo(6.0);
        assertThat(big.flags()).containsExactly(Rightsizing.OVER_POWERED, Rightsizing.OVER_PROVISIONED);
        SubagentUse cheap = r.subagents().get(1);
        assertThat(cheap.type()).isNull();
        assertThat(cheap.flags()).isEmpty();
    }

    @Test
    void rightsizingNeedsEveryClause() {
        assertThat(Rightsizing.flags("claude-opus-4-5", 0, 0, 1999, 5, 0.05)).containsExactly(Rightsizing.OVER_POWERED);
        assertThat(Rightsizing.flags("claude-opus-4-5", 0, 0, 2000, 0, 1.0)).isEmpty();
        assertThat(Rightsizing.flags("claude-opus-4-5", 0, 0, 10, 6, 1.0)).isEmpty();
        assertThat(Rightsizing.flags("claude-sonnet-4-5", 40_000, 10_000, 10, 0, 1.0))
                .containsExactly(Rightsizing.OVER_PROVISIONED);
        assertThat(Rightsizing.flags("claude-sonnet-4-5", 40_000, 9_999, 10, 0, 1.0))
                .isEmpty();
        assertThat(Rightsizing.flags(null, 90_000, 0, 10, 0, 1.0)).containsExactly(Rightsizing.OVER_PROVISIONED);
    }

    @Test
    void contextSeriesKeepsFirstAndLastWithinTheCap() {
        for (int n : new int[] {0, 1, 119, 120, 121, 122, 239, 240, 241, 1000, 12_345}) {
            List<Integer> xs = new ArrayList<>();
            for (int i = 0; i < n; i++) xs.add(i);
            List<Integer> thin = ContextSeries.thin(xs, 120);
            assertThat(thin.size()).as("n=%d", n).isLessThanOrEqualTo(120);
            if (n <= 120) {
                assertThat(thin).isEqualTo(xs);
                continue;
            }
            assertThat(thin.get(0)).isZero();
            assertThat(thin.get(thin.size() - 1)).as("n=%d", n).isEqualTo(n - 1);
            assertThat(thin).isSorted().doesNotHaveDuplicates();
            assertThat(thin.size()).as("n=%d", n).isGreaterThanOrEqualTo(60);
        }
    }
}
