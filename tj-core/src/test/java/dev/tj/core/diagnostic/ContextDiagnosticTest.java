package dev.tj.core.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.span.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The context diagnostic and the tokenmaxx card over scripted calls, with every figure worked out by hand. */
class ContextDiagnosticTest {
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    static LlmCall call(String sid, String sub, int minute, Usage u, double cost) {
        return new LlmCall(
                sid, sub, "claude-code", "anthropic", "claude-sonnet-4-6", T0.plusSeconds(60L * minute), u, cost);
    }

    static CallWindow window(List<LlmCall> calls) {
        return new CallWindow(
                T0.minusSeconds(3600), T0.plusSeconds(86400), calls, Map.of(), List.of(), false, "daemon");
    }

    static List<LlmCall> scripted() {
        return List.of(
                call("A", null, 0, new Usage(100, 200, 100_000, 1_000, 0), 0.1),
                call("A", null, 1, new Usage(50, 150, 120_000, 500, 0), 0.2),
                call("A", null, 2, new Usage(10, 40, 30_000, 0, 0), 0.05),
                call("B", null, 3, new Usage(5_000, 5_000, 190_000, 0, 0), 0.3),
                call("C", "agent-abc", 4, new Usage(100_000, 20_000, 300_000, 60_000, 20_000), 1.0));
    }

    @Test
    void sharesTotalsAndCostAddUp() {
        ContextDiagnostic d = ContextDiagnostic.of(window(scripted()));
        assertThat(d.sessions()).isEqualTo(3);
        assertThat(d.turns()).isEqualTo(5);
        Composition c = d.composition();
        assertThat(c.freshInput()).isEqualTo(105_160);
        assertThat(c.output()).isEqualTo(25_390);
        assertThat(c.reread()).isEqualTo(740_000);
        assertThat(c.cacheMiss()).isEqualTo(81_500);
        assertThat(c.work()).isEqualTo(130_550);
        assertThat(c.total()).isEqualTo(952_050);
        assertThat(c.rereadShare()).isEqualTo(0.7773);
        assertThat(c.workShare()).isEqualTo(0.1371);
        assertThat(c.cacheMissShare()).isEqualTo(0.0856);
        assertThat(d.costUsd()).isCloseTo(1.65, org.assertj.core.data.Offset.offset(1e-12));
        Map<String, Object> j = d.toJson();
        assertThat(j.get("total_tokens")).isEqualTo(952_050L);
        assertThat(j.get("total_cost_usd")).isEqualTo(1.65);
        assertThat(j.get("tool_inputs_captured")).isEqualTo(false);
        assertThat(d.notes()).hasSize(1);
        assertThat(d.notes().get(0)).contains("tool inputs");
    }

    @Test
    void heaviestTurnsCarryTheSubagentIdNotTheAgentId() {
        ContextDiagnostic d = ContextDiagnostic.of(window(scripted()));
        assertThat(d.heaviest())
                .extracting(ContextDiagnostic.Turn::rereadTokens)
                .containsExactly(300_000L, 190_000L, 120_000L, 100_000L, 30_000L);
        ContextDiagnostic.Turn top = d.heaviest().get(0);
        assertThat(top.sessionId()).isEqualTo("C");
        assertThat(top.subAgentId()).isEqualTo("agent-abc");
        assertThat(top.agentId()).isEqualTo("claude-code");
        assertThat(top.cacheWriteTokens()).isEqualTo(80_000);
        assertThat(d.heaviest().get(1).subAgentId()).isNull();
    }

    @Test
    void onlyASessionOverBothThresholdsIsACompactCandidate() {
        // A: 250,000 re-read of 252,050 (99.2%); B: 95% but under 200,000; C: 300,000 but only 60%
        ContextDiagnostic d = ContextDiagnostic.of(window(scripted()));
        assertThat(d.compact())
                .containsExactly(new ContextDiagnostic.CompactCandidate("A", 250_000, 252_050, 0.9919, 3));
        assertThat(d.compactableReread()).isEqualTo(250_000);

        // exactly at both thresholds: 200,000 of 250,000 is 0.80
        ContextDiagnostic edge =
                ContextDiagnostic.of(window(List.of(call("E", null, 0, new Usage(50_000, 0, 200_000, 0, 0), 0))));
        assertThat(edge.compact())
                .extracting(ContextDiagnostic.CompactCandidate::sessionId)
                .containsExactly("E");
        ContextDiagnostic under =
                ContextDiagnostic.of(window(List.of(call("U", null, 0, new Usage(50_001, 0, 200_000, 0, 0), 0))));
        assertThat(under.compact()).isEmpty();
    }

