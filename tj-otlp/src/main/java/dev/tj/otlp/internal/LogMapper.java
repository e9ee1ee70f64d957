package dev.tj.otlp.internal;

import dev.tj.core.agent.ClaudeCode;
import dev.tj.core.agent.Codex;
import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.span.Providers;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OTLP log records (Claude Code and Codex events) → spans.
 *
 * <p>Every record ends up as exactly one of: a span, a rejection, or an ignored count.
 *
 * <ul>
 *   <li>Event name: the body when it is a non-empty string, else the LogRecord {@code event_name}
 *       field, else the {@code event.name} attribute. A bare field/attribute name such as
 *       {@code api_request} (never the body) gets the prefix {@code claude_code.} or {@code codex.}
 *       judged from the scope and service name. When the body is some other non-empty string (a
 *       third-party Codex build) and the field or attribute names a Claude Code or Codex event, that
 *       name wins; likewise a known name in the attribute beats an unknown field (Codex 0.169 puts a
 *       source location in the field).</li>
 *   <li>Time: {@code timeUnixNano}, else the ISO {@code event.timestamp} attribute (Z or an explicit
 *       offset), else {@code observedTimeUnixNano}, else the record is rejected.</li>
 *   <li>Session key: {@code session.id} (Claude Code) / {@code conversation.id} (Codex); missing →
 *       rejection. traceId = MD5(session key). Agent ids, providers and usage come from
 *       {@link ClaudeCode} / {@link Codex}, which the transcript readers use too.</li>
 *   <li>Span ids are deterministic so that a re-sent record is stored once: a prompt is
 *       MD5-16(prompt.id); anything else is SHA-256-16(session key, event name, event.sequence, time)
 *       or, without a sequence, SHA-256-16(session key, event name, time, sorted record attributes).</li>
 *   <li>Attributes: resource attributes overlaid by all record attributes, minus a redacted
 *       {@code prompt}/{@code response} ("&lt;REDACTED&gt;" / "[REDACTED]").</li>
 * </ul>
 */
public final class LogMapper {
    private LogMapper() {}

    static final String CC = ClaudeCode.EVENT_PREFIX;
    static final String CODEX = Codex.EVENT_PREFIX;
    private static final Pattern BARE_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    /** Codex's response.completed token counts; a second response.completed without them is not a call. */
    private static final List<String> CODEX_TOKEN_COUNTS = List.of(
            "input_token_count",
            "output_token_count",
            "cached_token_count",
            "cache_write_token_count",
            "reasoning_token_count");

    private enum Kind {
        PROMPT,
        LLM,
        LLM_ERROR,
        TOOL_RESULT,
        TOOL_DECISION,
        OTHER,
        IGNORE
    }

    public static IngestBatch map(List<Otlp.ResourceLogs> in) {
        Common.Acc acc = new Common.Acc();
        for (Otlp.ResourceLogs rl : in) {
            for (Otlp.ScopeLogs sl : rl.scopes()) {
                for (Otlp.LogRecord rec : sl.records()) record(acc, rl.resource(), sl.scopeName(), rec);
            }
        }
        return acc.batch();
    }

    private static void record(Common.Acc acc, Otlp.Resource res, String scope, Otlp.LogRecord rec) {
        String name = eventName(rec, scope, res.attributes());
        boolean cc = name != null && name.startsWith(CC);
        boolean codex = name != null && name.startsWith(CODEX);
        if (!cc && !codex) {
            acc.ignored++; // not an agent event we know
            return;
        }
        Kind kind =
                cc ? ccKind(name.substring(CC.length())) : codexKind(name.substring(CODEX.length()), rec.attributes());
        if (kind == Kind.IGNORE) {
            acc.ignored++;
            return;
        }
        String recordId = name + ":" + (rec.timeUnixNano() < 0 ? "invalid" : Long.toString(rec.timeUnixNano()));
        try {
            acc.spans.add(span(res, rec, name, cc, kind));
        } catch (RecordProblem e) {
            acc.reject(recordId, e.getMessage());
        } catch (RuntimeException e) {
            acc.reject(recordId, "could not map record: " + e);
        }
    }

