package dev.tj.core.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic ids of history spans. LLM spans are keyed by the API response (message.id) alone,
 * not by session, so the same response copied into another session file (resume) or read again is
 * the same span everywhere. Trace ids are MD5(session id), as on the live OTLP path, so a session
 * seen live and backfilled is one trace.
 */
public final class Ids {
    private Ids() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(() -> digest("SHA-256"));
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> digest("MD5"));

    public static String llmSpan(String callKey) { return sha16("cc-llm|" + callKey); }

    public static String toolSpan(String toolUseId) { return sha16("cc-tool|" + toolUseId); }

    public static String codexLlmSpan(String sessionId, long lineOffset) { return sha16("codex-llm|" + sessionId + "|" + lineOffset); }

    public static String codexToolSpan(String sessionId, String callIdOrOffset) { return sha16("codex-tool|" + sessionId + "|" + callIdOrOffset); }

    /** Spans come file by file, so mostly from one session at a time: remember the last trace id. */
    private static final ThreadLocal<String[]> LAST_TRACE = ThreadLocal.withInitial(() -> new String[2]);

    public static String trace(String sessionId) {
        String[] last = LAST_TRACE.get();
        if (sessionId.equals(last[0])) return last[1];
        byte[] d = MD5.get().digest(sessionId.getBytes(StandardCharsets.UTF_8));
        last[0] = sessionId;
        last[1] = hex(d, 16);
        return last[1];
    }

    public static String sha16(String s) {
        byte[] d = SHA.get().digest(s.getBytes(StandardCharsets.UTF_8));
        return hex(d, 8);
    }

    private static String hex(byte[] d, int bytes) {
        char[] c = new char[bytes * 2];
        for (int i = 0; i < bytes; i++) {
            c[2 * i] = HEX[(d[i] >> 4) & 15];
            c[2 * i + 1] = HEX[d[i] & 15];
        }
        return new String(c);
    }

    private static MessageDigest digest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