    @Test
    void atMostTenHeaviestTurnsAndTenCandidates() {
        List<LlmCall> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) many.add(call("s" + i, null, i, new Usage(0, 0, 300_000 + i, 0, 0), 0));
        ContextDiagnostic d = ContextDiagnostic.of(window(many));
        assertThat(d.heaviest()).hasSize(10);
        assertThat(d.heaviest().get(0).sessionId()).isEqualTo("s11");
        assertThat(d.compact()).hasSize(10);
        assertThat(d.compact().get(9).sessionId()).isEqualTo("s2");
    }

    @Test
    void anEmptyWindowIsAllZeros() {
        ContextDiagnostic d = ContextDiagnostic.of(window(List.of()));
        assertThat(d.turns()).isZero();
        assertThat(d.composition().rereadShare()).isZero();
        assertThat(d.heaviest()).isEmpty();
        EfficiencyCard card = EfficiencyCard.of(d, "30d", false);
        assertThat(card.tier()).isEqualTo(EfficiencyTier.TOKEN_MINIMIZER);
    }

    @Test
    void tokenmaxxCardFromTheDiagnostic() {
        EfficiencyCard card = EfficiencyCard.of(ContextDiagnostic.of(window(scripted())), "7d", true);
        assertThat(card.overheadShare()).isEqualTo(0.7773);
        assertThat(card.workShare()).isEqualTo(0.1371);
        assertThat(card.tier()).isEqualTo(EfficiencyTier.CONTEXT_HEAVY);
        assertThat(card.compactSessions()).isEqualTo(1);
        assertThat(card.action()).startsWith("250,000 re-read tokens sit in 1 compactable session(s).");
        Map<String, Object> j = card.toJson();
        assertThat(j.get("tier")).isEqualTo("ContextHeavy");
        assertThat(j.get("weekly")).isEqualTo(true);
        assertThat(j.get("total_reread_tokens")).isEqualTo(740_000L);
    }

    @Test
    void tiersTakeTheFirstBoundAtOrAboveTheOverhead() {
        assertThat(EfficiencyTier.of(0.0)).isEqualTo(EfficiencyTier.TOKEN_MINIMIZER);
        assertThat(EfficiencyTier.of(0.30)).isEqualTo(EfficiencyTier.TOKEN_MINIMIZER);
        assertThat(EfficiencyTier.of(0.3001)).isEqualTo(EfficiencyTier.LEAN_OPERATOR);
        assertThat(EfficiencyTier.of(0.50)).isEqualTo(EfficiencyTier.LEAN_OPERATOR);
        assertThat(EfficiencyTier.of(0.70)).isEqualTo(EfficiencyTier.STEADY_STATE);
        assertThat(EfficiencyTier.of(0.85)).isEqualTo(EfficiencyTier.CONTEXT_HEAVY);
        assertThat(EfficiencyTier.of(0.8501)).isEqualTo(EfficiencyTier.QUOTA_SINK);
        assertThat(EfficiencyTier.of(1.0)).isEqualTo(EfficiencyTier.QUOTA_SINK);
        assertThat(DiagnosticReports.tokenmaxxWindow("30d", true)).isEqualTo("7d");
        assertThat(DiagnosticReports.tokenmaxxWindow("90d", true)).isEqualTo("90d");
        assertThat(DiagnosticReports.tokenmaxxWindow(null, false)).isEqualTo("30d");
    }

    @Test
    void recurringFileReadsAndSearchesNeedThreeSessions() {
        List<ToolInput> in = List.of(
                new ToolInput("s1", "Read", "/src/a.java"),
                new ToolInput("s1", "Read", "/src/a.java"),
                new ToolInput("s2", "Read", "/src/a.java"),
                new ToolInput("s3", "Read", "/src/a.java"),
                new ToolInput("s1", "Grep", "TODO"),
                new ToolInput("s2", "Grep", "TODO"),
                new ToolInput("s1", "Bash", "ls"),
                new ToolInput("s2", "Bash", "ls"),
                new ToolInput("s3", "Bash", "ls"),
                new ToolInput("s1", "Glob", "**/*.md"),
                new ToolInput("s2", "Glob", "**/*.md"),
                new ToolInput("s3", "Glob", "**/*.md"),
                new ToolInput("s4", "Glob", "**/*.md"));
        assertThat(RecurringInclusions.of(in))
                .containsExactly(
                        new RecurringInclusions.Inclusion("search", "Glob", "**/*.md", 4, 4),
                        new RecurringInclusions.Inclusion("file", "Read", "/src/a.java", 4, 3));
        CallWindow w = new CallWindow(null, T0, scripted(), Map.of(), in, true, "transcripts");
        ContextDiagnostic d = ContextDiagnostic.of(w);
        assertThat(d.recurring()).hasSize(2);
        assertThat(d.notes()).isEmpty();
        assertThat(d.recurring().get(1).fix()).contains("@/src/a.java");
    }
}
