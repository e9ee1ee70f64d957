package dev.tj.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.core.span.Span;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    final SessionAccumulator acc = new SessionAccumulator(a -> null, a -> null);
    final Lifecycle lifecycle = new Lifecycle(Duration.ofMinutes(240));

    static Span span(String id, String name, Instant start, Instant end) {
        return Span.builder()
                .spanId(id)
                .traceId("t")
                .sessionId("s1")
                .agentId("claude-code")
                .name(name)
                .kind(SpanKind.INTERNAL)
                .status(SpanStatus.OK)
                .startTime(start)
                .endTime(end)
                .build();
    }

    @Test
    void aZeroDurationPromptMarkerNeverCompletesALiveSession() {
        Session s = acc.start(span("a", SpanNames.LLM_CALL, T0, T0.plusSeconds(3)));
        s = acc.add(s, span("p", SpanNames.INVOKE_AGENT, T0.plusSeconds(10), T0.plusSeconds(10)));
        assertThat(s.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(lifecycle.tier(s, T0.plusSeconds(30))).isEqualTo(Tier.ACTIVE);
        // a marker with no end time is not a completion either
        s = acc.add(s, span("p2", SpanNames.INVOKE_AGENT, T0.plusSeconds(20), null));
        assertThat(s.status()).isEqualTo(SessionStatus.ACTIVE);
    }

    @Test
    void anInvokeAgentSpanWithDurationCompletesAndALaterSpanReactivates() {
        Session s = acc.start(span("a", SpanNames.LLM_CALL, T0, T0.plusSeconds(3)));
        s = acc.add(s, span("root", SpanNames.INVOKE_AGENT, T0, T0.plusSeconds(60)));
        assertThat(s.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(lifecycle.tier(s, T0.plusSeconds(61))).isEqualTo(Tier.COMPLETED);
        // a child span exported late but started before the end is a straggler
        s = acc.add(s, span("late-child", SpanNames.TOOL_CALL, T0.plusSeconds(5), T0.plusSeconds(6)));
        assertThat(s.status()).isEqualTo(SessionStatus.COMPLETED);
        s = acc.add(s, span("new-work", SpanNames.LLM_CALL, T0.plusSeconds(120), T0.plusSeconds(121)));
        assertThat(s.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(s.terminalAt()).isNull();
    }

    @Test
    void closedSessionReopensOnlyForSpansAfterTheClose() {
        Session s = acc.start(span("a", SpanNames.LLM_CALL, T0, T0.plusSeconds(3)));
        Instant closeAt = T0.plusSeconds(100);
        s = s.withStatus(SessionStatus.CLOSED, closeAt);
        s = acc.add(s, span("straggler", SpanNames.LLM_CALL, T0.plusSeconds(50), T0.plusSeconds(51)));
        assertThat(s.status()).isEqualTo(SessionStatus.CLOSED);
        assertThat(s.endedAt()).isEqualTo(T0.plusSeconds(51));
        s = acc.add(s, span("after", SpanNames.LLM_CALL, T0.plusSeconds(200), T0.plusSeconds(201)));
        assertThat(s.status()).isEqualTo(SessionStatus.ACTIVE);
    }

    @Test
    void tiersAtTheirInclusiveBoundaries() {
        Session s = acc.start(span("a", SpanNames.LLM_CALL, T0, T0.plusSeconds(1)));
        Instant last = T0.plusSeconds(1);
        assertThat(lifecycle.tier(s, last.plus(Duration.ofMinutes(5)))).isEqualTo(Tier.ACTIVE);
        assertThat(lifecycle.tier(s, last.plus(Duration.ofMinutes(5)).plusMillis(1)))
                .isEqualTo(Tier.IDLE);
        assertThat(lifecycle.tier(s, last.plus(Duration.ofMinutes(240)).minusMillis(1)))
                .isEqualTo(Tier.IDLE);
        assertThat(lifecycle.tier(s, last.plus(Duration.ofMinutes(240)))).isEqualTo(Tier.STALE);
        Lifecycle shortIdle = new Lifecycle(Duration.ofMinutes(30));
        assertThat(shortIdle.tier(s, last.plus(Duration.ofMinutes(31)))).isEqualTo(Tier.STALE);
        assertThat(lifecycle.tier(s.withStatus(SessionStatus.CLOSED, last), last))
                .isEqualTo(Tier.CLOSED);
    }

    @Test
    void transcriptWrittenRecentlyRescuesIdleAndStaleToActive() {
        Session s = acc.start(span("a", SpanNames.LLM_CALL, T0, T0.plusSeconds(1)));
        Instant now = T0.plus(Duration.ofHours(6));
        assertThat(lifecycle.tier(s, now, now.minusSeconds(60))).isEqualTo(Tier.ACTIVE);
        assertThat(lifecycle.tier(s, now, now.minus(Duration.ofMinutes(6)))).isEqualTo(Tier.STALE);
        assertThat(lifecycle.tier(s.withStatus(SessionStatus.CLOSED, T0), now, now))
                .isEqualTo(Tier.CLOSED);
    }

    @Test
    void idleWindowShorterThanTheActiveWindowIsRefused() {
        assertThatThrownBy(() -> new Lifecycle(Duration.ofMinutes(4))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void totalsAreTheSumOverSpansAndToolDecisionsAreNotToolCalls() {
        Span llm = span("l", SpanNames.LLM_CALL, T0, T0.plusMillis(1500)).toBuilder()
                .usage(new Usage(10, 20, 300, 40, 5))
                .costUsd(0.5)
                .reportedCostUsd(0.4)
                .durationMs(1500.0)
                .build();
        Span decision = span("d", SpanNames.TOOL_DECISION, T0.plusSeconds(2), null).toBuilder()
                .toolName("Edit")
                .build();
        Span tool = span("t", SpanNames.TOOL_CALL, T0.plusSeconds(3), T0.plusSeconds(4)).toBuilder()
                .toolName("Edit")
                .status(SpanStatus.ERROR)
                .durationMs(1000.0)
                .build();
        Session s = acc.add(acc.add(acc.start(llm), decision), tool);
        assertThat(s.usage()).isEqualTo(new Usage(10, 20, 300, 40, 5));
        assertThat(s.toolCallCount()).isEqualTo(1);
        assertThat(s.errorCount()).isEqualTo(1);
        assertThat(s.llmCallCount()).isEqualTo(1);
        assertThat(s.spanCount()).isEqualTo(3);
        assertThat(s.costUsd()).isEqualTo(0.5);
        assertThat(s.reportedCostUsd()).isEqualTo(0.4);
        assertThat(s.activeMs()).isEqualTo(2500.0);
        assertThat(s.endedAt()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void planTierResolvesLateAndNamespaceFallsBackToTheAgentsProject() {
        SessionAccumulator withConfig = new SessionAccumulator(
                a -> "anthropic".equals(a) ? PlanTier.MAX_5X : null,
                a -> Map.of("claude-code", "webapp").get(a));
        Session s = withConfig.start(span("t", SpanNames.TOOL_CALL, T0, T0).toBuilder()
                .toolName("Read")
                .build());
        assertThat(s.planTier()).isEqualTo(PlanTier.UNKNOWN);
        assertThat(s.resource().namespace()).isEqualTo("webapp");
        s = withConfig.add(
                s,
                span("l", SpanNames.LLM_CALL, T0.plusSeconds(1), T0.plusSeconds(2)).toBuilder()
                        .billingAccount("anthropic")
                        .build());
        assertThat(s.planTier()).isEqualTo(PlanTier.MAX_5X);
        assertThat(s.pricingMode()).isEqualTo(PricingMode.SUBSCRIPTION);
    }
}
