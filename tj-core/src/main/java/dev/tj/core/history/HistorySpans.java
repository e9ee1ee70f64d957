package dev.tj.core.history;

import dev.tj.core.agent.ClaudeCode;
import dev.tj.core.agent.Codex;
import dev.tj.core.pricing.CallTerms;
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
import dev.tj.core.transcript.ToolUse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns history into spans. An LLM span is one API response: start = end = the time of its last
 * streaming snapshot (when its usage was final; TokenJam's choice too), usage of that snapshot.
 * A tool span is one tool_use, from the response's time to its tool_result, ERROR when the result
 * says {@code is_error: true}, OK when it says otherwise, UNSET when no result was read.
 *
 * <p>Spans leave here unpriced: they are priced where they are stored, by the same
 * {@code Pricing.price} call as live spans (the daemon's ingest pipeline, or the local backfill).
 */
public final class HistorySpans {
    private HistorySpans() {}

    public static final String SOURCE_CLAUDE = "backfill.claude_code";
    public static final String SOURCE_CODEX = "backfill.codex";
    /** Backfill's provider rule: claude*, gpt/o3/o4, gemini by name; anything else on Claude Code is anthropic. */
    public static String claudeProvider(String model) {
        return ClaudeCode.provider(model);
    }

    public static Usage usage(CallRecord c) {
        return new Usage(c.input(), c.output(), c.cacheRead(), c.cacheWrite5m(), c.cacheWrite1h());
    }

    public static Span llm(MergedCall m) {
        CallRecord c = m.call();
        String provider = claudeProvider(c.model());
        Usage u = usage(c);
        Instant at = Instant.ofEpochMilli(c.lastTs());
        Map<String, Object> attrs = c.requestId() == null
                ? Map.of("source", SOURCE_CLAUDE)
                : Map.of("source", SOURCE_CLAUDE, "request_id", c.requestId());
        if (c.speed() != null || c.inferenceGeo() != null) {
            attrs = new java.util.LinkedHashMap<>(attrs); // the terms it was priced on, as on the live path
            if (c.speed() != null) attrs.put(CallTerms.SPEED, c.speed());
            if (c.inferenceGeo() != null) attrs.put(CallTerms.INFERENCE_GEO, c.inferenceGeo());
        }
        return Span.builder()
                .spanId(Ids.llmSpan(c.key()))
                .traceId(ClaudeCode.traceId(m.sessionId()))
                .parentSpanId(m.parentToolUseId() == null ? null : Ids.toolSpan(m.parentToolUseId()))
                .sessionId(m.sessionId())
                .agentId(ClaudeCode.AGENT_ID)
                .subAgentId(m.subAgentId())
                .name(SpanNames.LLM_CALL)
                .kind(SpanKind.CLIENT)
                .status(SpanStatus.OK)
                .startTime(at)
                .endTime(at)
                .attributes(attrs)
                .provider(provider)
                .model(c.model())
                .usage(u)
                .requestType("completion")
                .conversationId(m.sessionId())
                .billingAccount(Providers.billingAccount(provider))
                .resource(new ResourceIdentity(m.project(), null, null, null))
                .build();
    }

    public static List<Span> tools(MergedCall m, Span llm, Map<String, ToolResult> results) {
        CallRecord c = m.call();
        if (c.tools().isEmpty()) return List.of();
        List<Span> out = new ArrayList<>(c.tools().size());
        for (ToolUse t : c.tools()) {
            ToolResult r = results.get(t.id());
            Instant start = llm.startTime();
            Instant end = null;
            Double dur = null;
            if (r != null && r.ts() != Timestamps.NONE && r.ts() >= start.toEpochMilli()) {
                end = Instant.ofEpochMilli(r.ts());
                dur = (double) (r.ts() - start.toEpochMilli());
            }
            out.add(Span.builder()
                    .spanId(Ids.toolSpan(t.id()))
                    .traceId(llm.traceId())
                    .parentSpanId(llm.spanId())
                    .sessionId(m.sessionId())
                    .agentId(ClaudeCode.AGENT_ID)
                    .subAgentId(m.subAgentId())
                    .name(SpanNames.TOOL_CALL)
                    .kind(SpanKind.INTERNAL)
                    .status(r == null ? SpanStatus.UNSET : r.error() ? SpanStatus.ERROR : SpanStatus.OK)
                    .startTime(start)
                    .endTime(end)
                    .durationMs(dur)
                    .attributes(Map.of("source", SOURCE_CLAUDE, "tool_use_id", t.id()))
                    .toolName(t.name())
                    .conversationId(m.sessionId())
                    .resource(llm.resource())
                    .build());
        }
        return out;
    }

    /** Codex: the rollout's OpenAI-style counts in tj's convention ({@link Codex#usage}). */
    public static Span codexLlm(CodexFile f, CodexCall c) {
        Usage u = Codex.usage(c.input(), c.cached(), c.cacheWrite(), c.output());
        Instant at = Instant.ofEpochMilli(c.ts());
        Map<String, Object> attrs = new java.util.LinkedHashMap<>();
        attrs.put("source", SOURCE_CODEX);
        if (c.reasoning() > 0) attrs.put("reasoning_tokens", c.reasoning());
        if (c.modelGuessed()) attrs.put("model_guessed", true);
        return Span.builder()
                .spanId(Ids.codexLlmSpan(c.sessionId(), c.lineOffset()))
                .traceId(Codex.traceId(c.sessionId()))
                .sessionId(c.sessionId())
                .agentId(Codex.agentId(f.originator()))
                .name(SpanNames.LLM_CALL)
                .kind(SpanKind.CLIENT)
                .status(SpanStatus.OK)
                .startTime(at)
                .endTime(at)
                .attributes(attrs)
                .provider(Codex.PROVIDER)
                .model(c.model())
                .usage(u)
                .requestType("completion")
                .conversationId(c.sessionId())
                .billingAccount(Providers.billingAccount(Codex.PROVIDER))
                .resource(new ResourceIdentity(ClaudeHistory.projectOf(f.cwd()), null, null, null))
                .build();
    }

    /** A Codex tool call: ERROR when its output reported a non-zero exit code (Codex's own success flag does not). */
    public static Span codexTool(CodexFile f, CodexFile.Tool t) {
        long ts = t.ts() != Timestamps.NONE
                ? t.ts()
                : f.earliestTs() != Timestamps.NONE ? f.earliestTs() : f.mtimeMillis();
        Instant start = Instant.ofEpochMilli(ts);
        Instant end = t.outputTs() != Timestamps.NONE && t.outputTs() >= ts ? Instant.ofEpochMilli(t.outputTs()) : null;
        boolean failed = t.exitCode() != null && t.exitCode() != 0;
        Map<String, Object> attrs = t.exitCode() == null
                ? Map.of("source", SOURCE_CODEX)
                : Map.of("source", SOURCE_CODEX, "exit_code", (long) t.exitCode());
        return Span.builder()
                .spanId(Ids.codexToolSpan(f.sessionId(), t.callId() != null ? t.callId() : "@" + t.lineOffset()))
                .traceId(Codex.traceId(f.sessionId()))
                .sessionId(f.sessionId())
                .agentId(Codex.agentId(f.originator()))
                .name(SpanNames.TOOL_CALL)
                .kind(SpanKind.INTERNAL)
                .status(failed ? SpanStatus.ERROR : end != null ? SpanStatus.OK : SpanStatus.UNSET)
                .statusMessage(failed ? "exit code " + t.exitCode() : null)
                .startTime(start)
                .endTime(end)
                .durationMs(end == null ? null : (double) (t.outputTs() - ts))
                .attributes(attrs)
                .toolName(t.name())
                .conversationId(f.sessionId())
                .resource(new ResourceIdentity(ClaudeHistory.projectOf(f.cwd()), null, null, null))
                .build();
    }

    public static boolean isBackfilled(Span s) {
        Object src = s.attributes().get("source");
        return src instanceof String str && str.startsWith("backfill.");
    }
}
