package dev.tj.core.storage;

import dev.tj.core.span.Usage;
import java.time.Instant;

/**
 * What a session rollup needs of one stored span: no attributes, no events, so that reading a whole
 * session stays one narrow scan.
 *
 * @param error      the span's status is error
 * @param durationMs null when the span has no end
 * @param costUsd    our price, null when the span carries no tokens
 */
public record SpanFacts(
        String spanId,
        String traceId,
        String parentSpanId,
        String name,
        Instant startTime,
        Double durationMs,
        boolean error,
        String model,
        String toolName,
        String subAgentId,
        Usage usage,
        Double costUsd) {
    public SpanFacts {
        usage = usage == null ? Usage.ZERO : usage;
    }

    public boolean isLlmCall() {
        return dev.tj.core.span.SpanNames.LLM_CALL.equals(name);
    }

    /** The moment the span ended, or its start when it has no duration. */
    public Instant endTime() {
        return durationMs == null ? startTime : startTime.plusNanos((long) (durationMs * 1_000_000));
    }
}