    static String eventName(Otlp.LogRecord rec, String scope, Map<String, Object> resource) {
        String attrName = Values.str(rec.attributes(), "event.name");
        String attr = attrName == null || attrName.isBlank() ? null : qualify(attrName.trim(), scope, resource);
        String field = rec.eventName() == null || rec.eventName().isBlank()
                ? null
                : qualify(rec.eventName().trim(), scope, resource);
        String body =
                rec.body() == null || rec.body().isBlank() ? null : rec.body().trim();
        if (body != null) {
            if (!known(body)) {
                if (known(field)) return field;
                if (known(attr)) return attr;
            }
            return body;
        }
        // Codex 0.169 fills the event_name field with a source location ("event otel/src/…rs:803") and
        // names the event only in the attribute: an agent's name beats an unknown one, wherever it is.
        if (!known(field) && known(attr)) return attr;
        return field != null ? field : attr;
    }

    private static boolean known(String name) {
        return name != null && (name.startsWith(CC) || name.startsWith(CODEX));
    }

    /**
     * A bare event name ({@code api_request}) gets its agent's prefix, judged from the scope and the
     * service name. Only identifier-like names are qualified.
     */
    private static String qualify(String name, String scope, Map<String, Object> resource) {
        // a dotted name is never bare: most names are, so spare them the regex
        if (name == null || name.indexOf('.') >= 0 || !BARE_NAME.matcher(name).matches()) return name;
        String service = Values.str(resource, Common.SERVICE_NAME);
        if (scope != null && scope.contains("claude_code") || service != null && service.startsWith("claude-code")) {
            return CC + name;
        }
        if (scope != null && scope.startsWith("codex") || service != null && service.startsWith("codex")) {
            return CODEX + name;
        }
        return name;
    }

    private static Kind ccKind(String event) {
        return switch (event) {
            case "user_prompt" -> Kind.PROMPT;
            case "api_request" -> Kind.LLM;
            case "api_error" -> Kind.LLM_ERROR;
            case "tool_result" -> Kind.TOOL_RESULT;
            case "tool_decision" -> Kind.TOOL_DECISION;
            case "api_request_body", "api_response_body" -> Kind.IGNORE; // huge and private
            default -> Kind.OTHER;
        };
    }

    private static Kind codexKind(String event, Map<String, Object> a) {
        return switch (event) {
            case "user_prompt" -> Kind.PROMPT;
            case "tool_decision" -> Kind.TOOL_DECISION;
            case "tool_result" -> Kind.TOOL_RESULT;
            // tokens live on the sse/websocket response.completed event; only failures are kept here
            case "api_request" -> Values.str(a, "error.message") != null ? Kind.LLM_ERROR : Kind.IGNORE;
            // streaming deltas are ignored; websocket_event replaces sse_event on the websocket transport
            case "sse_event", "websocket_event" ->
                "response.completed".equals(Values.str(a, "event.kind")) && hasTokenCounts(a) ? Kind.LLM : Kind.IGNORE;
            case "conversation_starts" -> Kind.OTHER;
            default -> Kind.IGNORE;
        };
    }

    private static boolean hasTokenCounts(Map<String, Object> a) {
        for (String k : CODEX_TOKEN_COUNTS) if (a.get(k) != null) return true;
        return false;
    }

