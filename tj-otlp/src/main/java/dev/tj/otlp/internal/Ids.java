package dev.tj.otlp.internal;

import dev.tj.core.agent.SpanIds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Trace/span id normalisation and the deterministic ids of the logs and metrics paths. */
final class Ids {
    private Ids() {}

    /**
     * Lower-case hex id of exactly {@code hexLength} characters, or null when absent, not hex, of
     * the wrong length, or all zeros (the OTLP "invalid id").
     */
    static String normalize(String raw, int hexLength) {
        if (raw == null || raw.length() != hexLength) return null;
        char[] out = new char[hexLength];
        boolean nonZero = false;
        for (int i = 0; i < hexLength; i++) {
            char c = raw.charAt(i);
            if (c >= 'A' && c <= 'F') c = (char) (c + ('a' - 'A'));
            else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return null;
            if (c != '0') nonZero = true;
            out[i] = c;
        }
        return nonZero ? new String(out) : null;
    }

    /** A session's trace id: shared with the transcript path ({@link SpanIds#trace}). */
    static String trace(String sessionKey) {
        return SpanIds.trace(sessionKey);
    }

    /** First 16 hex characters of MD5: the logs path's prompt span id. */
    static String md5_16(String s) {
        return SpanIds.md5_16(s);
    }

    /** First 16 hex characters of SHA-256 over whatever {@code feed} writes. */
    static String sha256_16(Consumer<Canonical> feed) {
        MessageDigest md = SHA.get();
        md.reset(); // a feed that threw left its part behind
        feed.accept(new Canonical(md));
        return SpanIds.hex(md.digest(), 8);
    }

    /** One digest per thread: looking one up for every record was a measurable part of decoding. */
    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    });

    /**
     * An unambiguous, order-independent encoding of values into a digest: every value is type-tagged
     * and length-prefixed; map entries are sorted by key, so attribute order does not matter.
     */
    static final class Canonical {
        private final MessageDigest md;
        private final ByteBuffer buf = ByteBuffer.allocate(9);

        Canonical(MessageDigest md) {
            this.md = md;
        }

        Canonical string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            tagged('s', b.length);
            md.update(b);
            return this;
        }

        Canonical number(long n) {
            tagged('i', n);
            return this;
        }

        /** A separator between parts, so that ("ab","c") and ("a","bc") differ. */
        Canonical sep() {
            md.update((byte) 0);
            return this;
        }

        Canonical value(Object v) {
            if (v == null) {
                md.update((byte) 'n');
            } else if (v instanceof String s) {
                string(s);
            } else if (v instanceof Long || v instanceof Integer) {
                tagged('i', ((Number) v).longValue());
            } else if (v instanceof Double d) {
                tagged('d', Double.doubleToLongBits(d));
            } else if (v instanceof Boolean b) {
                md.update((byte) 'b');
                md.update((byte) (b ? 1 : 0));
            } else if (v instanceof Map<?, ?> m) {
                attributes(m);
            } else if (v instanceof Collection<?> c) {
                tagged('l', c.size());
                for (Object o : c) value(o);
            } else {
                string(v.toString());
            }
            return this;
        }

        /** A map with its entries sorted by key (n log n, fine for 10,000 attributes). */
        Canonical attributes(Map<?, ?> m) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
            entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
            tagged('m', entries.size());
            for (Map.Entry<?, ?> e : entries) {
                string(String.valueOf(e.getKey()));
                value(e.getValue());
            }
            return this;
        }

        private void tagged(char tag, long n) {
            buf.clear();
            buf.put((byte) tag).putLong(n);
            md.update(buf.array(), 0, 9);
        }
    }
}
