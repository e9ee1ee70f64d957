package dev.tj.core.span;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One unit of agent work: an LLM call, a tool call, a turn marker or a generic traced operation.
 * Every ingest path (OTLP logs, OTLP traces, transcripts) produces these.
 *
 * @param costUsd         our price for the usage, from the rates table
 * @param reportedCostUsd the cost the agent itself reported (Claude Code's cost_usd), kept apart
 * @param pricedByFallback true when the model was unknown and fallback rates priced it
 */
public record Span(
        String spanId,
        String traceId,
        String parentSpanId,
        String sessionId,
        String agentId,
        String subAgentId,
        String name,
        SpanKind kind,
        SpanStatus status,
        String statusMessage,
        Instant startTime,
        Instant endTime,
        Double durationMs,
        Map<String, Object> attributes,
        List<SpanEvent> events,
        String provider,
        String model,
        String toolName,
        Usage usage,
        Double costUsd,
        Double reportedCostUsd,
        boolean pricedByFallback,
        String requestType,
        String conversationId,
        String billingAccount,
        ResourceIdentity resource) {

    public Span {
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startTime, "startTime");
        kind = kind == null ? SpanKind.INTERNAL : kind;
        status = status == null ? SpanStatus.UNSET : status;
        attributes = attributes == null ? Map.of() : attributes;
        events = events == null ? List.of() : events;
        usage = usage == null ? Usage.ZERO : usage;
        resource = resource == null ? ResourceIdentity.NONE : resource;
    }

    /** The latest moment this span tells us the agent was alive. */
    public Instant lastActivity() {
        return endTime != null && endTime.isAfter(startTime) ? endTime : startTime;
    }

    /** A real tool execution; a tool_decision names a tool but is not a second call. */
    public boolean isToolCall() {
        return toolName != null && !SpanNames.TOOL_DECISION.equals(name);
    }

    public boolean isLlmCall() {
        return SpanNames.LLM_CALL.equals(name);
    }

    /** A session-wrapping agent span that finished; a zero-duration prompt marker is not one. */
    public boolean completesSession() {
        return SpanNames.INVOKE_AGENT.equals(name) && endTime != null && endTime.isAfter(startTime);
    }

    /** This span with the machine and user it does not say itself taken from {@code m}. */
    public Span on(Machine m) {
        ResourceIdentity r = resource.on(m);
        return r == resource ? this : toBuilder().resource(r).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String spanId, traceId, parentSpanId, sessionId, agentId, subAgentId, name, statusMessage;
        private SpanKind kind = SpanKind.INTERNAL;
        private SpanStatus status = SpanStatus.UNSET;
        private Instant startTime, endTime;
        private Double durationMs, costUsd, reportedCostUsd;
        private Map<String, Object> attributes = Map.of();
        private List<SpanEvent> events = List.of();
        private String provider, model, toolName, requestType, conversationId, billingAccount;
        private Usage usage = Usage.ZERO;
        private boolean pricedByFallback;
        private ResourceIdentity resource = ResourceIdentity.NONE;

        private Builder() {}

        private Builder(Span s) {
            spanId = s.spanId;
            traceId = s.traceId;
            parentSpanId = s.parentSpanId;
            sessionId = s.sessionId;
            agentId = s.agentId;
            subAgentId = s.subAgentId;
            name = s.name;
            kind = s.kind;
            status = s.status;
            statusMessage = s.statusMessage;
            startTime = s.startTime;
            endTime = s.endTime;
            durationMs = s.durationMs;
            attributes = s.attributes;
            events = s.events;
            provider = s.provider;
            model = s.model;
            toolName = s.toolName;
            usage = s.usage;
            costUsd = s.costUsd;
            reportedCostUsd = s.reportedCostUsd;
            pricedByFallback = s.pricedByFallback;
            requestType = s.requestType;
            conversationId = s.conversationId;
            billingAccount = s.billingAccount;
            resource = s.resource;
        }

        public Builder spanId(String v) {
            spanId = v;
            return this;
        }

        public Builder traceId(String v) {
            traceId = v;
            return this;
        }

        public Builder parentSpanId(String v) {
            parentSpanId = v;
            return this;
        }

        public Builder sessionId(String v) {
            sessionId = v;
            return this;
        }

        public Builder agentId(String v) {
            agentId = v;
            return this;
        }

        public Builder subAgentId(String v) {
            subAgentId = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder kind(SpanKind v) {
            kind = v;
            return this;
        }

        public Builder status(SpanStatus v) {
            status = v;
            return this;
        }

        public Builder statusMessage(String v) {
            statusMessage = v;
            return this;
        }

        public Builder startTime(Instant v) {
            startTime = v;
            return this;
        }

        public Builder endTime(Instant v) {
            endTime = v;
            return this;
        }

        public Builder durationMs(Double v) {
            durationMs = v;
            return this;
        }

        public Builder attributes(Map<String, Object> v) {
            attributes = v;
            return this;
        }

        public Builder events(List<SpanEvent> v) {
            events = v;
            return this;
        }

        public Builder provider(String v) {
            provider = v;
            return this;
        }

        public Builder model(String v) {
            model = v;
            return this;
        }

        public Builder toolName(String v) {
            toolName = v;
            return this;
        }

        public Builder usage(Usage v) {
            usage = v;
            return this;
        }

        public Builder costUsd(Double v) {
            costUsd = v;
            return this;
        }

        public Builder reportedCostUsd(Double v) {
            reportedCostUsd = v;
            return this;
        }

        public Builder pricedByFallback(boolean v) {
            pricedByFallback = v;
            return this;
        }

        public Builder requestType(String v) {
            requestType = v;
            return this;
        }

        public Builder conversationId(String v) {
            conversationId = v;
            return this;
        }

        public Builder billingAccount(String v) {
            billingAccount = v;
            return this;
        }

        public Builder resource(ResourceIdentity v) {
            resource = v;
            return this;
        }

        /** Sets start and end from a start instant and a duration in milliseconds. */
        public Builder timing(Instant start, Double durationMillis) {
            startTime = start;
            durationMs = durationMillis;
            endTime = durationMillis == null ? null : start.plusNanos((long) (durationMillis * 1_000_000d));
            return this;
        }

        public Span build() {
            return new Span(
                    spanId,
                    traceId,
                    parentSpanId,
                    sessionId,
                    agentId,
                    subAgentId,
                    name,
                    kind,
                    status,
                    statusMessage,
                    startTime,
                    endTime,
                    durationMs,
                    attributes,
                    events,
                    provider,
                    model,
                    toolName,
                    usage,
                    costUsd,
                    reportedCostUsd,
                    pricedByFallback,
                    requestType,
                    conversationId,
                    billingAccount,
                    resource);
        }
    }
}
