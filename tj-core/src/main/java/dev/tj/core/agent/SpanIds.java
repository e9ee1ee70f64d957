package dev.tj.core.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The id derivations every path must share. A session's trace id is MD5(session id) on the live OTLP
 * path and on the transcript path alike, so a session seen live and backfilled is one trace; the
 * OTLP mapper and the history readers both call this class, so the two cannot drift apart.
 */
public final class SpanIds {
    private SpanIds() {}

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(() -> digest("SHA-256"));
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> digest("MD5"));
    /** Spans come session by session, so remember the last trace id (per thread). */
    private static final ThreadLocal<String[]> LAST_TRACE = ThreadLocal.withInitial(() -> new String[2]);

    /** The trace id of a session: lower-case hex MD5 of the session id, 32 characters. */
    public static String trace(String sessionId) {
        String[] last = LAST_TRACE.get();
        if (sessionId.equals(last[0])) return last[1];
        String t = md5(sessionId);
        last[0] = sessionId;
        last[1] = t;
        return t;
    }

    /** Lower-case hex MD5, 32 characters. */
    public static String md5(String s) {
        return hex(MD5.get().digest(s.getBytes(StandardCharsets.UTF_8)), 16);
    }

    /** First 16 hex characters of MD5 (the live path's prompt span id). */
    public static String md5_16(String s) {
        return md5(s).substring(0, 16);
    }

    /** First 16 hex characters of SHA-256 (the history paths' span ids). */
    public static String sha16(String s) {
        return hex(SHA.get().digest(s.getBytes(StandardCharsets.UTF_8)), 8);
    }

    public static String hex(byte[] d, int bytes) {
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
            throw new IllegalStateException(alg + " is required by the Java platform", e);
        }
    }
}
