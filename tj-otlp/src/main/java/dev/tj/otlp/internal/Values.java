package dev.tj.otlp.internal;

import java.util.List;
import java.util.Map;

/**
 * Lenient coercion of decoded attribute values: numbers may arrive as intValue (number or string),
 * doubleValue or stringValue; booleans as bool or "true"/"false".
 */
final class Values {
    private Values() {}

    /** A non-empty string view of a scalar, or null (absent, empty, or a list/map). */
    static String str(Object v) {
        if (v == null) return null;
        if (v instanceof String s) return s.isEmpty() ? null : s;
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        return null;
    }

    static String str(Map<String, Object> m, String key) {
        return str(m.get(key));
    }

    /** First non-null of the keys' string values. */
    static String first(Map<String, Object> m, String... keys) {
        for (String k : keys) {
            String s = str(m.get(k));
            if (s != null) return s;
        }
        return null;
    }

    /** Null when absent; the boolean when it is one or the text "true"/"false" (any case). */
    static Boolean bool(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("true")) return Boolean.TRUE;
            if (t.equalsIgnoreCase("false")) return Boolean.FALSE;
        }
        if (v instanceof Long n) return n != 0;
        return null;
    }

    /**
     * A non-negative whole number (token counts), or null when the key is absent.
     *
     * @throws RecordProblem when present but not a non-negative whole number
     */
    static Long count(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return null;
        Long n = null;
        if (v instanceof Long l) n = l;
        else if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e18) n = d.longValue();
        else if (v instanceof String s) {
            String t = s.trim();
            if (t.isEmpty()) return null;
            try {
                n = Long.parseLong(t);
            } catch (NumberFormatException e) {
                Double d = parseDouble(t);
                if (d != null && d == Math.rint(d) && Math.abs(d) < 9e18) n = d.longValue();
            }
        }
        if (n == null) throw new RecordProblem(key + " is not a whole number: " + describe(v));
        if (n < 0) throw new RecordProblem(key + " is negative: " + n);
        return n;
    }

    /** First present of the keys as a count, else null. */
    static Long count(Map<String, Object> m, String... keys) {
        for (String k : keys) {
            Long n = count(m, k);
            if (n != null) return n;
        }
        return null;
    }

    static long countOrZero(Map<String, Object> m, String... keys) {
        Long n = count(m, keys);
        return n == null ? 0 : n;
    }

    /**
     * A finite number, or null when absent.
     *
     * @throws RecordProblem when present but not a finite number
     */
    static Double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return null;
        Double d = null;
        if (v instanceof Number n) d = n.doubleValue();
        else if (v instanceof String s) {
            if (s.isBlank()) return null;
            d = parseDouble(s);
        }
        if (d == null || d.isNaN() || d.isInfinite()) {
            throw new RecordProblem(key + " is not a number: " + describe(v));
        }
        return d;
    }

    /** Parses a decimal or the OTLP/JSON special strings NaN, Infinity, -Infinity; null if not a number. */
    static Double parseDouble(String s) {
        String t = s.trim();
        if (t.isEmpty()) return null;
        switch (t) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        char c = t.charAt(t.length() - 1);
        if (!Character.isDigit(c) && c != '.') return null; // rejects Java-only forms like "1d", "0x1p3"
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(Object v) {
        if (v instanceof String s) return "'" + clip(s) + "'";
        if (v instanceof Map<?, ?>) return "a map";
        if (v instanceof List<?>) return "a list";
        return String.valueOf(v);
    }

    static String clip(String s) {
        if (s == null) return "";
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
