package dev.tj.core.storage;

import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Writes attribute values (strings, numbers, booleans, lists, maps) as JSON text, for every backend
 * that stores them as JSON (DuckDB, PostgreSQL). The writer thread
 * does this for every stored span, and a direct walk is several times cheaper than going through
 * Jackson's serializer lookup for each map.
 */
public final class JsonText {
    private JsonText() {}

    /** Builders kept larger than this (one huge prompt) are dropped rather than held. */
    private static final int KEPT_CAPACITY = 64 * 1024;

    /** One builder per thread: the writer renders every span's attributes, and growing a fresh one for each was near a tenth of the daemon's garbage. */
    private static final ThreadLocal<StringBuilder> BUILDER = ThreadLocal.withInitial(() -> new StringBuilder(1024));

    public static String of(Object v) {
        StringBuilder b = BUILDER.get();
        b.setLength(0);
        write(b, v);
        String out = b.toString();
        if (b.capacity() > KEPT_CAPACITY) BUILDER.set(new StringBuilder(1024));
        return out;
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(b, s);
        } else if (v instanceof Boolean
                || v instanceof Long
                || v instanceof Integer
                || v instanceof Short
                || v instanceof Byte) {
            b.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // JSON has no NaN or infinities: keep them as text rather than corrupt the column
            if (Double.isFinite(d)) b.append(d);
            else string(b, Double.toString(d));
        } else if (v instanceof Number n) {
            b.append(n.toString());
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) b.append(',');
                first = false;
                string(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof Collection<?> c) {
            b.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) b.append(',');
                first = false;
                write(b, o);
            }
            b.append(']');
        } else if (v instanceof byte[] bytes) {
            string(b, Base64.getEncoder().encodeToString(bytes));
        } else {
            string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        int n = s.length();
        int plain = 0; // ids and names mostly need no escaping: copy that prefix in one go
        while (plain < n) {
            char c = s.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x2028) break;
            plain++;
        }
        b.append(s, 0, plain);
        for (int i = plain; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        b.append('\ufffd');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** A lone surrogate has no UTF-8 form; it is stored as U+FFFD so the JSON stays readable. */
    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
