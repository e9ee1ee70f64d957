package dev.tj.storage.tests;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanEvent;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders for test data and the number normalisation that JSON round trips need. */
public final class Fixtures {
    private Fixtures() {}

    /** 2025-03-10T12:00:00Z, a Monday, on a whole minute. */
    public static final Instant T0 = Instant.parse("2025-03-10T12:00:00Z");

    /** An LLM-call span with only the required fields plus session and agent. */
    public static Span.Builder span(String spanId, String sessionId, String agentId, Instant start) {
        return Span.builder()
                .spanId(spanId)
                .traceId("trace-" + sessionId)
                .sessionId(sessionId)
                .agentId(agentId)
                .name("gen_ai.llm.call")
                .startTime(start);
    }

    public static SessionBuilder session(String sessionId) {
        return new SessionBuilder(sessionId);
    }

    public static MetricPoint point(String pointId, String sessionId, String agentId, Instant time, double value) {
        return new MetricPoint(
                pointId, sessionId, agentId, "claude_code.token.usage", "tokens", time, value, Map.of("type", "input"));
    }

    /** A mutable builder for the 18-field Session record. */
    public static final class SessionBuilder {
        private final String sessionId;
        private String agentId = "agent-a", conversationId;
        private Instant startedAt = T0, endedAt, terminalAt;
        private SessionStatus status = SessionStatus.ACTIVE;
        private Usage usage = Usage.ZERO;
        private double costUsd;
        private Double reportedCostUsd;
        private int fallbackPricedSpans;
        private long spanCount, llmCallCount, toolCallCount, errorCount;
        private double activeMs;
        private PlanTier planTier = PlanTier.UNKNOWN;
        private ResourceIdentity resource = ResourceIdentity.NONE;

        private SessionBuilder(String sessionId) {
            this.sessionId = sessionId;
        }

        public SessionBuilder agent(String v) {
            agentId = v;
            return this;
        }

        public SessionBuilder conversation(String v) {
            conversationId = v;
            return this;
        }

        public SessionBuilder started(Instant v) {
            startedAt = v;
            return this;
        }

        public SessionBuilder ended(Instant v) {
            endedAt = v;
            return this;
        }

        public SessionBuilder status(SessionStatus v) {
            status = v;
            return this;
        }

        public SessionBuilder terminal(Instant v) {
            terminalAt = v;
            return this;
        }

        public SessionBuilder usage(Usage v) {
            usage = v;
            return this;
        }

        public SessionBuilder cost(double v) {
            costUsd = v;
            return this;
        }

        public SessionBuilder reportedCost(Double v) {
            reportedCostUsd = v;
            return this;
        }

        public SessionBuilder fallbackPriced(int v) {
            fallbackPricedSpans = v;
            return this;
        }

        public SessionBuilder counts(long spans, long llmCalls, long toolCalls, long errors) {
            spanCount = spans;
            llmCallCount = llmCalls;
            toolCallCount = toolCalls;
            errorCount = errors;
            return this;
        }

        public SessionBuilder activeMs(double v) {
            activeMs = v;
            return this;
        }

        public SessionBuilder plan(PlanTier v) {
            planTier = v;
            return this;
        }

        public SessionBuilder resource(ResourceIdentity v) {
            resource = v;
            return this;
        }

        public SessionBuilder namespace(String ns) {
            resource = new ResourceIdentity(
                    ns,
                    resource.instanceId(),
                    resource.runId(),
                    resource.parentSessionId(),
                    resource.machine(),
                    resource.user());
            return this;
        }

        public SessionBuilder instance(String id) {
            resource = new ResourceIdentity(
                    resource.namespace(),
                    id,
                    resource.runId(),
                    resource.parentSessionId(),
                    resource.machine(),
                    resource.user());
            return this;
        }

        public SessionBuilder run(String runId) {
            resource = new ResourceIdentity(
                    resource.namespace(),
                    resource.instanceId(),
                    runId,
                    resource.parentSessionId(),
                    resource.machine(),
                    resource.user());
            return this;
        }

