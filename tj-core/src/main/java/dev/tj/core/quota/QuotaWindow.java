package dev.tj.core.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One official usage window as Claude Code reports it in the statusline's {@code rate_limits}: how
 * much of it is used and when it resets. Subscription (OAuth) accounts only.
 *
 * @param name        {@code five_hour}, {@code seven_day}, {@code seven_day_opus}, … as sent
 * @param usedPercent 0–100; a reading outside that range is never made into a window
 * @param resetsAt    when the window resets, or null when not sent
 */
public record QuotaWindow(String name, double usedPercent, Instant resetsAt) {
    public static final String FIVE_HOUR = "five_hour";
    public static final String SEVEN_DAY = "seven_day";

    public QuotaWindow {
        Objects.requireNonNull(name, "name");
        // a window name is a key in storage and in the API: a short plain word, never markup or a path
        if (!isName(name)) throw new IllegalArgumentException("not a window name: " + name);
        if (!(usedPercent >= 0 && usedPercent <= 100))
            throw new IllegalArgumentException("used percentage outside 0-100: " + usedPercent);
    }

    /**
     * Whether {@code s} can name a window: [A-Za-z0-9_.-]{1,64}, checked by hand (windows are made
     * for every stored snapshot a query reads; a regex here was a third of a week's attribution).
     */
    public static boolean isName(String s) {
        int n = s.length();
        if (n == 0 || n > 64) return false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == '-';
            if (!ok) return false;
        }
        return true;
    }

    /** How long the window runs from its start to its reset, or null for a kind we do not know. */
    public Duration length() {
        if (name.equals(FIVE_HOUR)) return Duration.ofHours(5);
        if (name.startsWith(SEVEN_DAY)) return Duration.ofDays(7);
        return null;
    }

    /** When this window started, where its length and reset are known. */
    public Instant startsAt() {
        Duration l = length();
        return l == null || resetsAt == null ? null : resetsAt.minus(l);
    }
}
