package dev.tj.core.cost;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Time windows as the CLI and API take them: {@code 30m, 12h, 7d, 2w}, {@code all}, a date or an ISO time. */
public final class Since {
    private static final Pattern REL = Pattern.compile("(\\d+)\\s*([mhdw])");

    private Since() {}

    /**
     * @return the window start, or null for all history
     * @throws IllegalArgumentException for anything else, or an amount of 0
     */
    public static Instant parse(String s, Instant now) {
        if (s == null) return null;
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("all")) return null;
        Matcher m = REL.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            if (n <= 0) throw new IllegalArgumentException("window must be positive: " + s);
            long secs = switch (m.group(2)) {
                case "m" -> 60L;
                case "h" -> 3600L;
                case "d" -> 86400L;
                default -> 7 * 86400L;
            };
            return now.minusSeconds(n * secs);
        }
        try {
            return LocalDate.parse(s.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException ignored) {
            // not a date
        }
        try {
            return OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException ignored) {
            // not an offset time
        }
        try {
            return LocalDateTime.parse(s.trim()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a window (30m, 12h, 7d, 2w, all, YYYY-MM-DD or ISO time): " + s);
        }
    }
}