    private static Span span(Otlp.Resource res, Otlp.LogRecord rec, String name, boolean cc, Kind kind) {
        if (res.problem() != null) throw new RecordProblem("resource: " + res.problem());
        if (rec.problem() != null) throw new RecordProblem(rec.problem());
        Map<String, Object> a = rec.attributes();
        Map<String, Object> ra = res.attributes();
        Instant start = time(rec, a);
        String sessionKeyName = cc ? ClaudeCode.SESSION_KEY : Codex.SESSION_KEY;
        String sessionKey = Values.str(a, sessionKeyName);
        if (sessionKey == null) throw new RecordProblem(name + ": missing " + sessionKeyName);

        String promptId = cc ? Values.str(a, "prompt.id") : null;
        String promptSpanId = promptId == null ? null : Ids.md5_16(promptId);
        String spanId =
                kind == Kind.PROMPT && promptSpanId != null ? promptSpanId : dedupId(sessionKey, name, start, a);
        String serviceName = Common.either(ra, a, Common.SERVICE_NAME);
        String agentId = cc ? Common.firstNonNull(serviceName, ClaudeCode.AGENT_ID) : Codex.agentId(serviceName);
        Integer exitCode = !cc && kind == Kind.TOOL_RESULT ? Codex.exitCode(Values.str(a, "output")) : null;

        Span.Builder b = Span.builder()
                .spanId(spanId)
                .traceId(Ids.trace(sessionKey))
                .sessionId(sessionKey)
                .agentId(agentId)
                // a subagent's events carry agent_id, the id its agent-<id>.jsonl transcript has too
                .subAgentId(cc ? Values.str(a, ClaudeCode.SUBAGENT_KEY) : null)
                .conversationId(cc ? promptId : sessionKey)
                .attributes(attributes(ra, a, cc, exitCode))
                .resource(Common.identity(ra, a))
                .startTime(start);
        if (kind != Kind.PROMPT) b.parentSpanId(promptSpanId);

        String provider = cc ? ClaudeCode.PROVIDER : Codex.PROVIDER;
        String model = cc ? Values.str(a, "model") : Values.first(a, "model", "slug");
        Double duration = duration(a);
        switch (kind) {
            case PROMPT ->
                b.name(SpanNames.INVOKE_AGENT)
                        .kind(SpanKind.SERVER)
                        .status(SpanStatus.OK)
                        .timing(start, 0d);
            case LLM ->
                b.name(SpanNames.LLM_CALL)
                        .kind(SpanKind.CLIENT)
                        .status(SpanStatus.OK)
                        .provider(provider)
                        .billingAccount(Providers.billingAccount(provider))
                        .model(model)
                        .usage(cc ? claudeUsage(a) : codexUsage(a))
                        .reportedCostUsd(cc ? claudeCost(a) : null)
                        .timing(start, duration);
            case LLM_ERROR ->
                b.name(SpanNames.LLM_CALL)
                        .kind(SpanKind.CLIENT)
                        .status(SpanStatus.ERROR)
                        .statusMessage(Values.first(a, "error", "error.message"))
                        .provider(provider)
                        .billingAccount(Providers.billingAccount(provider))
                        .model(model)
                        .timing(start, duration);
            case TOOL_RESULT -> {
                // Codex says success=true for a command that exited non-zero; its output tells
                boolean exitedNonZero = exitCode != null && exitCode != 0;
                boolean ok = Boolean.TRUE.equals(Values.bool(a.get("success"))) && !exitedNonZero;
                String why = ok ? null : Values.first(a, "error", "error.message", "error_type");
                if (!ok && why == null && exitedNonZero) why = "exit code " + exitCode;
                b.name(SpanNames.TOOL_CALL)
                        .kind(SpanKind.INTERNAL)
                        .status(ok ? SpanStatus.OK : SpanStatus.ERROR)
                        .statusMessage(why)
                        .toolName(toolName(a))
                        .timing(start, duration);
            }
            case TOOL_DECISION ->
                b.name(SpanNames.TOOL_DECISION)
                        .kind(SpanKind.INTERNAL)
                        .status(SpanStatus.OK)
                        .toolName(toolName(a));
            case OTHER ->
                b.name(name).kind(SpanKind.INTERNAL).status(SpanStatus.UNSET).timing(start, 0d);
            default -> throw new IllegalStateException(kind.toString());
        }
        return b.build();
    }

    /**
     * The event time: {@code timeUnixNano}, else {@code event.timestamp} (Codex sends 0 and puts the
     * time there), else {@code observedTimeUnixNano} (when the exporter saw it: late, never wrong by
     * more than the export delay). A record with none of them usable is rejected.
     */
    private static Instant time(Otlp.LogRecord rec, Map<String, Object> a) {
        if (rec.timeUnixNano() > 0) return Times.ofNanos(rec.timeUnixNano());
        Object ts = a.get("event.timestamp");
        Instant t = ts instanceof String s ? Times.parseIso(s) : null;
        if (t != null) return t;
        if (rec.observedTimeUnixNano() > 0) return Times.ofNanos(rec.observedTimeUnixNano());
        if (ts == null) {
            throw new RecordProblem(
                    "missing timestamp: timeUnixNano and observedTimeUnixNano are 0 and there is no event.timestamp");
        }
        throw new RecordProblem("invalid event.timestamp '" + Values.clip(String.valueOf(ts)) + "'");
    }

    /**
     * Deterministic span id: re-sending a record yields the same id, so the writer stores it once.
     * Keyed on (session, event name, event.sequence, time) when a sequence is present, else on
     * (session, event name, time, all record attributes sorted by key).
     */
    static String dedupId(String sessionKey, String name, Instant start, Map<String, Object> a) {
        String seq = Values.str(a, "event.sequence");
        return Ids.sha256_16(c -> {
            c.string(sessionKey).sep().string(name).sep();
            if (seq != null) {
                // the time guards against a counter that restarts under the same session id (a resumed
                // process); an exporter retry re-sends the identical record, time included
                c.string("seq").string(seq).number(Times.toNanos(start));
            } else {
                c.string("content").number(Times.toNanos(start)).attributes(a);
            }
        });
    }

