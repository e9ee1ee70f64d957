package dev.tj.core.quota;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A window's {@code resets_at} as clients send it: epoch seconds (a number or a numeric string),
 * epoch milliseconds (anything above 1e11, which as seconds would be past the year 5000) or an
 * ISO-8601 date-time (a missing offset is UTC). Whole seconds: providers reset on the second.
 *
 * <p>The date arithmetic is done by hand, not with {@code java.time}, so that the statusline's awk
 * fallback ({@code bin/tj-statusline}), which has no date functions, reads every value the same way.
 */
public final class ResetsAt {
    static final double MILLIS_ABOVE = 1e11;
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?(Z|z|[+-]\\d{2}:?\\d{2})?");
    static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private ResetsAt() {}

    /** The instant, or null when the value is missing or not a time. */
    public static Instant of(JsonNode v) {
        if (v == null) return null;
        if (v.isNumber()) return epoch(v.asDouble());
        if (!v.isTextual()) return null;
        String s = v.asText();
        if (NUMBER.matcher(s).matches()) return epoch(Double.parseDouble(s));
        return iso(s);
    }

    private static Instant epoch(double v) {
        if (v > MILLIS_ABOVE) v = v / 1000;
        if (!(v >= 1 && v < MILLIS_ABOVE)) return null;
        return Instant.ofEpochSecond((long) Math.floor(v));
    }

    static Instant iso(String s) {
        Matcher m = ISO.matcher(s);
        if (!m.matches()) return null;
        int y = Integer.parseInt(m.group(1)), mo = Integer.parseInt(m.group(2)), d = Integer.parseInt(m.group(3));
        int h = Integer.parseInt(m.group(4)), mi = Integer.parseInt(m.group(5));
        int sec = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return null;
        long offset = 0;
        String z = m.group(7);
        if (z != null && z.length() > 1) {
            String digits = z.substring(1).replace(":", "");
            int oh = Integer.parseInt(digits.substring(0, 2)), om = Integer.parseInt(digits.substring(2));
            if (oh > 23 || om > 59) return null;
            offset = (z.charAt(0) == '-' ? -1L : 1L) * (oh * 3600L + om * 60L);
        }
        long t = daysFromCivil(y, mo, d) * 86400L + h * 3600L + mi * 60L + sec - offset;
        return t >= 1 ? Instant.ofEpochSecond(t) : null;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm, years from 1970 on). */
    static long daysFromCivil(long y, long m, long d) {
        if (m <= 2) y--;
        long era = y / 400, yoe = y - era * 400;
        long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
