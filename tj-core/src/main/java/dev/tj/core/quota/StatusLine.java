package dev.tj.core.quota;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one line {@code tj statusline} prints under Claude Code's prompt, e.g.
 * {@code Opus 4.1 · ~$3.20 API · ctx 42% · 5h 45% ↻2h13m ⚠ out in 1h20m · 7d 13% ↻3d4h}: model,
 * the session's cost (on a plan, what it would cost on the API), context use, each window's used
 * share and time to reset, a warning where the pace since the window started runs out before the
 * reset, and a gateway's spend limit. A field that cannot be shown is left out.
 *
 * <p>{@code bin/tj-statusline} renders the same line in awk when the daemon is down, and tests hold
 * the two to the same output: keep every rule here expressible there (whole seconds, the same
 * double arithmetic in the same order, rounding like C's printf).
 */
public final class StatusLine {
    static final String SEP = " · ";
    /** The windows shown, in order, with their labels; others are stored but not shown. */
    private static final List<String[]> SHOWN = List.of(
            new String[] {QuotaWindow.FIVE_HOUR, "5h"},
            new String[] {QuotaWindow.SEVEN_DAY, "7d"},
            new String[] {"seven_day_opus", "opus"},
            new String[] {"seven_day_sonnet", "sonnet"});

    private StatusLine() {}

    /**
     * @param now   epoch seconds of the clock the line is for
     * @param extra one more segment at the end (the daemon's own knowledge), or null
     */
    public static String render(StatusLineInput in, long now, String extra) {
        List<String> parts = new ArrayList<>();
        if (in.modelName() != null) parts.add(in.modelName());
        if (in.costUsd() != null)
            parts.add(in.plan() ? "~$" + money(in.costUsd()) + " API" : "$" + money(in.costUsd()));
        if (in.contextPercent() != null) parts.add("ctx " + percent(in.contextPercent()));
        for (String[] shown : SHOWN) in.window(shown[0]).ifPresent(w -> parts.add(window(shown[1], w, now)));
        SpendLimit s = in.spend();
        if (s != null) {
            String period = period(s.period());
            parts.add("$" + money(s.usedUsd()) + "/$" + limit(s.limitUsd()) + (period == null ? "" : " " + period));
        }
        if (extra != null && !extra.isBlank()) parts.add(extra);
        return parts.isEmpty() ? "tj" : String.join(SEP, parts);
    }

    static String window(String label, QuotaWindow w, long now) {
        StringBuilder b = new StringBuilder(label).append(' ').append(percent(w.usedPercent()));
        if (w.resetsAt() == null) return b.toString();
        long left = w.resetsAt().getEpochSecond() - now;
        if (left <= 0) return b.toString(); // reset already: the reading is stale, say nothing of time
        b.append(" ↻").append(duration(left));
        Duration length = w.length();
        if (length == null) return b.toString();
        String pace = pace(w.usedPercent(), length.toSeconds(), left);
        return pace == null ? b.toString() : b.append(' ').append(pace).toString();
    }

    /**
     * The warning when the pace so far runs out before the reset: elapsed = length − left; at that
     * pace the window ends at used × length / elapsed percent, and 100 % comes (100 − used) ×
     * elapsed / used seconds from now.
     */
    static String pace(double used, long length, long left) {
        long elapsed = length - left;
        if (elapsed <= 0 || used <= 0) return null; // a reset beyond the window's length: a clock off
        if (used >= 100) return "⚠ out";
        double projected = used * length / elapsed;
        if (!(projected > 100)) return null;
        double out = (100 - used) * elapsed / used;
        return "⚠ out in " + duration((long) Math.floor(out));
    }

    static String duration(long seconds) {
        if (seconds < 60) return "<1m";
        long m = seconds / 60;
        if (m < 60) return m + "m";
        long h = m / 60;
        if (h < 24) return h + "h" + (m % 60) + "m";
        return h / 24 + "d" + (h % 24) + "h";
    }

    static String percent(double p) {
        return (long) Math.floor(p + 0.5) + "%";
    }

    /** Two decimals rounded as C's printf rounds the exact binary value (half-even on true ties). */
    static String money(double usd) {
        return new BigDecimal(usd).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    static String limit(double usd) {
        return usd == Math.floor(usd) ? Long.toString((long) usd) : money(usd);
    }

    static String period(String p) {
        if (p == null) return null;
        return switch (p.toLowerCase(Locale.ROOT)) {
            case "month", "monthly" -> "mo";
            case "week", "weekly" -> "wk";
            case "day", "daily" -> "day";
            default -> p.length() <= 12 && p.matches("[A-Za-z0-9_-]+") ? p : null;
        };
    }
}
