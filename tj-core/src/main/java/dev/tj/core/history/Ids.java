package dev.tj.core.history;

import dev.tj.core.agent.SpanIds;

/**
 * Deterministic ids of history spans. LLM spans are keyed by the API response (message.id) alone,
 * not by session, so the same response copied into another session file (resume) or read again is
 * the same span everywhere. Trace ids are {@link SpanIds#trace}, as on the live OTLP path, so a
 * session seen live and backfilled is one trace.
 */
public final class Ids {
    private Ids() {}

    public static String llmSpan(String callKey) {
        return SpanIds.sha16("cc-llm|" + callKey);
    }

    public static String toolSpan(String toolUseId) {
        return SpanIds.sha16("cc-tool|" + toolUseId);
    }

    public static String codexLlmSpan(String sessionId, long lineOffset) {
        return SpanIds.sha16("codex-llm|" + sessionId + "|" + lineOffset);
    }

    public static String codexToolSpan(String sessionId, String callIdOrOffset) {
        return SpanIds.sha16("codex-tool|" + sessionId + "|" + callIdOrOffset);
    }

    public static String trace(String sessionId) {
        return SpanIds.trace(sessionId);
    }

    public static String sha16(String s) {
        return SpanIds.sha16(s);
    }
}
