package dev.tj.core.history;

import dev.tj.core.pricing.PriceQuote;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Providers;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import dev.tj.core.transcript.CallRecord;
import dev.tj.core.transcript.CodexCall;
import dev.tj.core.transcript.CodexFile;
import dev.tj.core.transcript.Timestamps;
import dev.tj.core.transcript.ToolResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns history into spans. An LLM span is one API response: start = end = the time of its last
 * streaming snapshot (when its usage was final; TokenJam's choice too), usage of that snapshot.
 * A tool span is one tool_use, from the response's time to its tool_result, ERROR when the result
 * says {@code is_error: true}, OK when it says otherwise, UNSET when no result was read.
 */
public final class HistorySpans {
    private HistorySpans() {}

    public static final String SOURCE_CLAUDE = "backfill.claude_code";
    public static final String SOURCE_CODEX = "backfill.codex";
    /** The agent id Claude Code's own OTLP export uses (service.name), so live and backfilled sessions agree. */
    public static final String AGENT_CLAUDE = "claude-code";
    /** Codex hardcodes service.name codex_exec. */
    public static final String AGENT_CODEX = "codex_exec";

    /** Prices usage (the rates table, {@link Pricing#quote}). */
    public interface Pricer {
        PriceQuote quote(String provider, String model, Usage usage);

        static Pricer of(Pricing p) { return p::quote; }
    }

    /** Backfill's provider rule: claude*, gpt/o3/o4, gemini by name; anything else on Claude Code is anthropic. */
    public static String claudeProvider(String model) {
        String p = Providers.forModel(model);
        return p == null ? "anthropic" : p;
    }

    public static Usage usage(CallRecord c) {
        return new Usage(c.input, c.output, c.cacheRead, c.cacheWrite5m, c.cacheWrite1h);
    }

    public static Span llm(MergedCall m, Pricer pricer) {
        CallRecord c = m.call();
        String provider = claudeProvider(c.model);
        Usage u = usage(c);
        Instant at = Instant.ofEpochMilli(c.lastTs);
        Map<String, Object> attrs = c.requestId == null ? Map.of("source", SOURCE_CLAUDE)
                : Map.of("source", SOURCE_CLAUDE, "request_id", c.requestId);
        Span.Builder b = Span.builder()
                .spanId(Ids.llmSpan(c.key)).traceId(Ids.trace(m.sessionId()))
                .parentSpanId(m.parentToolUseId() == null ? null : Ids.toolSpan(m.parentToolUseId()))
                .sessionId(m.sessionId()).agentId(AGENT_CLAUDE).subAgentId(m.subAgentId())
                .name(SpanNames.LLM_CALL).kind(SpanKind.CLIENT).status(SpanStatus.OK)
                .startTime(at).endTime(at)
                .attributes(attrs).provider(provider).model(c.model).usage(u)
                .requestType("completion").conversationId(m.sessionId())
                .billingAccount(Providers.billingAccount(provider))
                .resource(new ResourceIdentity(m.project(), null, null, null));
        if (pricer != null && !u.isZero()) {
            PriceQuote q = pricer.quote(provider, c.model, u);
            b.costUsd(q.costUsd()).pricedByFallback(q.fallback());
        }
        return b.build();
    }

    public static List<Span> tools(MergedCall m, Span llm, Map<String, ToolResult> results) {
        CallRecord c = m.call();
        if (c.tools == null) return List.of();
        List<Span> out = new ArrayList<>(c.tools.size());
        for (String[] t : c.tools) {
            ToolResult r = results.get(t[0]);
            Instant start = llm.startTime();
            Instant end = null;
            Double dur = null;
            if (r != null && r.ts() != Timestamps.NONE && r.ts() >= start.toEpochMilli()) {
                end = Instant.ofEpochMilli(r.ts());
                dur = (double) (r.ts() - start.toEpochMilli());
            }
            out.add(Span.builder()
                    .spanId(Ids.toolSpan(t[0])).traceId(llm.traceId()).parentSpanId(llm.spanId())
                    .sessionId(m.sessionId()).agentId(AGENT_CLAUDE).subAgentId(m.subAgentId())
                    .name(SpanNames.TOOL_CALL).kind(SpanKind.INTERNAL)
                    .status(r == null ? SpanStatus.UNSET : r.error() ? SpanStatus.ERROR : SpanStatus.OK)
                    .startTime(start).endTime(end).durationMs(dur)
                    .attributes(Map.of("source", SOURCE_CLAUDE, "tool_use_id", t[0]))
                    .toolName(t[1]).conversationId(m.sessionId()).resource(llm.resource())
                    .build());
        }
        return out;
    }

    /** Codex: OpenAI semantics, input includes cached tokens. */
    public static Span codexLlm(CodexFile f, CodexCall c, Pricer pricer) {
        Usage u = new Usage(c.input(), c.output(), c.cached(), 0, 0);
        Instant at = Instant.ofEpochMilli(c.ts());
        Map<String, Object> attrs = new java.util.LinkedHashMap<>();
        attrs.put("source", SOURCE_CODEX);
        if (c.reasoning() > 0) attrs.put("reasoning_tokens", c.reasoning());
        if (c.modelGuessed()) attrs.put("model_guessed", true);
        Span.Builder b = Span.builder()
                .spanId(Ids.codexLlmSpan(c.sessionId(), c.lineOffset())).traceId(Ids.trace(c.sessionId()))
                .sessionId(c.sessionId()).agentId(AGENT_CODEX)
                .name(SpanNames.LLM_CALL).kind(SpanKind.CLIENT).status(SpanStatus.OK)
                .startTime(at).endTime(at).attributes(attrs)
                .provider("openai").model(c.model()).usage(u).requestType("completion")
                .conversationId(c.sessionId()).billingAccount("openai")
                .resource(new ResourceIdentity(ClaudeHistory.projectOf(f.cwd), null, null, null));
        if (pricer != null && !u.isZero()) {
            PriceQuote q = pricer.quote("openai", c.model(), u);
            b.costUsd(q.costUsd()).pricedByFallback(q.fallback());
        }
        return b.build();
    }

    public static Span codexTool(CodexFile f, CodexFile.Tool t) {
        long ts = t.ts != Timestamps.NONE ? t.ts : f.earliestTs != Timestamps.NONE ? f.earliestTs : f.mtimeMillis;
        Instant start = Instant.ofEpochMilli(ts);
        Instant end = t.outputTs != Timestamps.NONE && t.outputTs >= ts ? Instant.ofEpochMilli(t.outputTs) : null;
        return Span.builder()
                .spanId(Ids.codexToolSpan(f.sessionId, t.callId != null ? t.callId : "@" + t.lineOffset))
                .traceId(Ids.trace(f.sessionId)).sessionId(f.sessionId).agentId(AGENT_CODEX)
                .name(SpanNames.TOOL_CALL).kind(SpanKind.INTERNAL)
                .status(end != null ? SpanStatus.OK : SpanStatus.UNSET)
                .startTime(start).endTime(end).durationMs(end == null ? null : (double) (t.outputTs - ts))
                .attributes(Map.of("source", SOURCE_CODEX)).toolName(t.name).conversationId(f.sessionId)
                .resource(new ResourceIdentity(ClaudeHistory.projectOf(f.cwd), null, null, null))
                .build();
    }

    public static boolean isBackfilled(Span s) {
        Object src = s.attributes().get("source");
        return src instanceof String str && str.startsWith("backfill.");
    }
}
