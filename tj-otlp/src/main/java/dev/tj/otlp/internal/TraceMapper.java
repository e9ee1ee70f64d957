package dev.tj.otlp.internal;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.span.Providers;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanEvent;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * OTLP spans (SDKs, beta Claude Code traces) → spans, generically via the GenAI semantic
 * conventions and tj's {@code tokenjam.*} extensions.
 *
 * <p>Rejected: missing/invalid (non-hex, wrong length, all-zero) traceId or spanId, a start time of
 * 0, unparseable token counts, attributes nested too deep. An end time of 0 means "still open"
 * (null end). An invalid parentSpanId is treated as no parent.
 */
public final class TraceMapper {
    private TraceMapper() {}

    /** Attributes naming a parent agent; with one present, gen_ai.agent.id is a sub-agent. */
    private static final String[] PARENT_AGENT = {"gen_ai.agent.parent.id", "gen_ai.agent.parent_id", "parent_agent_id"
    };

    public static IngestBatch map(List<Otlp.ResourceSpans> in) {
        Common.Acc acc = new Common.Acc();
        int index = 0;
        for (Otlp.ResourceSpans rs : in) {
            for (Otlp.ScopeSpans ss : rs.scopes()) {
                for (Otlp.Span s : ss.spans()) {
                    String recordId = s.spanId() != null ? s.spanId() : "index " + index;
                    index++;
                    try {
                        acc.spans.add(span(rs.resource(), s));
                    } catch (RecordProblem e) {
                        acc.reject(recordId, e.getMessage());
                    } catch (RuntimeException e) {
                        acc.reject(recordId, "could not map span: " + e);
                    }
                }
            }
        }
        return acc.batch();
    }

    private static Span span(Otlp.Resource res, Otlp.Span s) {
        if (res.problem() != null) throw new RecordProblem("resource: " + res.problem());
        if (s.problem() != null) throw new RecordProblem(s.problem());
        String traceId = Ids.normalize(s.traceId(), 32);
        if (traceId == null) throw new RecordProblem(badId("traceId", s.traceId(), 32));
        String spanId = Ids.normalize(s.spanId(), 16);
        if (spanId == null) throw new RecordProblem(badId("spanId", s.spanId(), 16));
        if (s.startTimeUnixNano() == 0) throw new RecordProblem("missing startTimeUnixNano");
        if (s.name() == null) throw new RecordProblem("missing span name");
        Instant start = Times.ofNanos(s.startTimeUnixNano());
        Instant end = s.endTimeUnixNano() > 0 ? Times.ofNanos(s.endTimeUnixNano()) : null;
        Double durationMs = end == null ? null : (s.endTimeUnixNano() - s.startTimeUnixNano()) / 1e6;

        Map<String, Object> ra = res.attributes();
        Map<String, Object> a = Common.merge(ra, s.attributes());

        String service = Values.str(a, Common.SERVICE_NAME);
        String genAgent = Values.str(a, "gen_ai.agent.id");
        String parentAgent = Values.first(a, PARENT_AGENT);
        String agentId, subAgentId;
        if (parentAgent != null) {
            // a sub-agent's span belongs to the parent's session; keep the sub-agent apart
            agentId = Common.firstNonNull(service, parentAgent);
            subAgentId = Values.first(a, "gen_ai.agent.id", "agent_id");
        } else {
            agentId = Common.firstNonNull(genAgent, service);
            subAgentId = null;
        }
        String provider = Values.first(a, "gen_ai.provider.name", "gen_ai.system");
        String billing = Values.str(a, "tokenjam.billing_account");
        if (billing == null) billing = Providers.billingAccount(provider);
        String toolName = Values.str(a, "gen_ai.tool.name");
        if (toolName == null && s.name().startsWith("tool.") && s.name().length() > 5)
            toolName = s.name().substring(5);
        Double cost = Values.number(a, "tokenjam.cost_usd");

        String model = Values.first(a, "gen_ai.request.model", "gen_ai.response.model");
        long input = Values.countOrZero(a, "gen_ai.usage.input_tokens");
        long cacheRead =
                Values.countOrZero(a, "gen_ai.usage.cache_read_tokens", "gen_ai.usage.cache_read_input_tokens");
        // tj's token convention (docs/tokens.md): OpenAI-style input counts cached tokens, ours does not
        String billedAs = Providers.billingAccount(provider) != null ? provider : Providers.forModel(model);
        if (Providers.cacheReadInsideInput(billedAs)) input = Math.max(0, input - cacheRead);
        Usage usage = new Usage(
                input,
                Values.countOrZero(a, "gen_ai.usage.output_tokens"),
                cacheRead,
                Values.countOrZero(a, "gen_ai.usage.cache_creation_tokens", "gen_ai.usage.cache_creation_input_tokens"),
                0);

        return Span.builder()
                .spanId(spanId)
                .traceId(traceId)
                .parentSpanId(Ids.normalize(s.parentSpanId(), 16))
                .sessionId(Values.str(a, "session.id"))
                .agentId(agentId)
                .subAgentId(subAgentId)
                .name(s.name())
                .kind(SpanKind.fromOtlp(s.kind()))
                .status(SpanStatus.fromOtlp(s.statusCode()))
                .statusMessage(s.statusMessage())
                .startTime(start)
                .endTime(end)
                .durationMs(durationMs)
                .attributes(a)
                .events(events(s, start))
                .provider(provider)
                .model(model)
                .toolName(toolName)
                .usage(usage)
                .costUsd(cost)
                .reportedCostUsd(cost)
                .requestType(Values.str(a, "gen_ai.request.type"))
                .conversationId(Values.str(a, "gen_ai.conversation.id"))
                .billingAccount(billing)
                .resource(Common.identity(ra, s.attributes()))
                .build();
    }

    /** Span events; an event without a time gets the span's start. */
    private static List<SpanEvent> events(Otlp.Span s, Instant start) {
        if (s.events().isEmpty()) return List.of();
        List<SpanEvent> out = new ArrayList<>(s.events().size());
        for (Otlp.Event e : s.events()) {
            Instant t = e.timeUnixNano() > 0 ? Times.ofNanos(e.timeUnixNano()) : start;
            out.add(new SpanEvent(e.name() == null ? "" : e.name(), t, Collections.unmodifiableMap(e.attributes())));
        }
        return Collections.unmodifiableList(out);
    }

    private static String badId(String field, String raw, int hexLength) {
        if (raw == null || raw.isEmpty()) return "missing " + field;
        if (raw.length() != hexLength) {
            return "invalid " + field + " '" + Values.clip(raw) + "': expected " + hexLength + " hex characters";
        }
        return "invalid " + field + " '" + Values.clip(raw) + "': not a non-zero hex id";
    }
}