    /**
     * Record attributes whose values went into a column of their own. Keeping them in the attribute
     * map as well doubled what every span writes (and stores) for nothing.
     */
    private static final Set<String> IN_COLUMNS = Set.of(
            "session.id",
            "event.name",
            "prompt.id",
            "model",
            "duration_ms",
            "tool_name",
            "cost_usd",
            "input_tokens",
            "output_tokens",
            "cache_read_tokens",
            "cache_creation_tokens");
    /** Resource identity stamped into columns (agent id, namespace, terminal, run, parent session). */
    private static final Set<String> STAMPED = Set.of(
            Common.SERVICE_NAME,
            "service.namespace",
            "service.instance.id",
            "tokenjam.run_id",
            "tokenjam.parent_session_id");

    /**
     * Codex tool-call payloads: the command line and its output are private (secrets, file contents)
     * and are never stored; only the exit code read from the output is kept.
     */
    private static final Set<String> CODEX_PRIVATE = Set.of("arguments", "output");

    /**
     * Resource attributes merged with the record's (the record wins), minus what became columns,
     * minus redacted bodies and minus Codex's private tool payloads.
     */
    private static Map<String, Object> attributes(
            Map<String, Object> resource, Map<String, Object> record, boolean cc, Integer exitCode) {
        Map<String, Object> kept = new LinkedHashMap<>(Math.max(8, (resource.size() + record.size()) * 4 / 3 + 1));
        for (Map.Entry<String, Object> e : resource.entrySet()) {
            if (!STAMPED.contains(e.getKey())) kept.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Object> e : record.entrySet()) {
            String k = e.getKey();
            if (STAMPED.contains(k) || (cc && IN_COLUMNS.contains(k)) || (!cc && CODEX_PRIVATE.contains(k))) {
                kept.remove(k);
            } else if ((k.equals("prompt") || k.equals("response")) && redacted(e.getValue())) {
                kept.remove(k);
            } else {
                kept.put(k, e.getValue());
            }
        }
        if (exitCode != null) kept.put("exit_code", (long) exitCode);
        return Collections.unmodifiableMap(kept);
    }

    private static boolean redacted(Object v) {
        return "<REDACTED>".equals(v) || "[REDACTED]".equals(v);
    }

    private static Double duration(Map<String, Object> a) {
        Double d = Values.number(a, "duration_ms");
        if (d != null && d < 0) throw new RecordProblem("duration_ms is negative: " + d);
        return d;
    }

    private static String toolName(Map<String, Object> a) {
        String t = Values.str(a, "tool_name");
        return t == null ? "unknown" : t;
    }

    /**
     * Claude Code tokens. cache_creation_tokens are 5-minute writes unless a TTL split is present
     * (cache_creation_1h_tokens / _5m_tokens, or Anthropic's cache_creation.ephemeral_* names).
     */
    static Usage claudeUsage(Map<String, Object> a) {
        return ClaudeCode.usage(
                Values.countOrZero(a, "input_tokens"),
                Values.countOrZero(a, "output_tokens"),
                Values.countOrZero(a, "cache_read_tokens"),
                Values.count(a, "cache_creation_tokens"),
                Values.count(a, "cache_creation_5m_tokens", "cache_creation.ephemeral_5m_input_tokens"),
                Values.count(a, "cache_creation_1h_tokens", "cache_creation.ephemeral_1h_input_tokens"));
    }

    /** The cost Claude Code reported; kept apart from our own price. */
    private static Double claudeCost(Map<String, Object> a) {
        Double usd = Values.number(a, "cost_usd");
        if (usd != null) return usd;
        Long micros = Values.count(a, "cost_usd_micros");
        return micros == null ? null : micros / 1_000_000d;
    }

    /** Codex tokens, turned into tj's convention by {@link Codex#usage} (docs/tokens.md). */
    static Usage codexUsage(Map<String, Object> a) {
        return Codex.usage(
                Values.countOrZero(a, "input_token_count"),
                Values.countOrZero(a, "cached_token_count"),
                Values.countOrZero(a, "cache_write_token_count"),
                Values.countOrZero(a, "output_token_count"));
    }
}
