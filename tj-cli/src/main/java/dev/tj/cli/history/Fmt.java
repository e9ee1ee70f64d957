package dev.tj.cli.history;

import dev.tj.core.framing.Framing;
import java.util.Locale;

/** Number formats of the history commands. */
public final class Fmt {
    private Fmt() {}

    public static String tokens(long n) {
        if (n >= 1_000_000_000L) return String.format(Locale.ROOT, "%.2fB", n / 1e9);
        if (n >= 1_000_000L) return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        if (n >= 1_000L) return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        return Long.toString(n);
    }

    public static String usd(double v) {
        if (v != 0 && Math.abs(v) < 0.01) return String.format(Locale.ROOT, "$%.4f", v);
        return String.format(Locale.ROOT, "$%,.2f", v);
    }

    public static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    public static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** Dollars, or their share of the plan fee for subscription users, or a dash for local inference. */
    public static String money(double v, Framing f) {
        if (f == null) return usd(v);
        return switch (f.pricingMode()) {
            case "subscription" ->
                f.planMonthlyUsd() == null || f.planMonthlyUsd() <= 0
                        ? "—"
                        : String.format(Locale.ROOT, "%.1f%% of cycle", 100 * v / f.planMonthlyUsd());
            case "local" -> "—";
            default -> usd(v);
        };
    }

    public static boolean subscription(Framing f) {
        return f != null && "subscription".equals(f.pricingMode());
    }
}