        public SessionBuilder parent(String parentSessionId) {
            resource = new ResourceIdentity(
                    resource.namespace(),
                    resource.instanceId(),
                    resource.runId(),
                    parentSessionId,
                    resource.machine(),
                    resource.user());
            return this;
        }

        /** The machine and user the session came from. */
        public SessionBuilder origin(String machine, String user) {
            resource = new ResourceIdentity(
                    resource.namespace(),
                    resource.instanceId(),
                    resource.runId(),
                    resource.parentSessionId(),
                    machine,
                    user);
            return this;
        }

        public Session build() {
            return new Session(
                    sessionId,
                    agentId,
                    conversationId,
                    startedAt,
                    endedAt,
                    status,
                    terminalAt,
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

    // ---- normalisation: JSON stores numbers, not Java types ----

    /** The span with attribute and event values normalised by {@link #normalize(Object)}. */
    public static Span normalize(Span s) {
        List<SpanEvent> events = new ArrayList<>();
        for (SpanEvent e : s.events()) events.add(new SpanEvent(e.name(), e.time(), normalizeMap(e.attributes())));
        return s.toBuilder()
                .attributes(normalizeMap(s.attributes()))
                .events(events)
                .build();
    }

    public static MetricPoint normalize(MetricPoint p) {
        return new MetricPoint(
                p.pointId(),
                p.sessionId(),
                p.agentId(),
                p.name(),
                p.unit(),
                p.time(),
                p.value(),
                normalizeMap(p.attributes()));
    }

    public static List<Span> normalizeSpans(List<Span> spans) {
        return spans.stream().map(Fixtures::normalize).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> normalizeMap(Map<String, Object> m) {
        return m == null ? null : (Map<String, Object>) normalize(m);
    }

    /** Integral numbers become Long, fractional ones Double; maps and lists are normalised deeply. */
    public static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) return b.longValue();
        if (v instanceof Float || v instanceof Double || v instanceof BigDecimal) return ((Number) v).doubleValue();
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), normalize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(normalize(x));
            return out;
        }
        return v;
    }

    /** A span with every field set, attributes and events of every value type. */
    public static Span fullSpan(String id, String sessionId) {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("text", "hello \"world\" ✓");
        attrs.put("int", 42L);
        attrs.put("frac", 0.5);
        attrs.put("flag", true);
        attrs.put("none", null);
        attrs.put("list", List.of(1L, "two", 3.5, false));
        attrs.put("nested", Map.of("k", List.of(), "deep", Map.of("x", -7L)));
        return Span.builder()
                .spanId(id)
                .traceId("trace-full")
                .parentSpanId("parent-1")
                .sessionId(sessionId)
                .agentId("claude-code")
                .subAgentId("sub-7")
                .name("gen_ai.llm.call")
                .kind(SpanKind.CLIENT)
                .status(SpanStatus.ERROR)
                .statusMessage("overloaded")
                .startTime(T0.plusNanos(123_456_000))
                .endTime(T0.plusMillis(1_500).plusNanos(789_000))
                .durationMs(1_376.333)
                .attributes(attrs)
                .events(List.of(
                        new SpanEvent("retry", T0.plusNanos(5_000), Map.of("attempt", 2L, "why", "429")),
                        new SpanEvent("done", T0.plusSeconds(1), Map.of())))
                .provider("anthropic")
                .model("claude-sonnet-4-5")
                .toolName("Bash")
                .usage(new Usage(1_000, 200, 30_000, 400, 50))
                .costUsd(0.123456789)
                .reportedCostUsd(0.2)
                .pricedByFallback(true)
                .requestType("chat")
                .conversationId("conv-1")
                .billingAccount("anthropic")
                .resource(new ResourceIdentity(
                        "proj", "terminal-1", "run-1", "parent-session", "laptop-ünï", "dev@example.com"))
                .build();
    }
}
