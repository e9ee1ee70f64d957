package dev.tj.core.session;

import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import java.time.Instant;
import java.util.function.Function;

/**
 * Folds a newly stored span into its session. Only spans that were actually stored (not
 * duplicates) may be folded, which is what keeps session totals equal to the sum over spans.
 */
public final class SessionAccumulator {
    private final Function<String, PlanTier> planForBillingAccount;
    private final Function<String, String> projectForAgent;

    /**
     * @param planForBillingAccount the declared plan of a billing account ({@code [budget.<provider>] plan})
     * @param projectForAgent       {@code [agents.<id>].project}, the namespace fallback
     */
    public SessionAccumulator(
            Function<String, PlanTier> planForBillingAccount, Function<String, String> projectForAgent) {
        this.planForBillingAccount = planForBillingAccount;
        this.projectForAgent = projectForAgent;
    }

    public Session start(Span span) {
        String agent = span.agentId() == null ? "unknown" : span.agentId();
        ResourceIdentity r = span.resource();
        String namespace = r.namespace() != null ? r.namespace() : projectForAgent.apply(agent);
        Session s = new Session(
                span.sessionId(),
                agent,
                span.conversationId(),
                span.startTime(),
                null,
                SessionStatus.ACTIVE,
                null,
                null,
                0.0,
                null,
                0,
                0,
                0,
                0,
                0,
                0.0,
                planOf(span),
                new ResourceIdentity(namespace, r.instanceId(), r.runId(), r.parentSessionId(), r.machine(), r.user()));
        return add(s, span);
    }

    /** Adds the span's counts and applies the lifecycle rules. */
    public Session add(Session s, Span span) {
        Instant ended =
                s.endedAt() == null || span.lastActivity().isAfter(s.endedAt()) ? span.lastActivity() : s.endedAt();
        Double reported = s.reportedCostUsd();
        if (span.reportedCostUsd() != null) {
            reported = (reported == null ? 0.0 : reported) + span.reportedCostUsd();
        }
        PlanTier plan = s.planTier() == PlanTier.UNKNOWN ? planOf(span) : s.planTier();
        ResourceIdentity r = s.resource(), sr = span.resource();
        ResourceIdentity merged = r.orElse(sr);
        Instant started = span.startTime().isBefore(s.startedAt()) ? span.startTime() : s.startedAt();
        SessionStatus status = s.status();
        Instant terminalAt = s.terminalAt();
        if (span.completesSession()) {
            status = SessionStatus.COMPLETED;
            terminalAt = span.endTime();
        } else if (status != SessionStatus.ACTIVE
                && (terminalAt == null || span.startTime().isAfter(terminalAt))) {
            // New work after the session ended re-opens it; a straggler from before does not.
            status = SessionStatus.ACTIVE;
            terminalAt = null;
        }
        return new Session(
                s.sessionId(),
                s.agentId(),
                s.conversationId() != null ? s.conversationId() : span.conversationId(),
                started,
                ended,
                status,
                terminalAt,
                s.usage().plus(span.usage()),
                s.costUsd() + (span.costUsd() == null ? 0.0 : span.costUsd()),
                reported,
                s.fallbackPricedSpans() + (span.pricedByFallback() ? 1 : 0),
                s.spanCount() + 1,
                s.llmCallCount() + (span.isLlmCall() ? 1 : 0),
                s.toolCallCount() + (span.isToolCall() ? 1 : 0),
                s.errorCount() + (span.status() == dev.tj.core.span.SpanStatus.ERROR ? 1 : 0),
                s.activeMs() + (span.durationMs() == null ? 0.0 : Math.max(0.0, span.durationMs())),
                plan,
                merged);
    }

    private PlanTier planOf(Span span) {
        String account = span.billingAccount();
        if (account == null) return PlanTier.UNKNOWN;
        if ("local.ollama".equals(account)) return PlanTier.LOCAL;
        PlanTier p = planForBillingAccount.apply(account);
        return p == null ? PlanTier.UNKNOWN : p;
    }
}
