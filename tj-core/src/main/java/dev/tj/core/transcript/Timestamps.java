package dev.tj.core.transcript;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** ISO-8601 timestamps of transcript records, to epoch milliseconds, without allocating in the common case. */
public final class Timestamps {
    private Timestamps() {}

    /** No timestamp. */
    public static final long NONE = Long.MIN_VALUE;

    /**
     * Parses {@code 2026-09-01T12:34:56.789Z} (any number of fraction digits, or none) quickly; other
     * ISO forms (offsets, no zone = UTC) through java.time.
     *
     * @return epoch millis, or {@link #NONE} when it is not a timestamp
     */
    public static long parse(char[] c, int off, int len) {
        if (len >= 20
                && c[off + 4] == '-'
                && c[off + 7] == '-'
                && (c[off + 10] == 'T' || c[off + 10] == ' ')
                && c[off + 13] == ':'
                && c[off + 16] == ':'
                && c[off + len - 1] == 'Z') {
            int y = d4(c, off),
                    mo = d2(c, off + 5),
                    d = d2(c, off + 8),
                    h = d2(c, off + 11),
                    mi = d2(c, off + 14),
                    s = d2(c, off + 17);
            if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0
                    && s < 61) {
                int i = off + 19, end = off + len - 1, ms = 0;
                boolean ok = true;
                if (i < end) {
                    if (c[i] != '.') ok = false;
                    else {
                        int digits = 0;
                        for (i++; i < end; i++) {
                            char ch = c[i];
                            if (ch < '0' || ch > '9') {
                                ok = false;
                                break;
                            }
                            if (digits < 3) ms = ms * 10 + (ch - '0');
                            digits++;
                        }
                        if (digits == 0) ok = false;
                        for (; digits < 3; digits++) ms *= 10;
                    }
                }
                if (ok) return (daysFromCivil(y, mo, d) * 86_400L + h * 3600L + mi * 60L + s) * 1000L + ms;
            }
        }
        return slow(new String(c, off, len));
    }

    public static long parse(String s) {
        return s == null ? NONE : parse(s.toCharArray(), 0, s.length());
    }

    private static long slow(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (RuntimeException e2) {
                return NONE;
            }
        }
    }

    private static int d2(char[] c, int i) {
        int a = c[i] - '0', b = c[i + 1] - '0';
        return (a < 0 || a > 9 || b < 0 || b > 9) ? -100 : a * 10 + b;
    }

    private static int d4(char[] c, int i) {
        int a = d2(c, i), b = d2(c, i + 2);
        return (a < 0 || b < 0) ? -1 : a * 100 + b;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
