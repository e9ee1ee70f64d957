package dev.tj.core.diagnostic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The Opus audit over scripted sessions, priced from the packaged tables (rates in models.toml). */
class QuotaAuditTest {
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    static final Pricing PRICING = Pricing.packaged();

    static LlmCall call(String sid, String model, int minute, Usage u, double cost) {
        return new LlmCall(sid, null, "claude-code", "anthropic", model, T0.plusSeconds(60L * minute), u, cost);
    }

    static CallWindow window(List<LlmCall> calls, Map<String, Long> tools) {
        return new CallWindow(
                T0.minusSeconds(86_400 * 30L), T0.plusSeconds(86_400), calls, tools, List.of(), false, "daemon");
    }

    @Test
    void everyOpusModelWithACheaperSonnetIsAudited() {
        List<LlmCall> calls = List.of(
                call("s1", "claude-opus-4-8", 0, new Usage(10, 100, 50_000, 2_000, 0), 0.5),
                call("s1", "claude-haiku-4-5", 1, new Usage(10, 10, 10, 10, 0), 0.001),
                call("s2", "claude-opus-4-1-20250805", 2, new Usage(3_000, 400, 10_000, 1_000, 0), 0.3),
                call("s3", "claude-opus-4-8", 3, new Usage(100, 5_000, 200_000, 10_000, 0), 2.0),
                call("s4", "claude-sonnet-4-5", 4, new Usage(100, 100, 100, 100, 0), 0.01),
                call("s5", "claude-opus-9-9", 5, new Usage(1, 1, 1, 1, 0), 0.0),
                call("s6", "claude-opus-4-6", 6, new Usage(10, 100, 0, 0, 0), 0.01),
                call("s7", "claude-opus-4-7", 7, new Usage(3_999, 499, 0, 1_000, 0), 0.1),
                call("s7", "claude-opus-4-7", 9, new Usage(0, 0, 0, 0, 0), 0.0));
        // s6 has one tool call too many; s7 sits exactly on every bound
        QuotaAudit a = QuotaAudit.of(window(calls, Map.of("s1", 2L, "s3", 30L, "s6", 6L, "s7", 5L)), PRICING);
        assertThat(a.opusSessions()).isEqualTo(5);
        assertThat(a.opusTokens()).isEqualTo(52_110 + 14_400 + 215_100 + 110 + 5_498);
        assertThat(a.candidateSessions()).isEqualTo(3);
        assertThat(a.candidateTokens()).isEqualTo(72_008);
        assertThat(a.percentQuotaReclaimable()).isEqualTo(25.1);
        assertThat(a.percentSessions()).isEqualTo(60.0);
        assertThat(a.suggestions())
                .containsExactly(
                        Map.entry("claude-opus-4-1-20250805", "claude-sonnet-4"),
                        Map.entry("claude-opus-4-7", "claude-sonnet-4-6"),
                        Map.entry("claude-opus-4-8", "claude-sonnet-4-6"));
        assertThat(a.unaudited()).containsExactly("claude-opus-9-9");
        assertThat(a.actualCostUsd()).isCloseTo(0.9, Offset.offset(1e-12));
        // sonnet-4-6 / sonnet-4 at 3 in, 15 out, 0.30 cache read, 3.75 cache write per MTok
        assertThat(a.alternativeCostUsd()).isCloseTo(0.02403 + 0.02175 + 0.023232, Offset.offset(1e-12));
        assertThat(a.examples()).extracting(QuotaAudit.Example::sessionId).containsExactly("s1", "s2", "s7");
        QuotaAudit.Example s7 = a.examples().get(2);
        assertThat(s7.turns()).isEqualTo(2);
        assertThat(s7.toolCalls()).isEqualTo(5);
        assertThat(s7.alternativeCostUsd()).isCloseTo(0.023232, Offset.offset(1e-12));
        Map<String, Object> j = a.toJson();
        assertThat(j.get("unaudited_models")).isEqualTo(List.of("claude-opus-9-9"));
        assertThat(j.get("window_days")).isEqualTo(31.0);
    }

    @Test
    void noOpusNoCandidates() {
        QuotaAudit a = QuotaAudit.of(
                window(List.of(call("s", "claude-sonnet-4-6", 0, new Usage(1, 1, 1, 1, 0), 0.1)), Map.of()), PRICING);
        assertThat(a.opusSessions()).isZero();
        assertThat(a.percentQuotaReclaimable()).isZero();
        assertThat(a.examples()).isEmpty();
    }

    @Test
    void theAlternativeIsTheSonnetShippedBesideTheOpus() {
        Downgrades d = new Downgrades(PRICING);
        assertThat(d.alternative("anthropic", "claude-opus-5-5")).isEqualTo("claude-sonnet-5-5");
        assertThat(d.alternative("anthropic", "claude-opus-5")).isEqualTo("claude-sonnet-5");
        assertThat(d.alternative("anthropic", "claude-opus-4-8-20260101")).isEqualTo("claude-sonnet-4-6");
        assertThat(d.alternative("anthropic", "claude-opus-4-5-20251101")).isEqualTo("claude-sonnet-4-5");
        assertThat(d.alternative("anthropic", "claude-opus-4")).isEqualTo("claude-sonnet-4");
        // no Sonnet as old as Opus 3: the oldest cheaper one
        assertThat(d.alternative("anthropic", "claude-3-opus-20240229")).isEqualTo("claude-3-5-sonnet");
        assertThat(d.alternative("anthropic", "claude-sonnet-4-6")).isNull();
        assertThat(d.alternative("anthropic", "claude-opus-9-9")).isNull();
    }
}
