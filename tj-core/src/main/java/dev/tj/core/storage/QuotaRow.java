package dev.tj.core.storage;

import dev.tj.core.quota.QuotaSnapshot;
import dev.tj.core.quota.QuotaWindow;
import dev.tj.core.quota.SpendLimit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A quota snapshot as one flat table row, the same on every SQL backend: times are epoch
 * microseconds, the two windows everyone has get columns of their own, rarer ones share a text
 * column ({@code name=percent@resetMicros;…}, names are plain words so no escaping is needed).
 */
public final class QuotaRow {
    /** Column names in {@link #values} order. */
    public static final List<String> COLUMNS = List.of(
            "at_us",
            "user_name",
            "machine",
            "session_id",
            "prompt_id",
            "model",
            "session_cost_usd",
            "context_pct",
            "five_hour_pct",
            "five_hour_resets_us",
            "seven_day_pct",
            "seven_day_resets_us",
            "other_windows",
            "spend_used_usd",
            "spend_limit_usd",
            "spend_period");

    private QuotaRow() {}

    /** The row's values: each a String, Long, Double or null. */
    public static List<Object> values(QuotaSnapshot s) {
        QuotaWindow five = s.window(QuotaWindow.FIVE_HOUR).orElse(null);
        QuotaWindow seven = s.window(QuotaWindow.SEVEN_DAY).orElse(null);
        StringBuilder other = new StringBuilder();
        for (QuotaWindow w : s.windows()) {
            if (w == five || w == seven) continue;
            if (!other.isEmpty()) other.append(';');
            other.append(w.name()).append('=').append(w.usedPercent()).append('@');
            if (w.resetsAt() != null) other.append(micros(w.resetsAt()));
        }
        SpendLimit sp = s.spend();
        return Arrays.asList(
                micros(s.at()),
                s.user(),
                s.machine(),
                s.sessionId(),
                s.promptId(),
                s.model(),
                s.sessionCostUsd(),
                s.contextUsedPercent(),
                five == null ? null : five.usedPercent(),
                five == null ? null : micros(five.resetsAt()),
                seven == null ? null : seven.usedPercent(),
                seven == null ? null : micros(seven.resetsAt()),
                other.isEmpty() ? null : other.toString(),
                sp == null ? null : sp.usedUsd(),
                sp == null ? null : sp.limitUsd(),
                sp == null ? null : sp.period());
    }

    /** The snapshot back from values in {@link #COLUMNS} order (numbers may come as any Number). */
    public static QuotaSnapshot snapshot(List<Object> v) {
        List<QuotaWindow> windows = new ArrayList<>();
        if (v.get(8) != null) windows.add(new QuotaWindow(QuotaWindow.FIVE_HOUR, dbl(v.get(8)), instant(v.get(9))));
        if (v.get(10) != null) windows.add(new QuotaWindow(QuotaWindow.SEVEN_DAY, dbl(v.get(10)), instant(v.get(11))));
        if (v.get(12) instanceof String other && !other.isEmpty()) {
            for (String part : other.split(";")) {
                int eq = part.indexOf('='), at = part.indexOf('@', eq);
                if (eq <= 0 || at < 0) continue;
                String reset = part.substring(at + 1);
                windows.add(new QuotaWindow(
                        part.substring(0, eq),
                        Double.parseDouble(part.substring(eq + 1, at)),
                        reset.isEmpty() ? null : instant(Long.parseLong(reset))));
            }
        }
        SpendLimit spend = v.get(13) == null && v.get(14) == null
                ? null
                : new SpendLimit(dbl(v.get(13)), dbl(v.get(14)), (String) v.get(15));
        return new QuotaSnapshot(
                instant(v.get(0)),
                (String) v.get(3),
                (String) v.get(4),
                (String) v.get(5),
                v.get(6) == null ? null : dbl(v.get(6)),
                v.get(7) == null ? null : dbl(v.get(7)),
                windows,
                spend,
                (String) v.get(2),
                (String) v.get(1));
    }

