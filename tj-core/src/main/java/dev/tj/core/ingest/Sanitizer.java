package dev.tj.core.ingest;

import dev.tj.core.config.TjConfig;
import dev.tj.core.span.Span;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Refuses records that would hurt storage or the dashboard: too many or too large attributes,
 * deep nesting, and timestamps that are missing or far in the future. Refuses, never truncates, so
 * what is stored is what was sent.
 */
public final class Sanitizer {
    private final TjConfig.Security limits;

    public Sanitizer(TjConfig.Security limits) {
        this.limits = limits;
    }

    /** @return null when the span is acceptable, else the reason it is not */
    public String check(Span span, Instant now) {
        if (span.startTime().toEpochMilli() <= 0) return "missing timestamp";
        if (span.startTime().isAfter(now.plus(limits.maxFutureSkew()))) {
            return "timestamp " + span.startTime() + " is too far in the future";
        }
        if (span.endTime() != null && span.endTime().isBefore(span.startTime())) return "end time before start time";
        return checkAttributes(span.attributes());
    }

    public String checkAttributes(Map<String, Object> attributes) {
        if (attributes.size() > limits.maxAttributesPerSpan()) {
            return attributes.size() + " attributes exceed the limit of " + limits.maxAttributesPerSpan();
        }
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            int depth = depth(e.getValue(), 1);
            if (depth > limits.maxAttributeDepth()) {
                return "attribute " + clip(e.getKey()) + " nests deeper than " + limits.maxAttributeDepth();
            }
            long size = size(e.getValue());
            if (size > limits.maxAttributeBytes()) {
                return "attribute " + clip(e.getKey()) + " is larger than " + limits.maxAttributeBytes() + " bytes";
            }
        }
        return null;
    }

    private static int depth(Object v, int d) {
        if (d > 64) return d; // deeper than any limit we allow; stop counting
        int max = d;
        if (v instanceof Map<?, ?> m) {
            for (Object o : m.values()) max = Math.max(max, depth(o, d + 1));
        } else if (v instanceof Collection<?> c) {
            for (Object o : c) max = Math.max(max, depth(o, d + 1));
        }
        return max;
    }

    /** Approximate JSON size; exact for strings, which is where large values come from. */
    private static long size(Object v) {
        if (v == null) return 4;
        if (v instanceof String s) return utf8Length(s) + 2L;
        if (v instanceof Map<?, ?> m) {
            long n = 2;
            for (Map.Entry<?, ?> e : m.entrySet()) n += size(String.valueOf(e.getKey())) + size(e.getValue()) + 2;
            return n;
        }
        if (v instanceof Collection<?> c) {
            long n = 2;
            for (Object o : c) n += size(o) + 1;
            return n;
        }
        return 24;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    private static String clip(String key) {
        return key.length() > 64 ? key.substring(0, 64) + "…" : key;
    }
}
