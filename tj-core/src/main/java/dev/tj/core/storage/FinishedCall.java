package dev.tj.core.storage;

import dev.tj.core.session.Session;
import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One stored LLM call, reduced to what quota attribution needs: when it finished, whose it was, and
 * how much it used.
 *
 * @param at        the call's end (its start when it has none)
 * @param promptId  the prompt it answered where the span names one apart from its session (Claude
 *                  Code's {@code prompt.id}), else null
 * @param namespace the session's project namespace, or null
 * @param tokens    input + output + cache read + cache write
 */
public record FinishedCall(
        Instant at,
        String sessionId,
        String subAgentId,
        String agentId,
        String promptId,
        String namespace,
        String model,
        String machine,
        long tokens,
        double costUsd) {

    public static final Comparator<FinishedCall> ORDER = Comparator.comparing(FinishedCall::at)
            .thenComparing(FinishedCall::sessionId, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** The call a stored span is, given its session (null when not stored). */
    static FinishedCall of(Span s, Instant at, Session session) {
        Usage u = s.usage();
        String ns = s.resource().namespace();
        if (ns == null && session != null) ns = session.resource().namespace();
        return new FinishedCall(
                at,
                s.sessionId(),
                s.subAgentId(),
                s.agentId(),
                prompt(s.conversationId(), s.sessionId()),
                ns,
                s.model(),
                s.resource().machine(),
                u.input() + u.output() + u.cacheRead() + u.cacheWrite(),
                s.costUsd() == null ? 0 : s.costUsd());
    }

    /** A conversation id names a prompt only when it is not just the session's own id again. */
    public static String prompt(String conversationId, String sessionId) {
        return conversationId == null || Objects.equals(conversationId, sessionId) ? null : conversationId;
    }
}