    /**
     * The columns that hold one window's reading: its own two where it has them, else the shared text
     * column (which changes when any rarer window does: more rows kept, never fewer).
     */
    public static List<String> readingColumns(String window) {
        if (QuotaWindow.FIVE_HOUR.equals(window)) return List.of("five_hour_pct", "five_hour_resets_us");
        if (QuotaWindow.SEVEN_DAY.equals(window)) return List.of("seven_day_pct", "seven_day_resets_us");
        return List.of("other_windows");
    }

    /**
     * The SQL of {@link QuotaSnapshots#changes} for a backend with window functions: the same on
     * DuckDB and PostgreSQL. Parameters: from (µs), to (µs), then the user when {@code byUser}.
     */
    public static String changesSql(String window, boolean byUser) {
        StringBuilder differs = new StringBuilder(), nextDiffers = new StringBuilder(), lags = new StringBuilder();
        List<String> keys = new ArrayList<>(readingColumns(window));
        List<String> who = List.of("session_id", "prompt_id");
        int i = 0;
        for (String c : keys) {
            lags.append(", LAG(")
                    .append(c)
                    .append(") OVER w AS prev_")
                    .append(i)
                    .append(", LEAD(")
                    .append(c)
                    .append(") OVER w AS next_")
                    .append(i);
            differs.append(" OR prev_").append(i).append(" IS DISTINCT FROM ").append(c);
            nextDiffers
                    .append(" OR next_")
                    .append(i)
                    .append(" IS DISTINCT FROM ")
                    .append(c);
            i++;
        }
        for (String c : who) {
            lags.append(", LAG(").append(c).append(") OVER w AS prev_").append(i);
            differs.append(" OR prev_").append(i).append(" IS DISTINCT FROM ").append(c);
            i++;
        }
        String cols = String.join(", ", COLUMNS);
        return "SELECT " + cols + " FROM (SELECT " + cols + ", ROW_NUMBER() OVER w AS rn, COUNT(*) OVER () AS n"
                + lags + " FROM quota_snapshots WHERE at_us >= ? AND at_us < ?" + (byUser ? " AND user_name = ?" : "")
                + " WINDOW w AS (ORDER BY at_us)) q WHERE rn = 1 OR rn = n" + differs + nextDiffers
                + " ORDER BY at_us";
    }

    /** {@link QuotaSnapshots#changes} over snapshots already read: for a backend without SQL, and as the tests' oracle. */
    public static List<QuotaSnapshot> changes(List<QuotaSnapshot> all, String window) {
        List<QuotaSnapshot> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            QuotaSnapshot s = all.get(i);
            boolean keep = i == 0 || i == all.size() - 1;
            if (!keep) {
                QuotaSnapshot prev = all.get(i - 1), next = all.get(i + 1);
                keep = !reading(prev, window).equals(reading(s, window))
                        || !reading(next, window).equals(reading(s, window))
                        || !java.util.Objects.equals(prev.sessionId(), s.sessionId())
                        || !java.util.Objects.equals(prev.promptId(), s.promptId());
            }
            if (keep) out.add(s);
        }
        return out;
    }

    /** The values of {@link #readingColumns} for one snapshot, as the row holds them. */
    private static List<Object> reading(QuotaSnapshot s, String window) {
        List<Object> v = values(s);
        List<Object> out = new ArrayList<>();
        for (String c : readingColumns(window)) out.add(v.get(COLUMNS.indexOf(c)));
        return out;
    }

    public static Long micros(Instant t) {
        return t == null ? null : Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    private static Instant instant(Object micros) {
        if (micros == null) return null;
        long us = ((Number) micros).longValue();
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000);
    }

    private static double dbl(Object o) {
        return o == null ? 0 : ((Number) o).doubleValue();
    }
}
