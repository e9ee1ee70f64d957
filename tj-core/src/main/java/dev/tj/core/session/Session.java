package dev.tj.core.session;

import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Usage;
import java.time.Duration;
import java.time.Instant;

/**
 * A coding or SDK session with totals that always equal the sum over its stored spans.
 *
 * @param endedAt         last activity (never advanced by a close)
 * @param terminalAt      when the session completed or was closed; spans that happened before
 *                        this moment are stragglers and do not re-open it
 * @param costUsd         sum of our span prices
 * @param reportedCostUsd sum of what the agent reported it cost (Claude Code cost_usd), or null
 * @param fallbackPricedSpans spans priced with fallback rates because their model was unknown
 * @param activeMs        sum of span durations
 */
public record Session(
        String sessionId,
        String agentId,
        String conversationId,
        Instant startedAt,
        Instant endedAt,
        SessionStatus status,
        Instant terminalAt,
        Usage usage,
        double costUsd,
        Double reportedCostUsd,
        int fallbackPricedSpans,
        long spanCount,
        long llmCallCount,
        long toolCallCount,
        long errorCount,
        double activeMs,
        PlanTier planTier,
        ResourceIdentity resource) {

    public Session {
        usage = usage == null ? Usage.ZERO : usage;
        planTier = planTier == null ? PlanTier.UNKNOWN : planTier;
        resource = resource == null ? ResourceIdentity.NONE : resource;
        status = status == null ? SessionStatus.ACTIVE : status;
    }

    public Instant lastActivity() {
        return endedAt != null ? endedAt : startedAt;
    }

    public Double durationSeconds() {
        return endedAt == null ? null : Duration.between(startedAt, endedAt).toMillis() / 1000.0;
    }

    public PricingMode pricingMode() {
        return planTier.pricingMode();
    }

    /** A session with no tokens, tool calls or cost: a zombie, hidden from the archive. */
    public boolean isZombie() {
        return usage.input() == 0 && usage.output() == 0 && toolCallCount == 0 && costUsd == 0.0;
    }

    public Session withStatus(SessionStatus s, Instant at) {
        return new Session(
                sessionId,
                agentId,
                conversationId,
                startedAt,
                endedAt,
                s,
                at,
                usage,
                costUsd,
                reportedCostUsd,
                fallbackPricedSpans,
                spanCount,
                llmCallCount,
                toolCallCount,
                errorCount,
                activeMs,
                planTier,
                resource);
    }
}
