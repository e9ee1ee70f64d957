package dev.tj.core.framing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Puts a dollar figure in the user's terms (TokenJam's render_dollar / render_savings): USD for
 * API billing and unknown plans, share of the monthly fee for subscriptions, nothing for local.
 */
public final class DollarRenderer {
    private DollarRenderer() {}

    public static final String DASH = "—";

    /** "$148", "$1,234.56", "12.4% of cycle" or "—". */
    public static String render(Double usd, Framing f) {
        if (usd == null || usd.isNaN()) return DASH;
        String mode = f == null ? "unknown" : f.pricingMode();
        if ("local".equals(mode)) return DASH;
        if ("subscription".equals(mode)) {
            Double fee = f.planMonthlyUsd();
            if (fee == null || fee <= 0) return DASH;
            return String.format(Locale.ROOT, "%.1f%% of cycle", 100.0 * usd / fee);
        }
        return usd(usd);
    }

    /**
     * A savings or recoverable figure: USD for api/unknown, share of the window's tokens for
     * subscriptions ("12.4% of cycle tokens"), a token count for local.
     */
    public static String renderSavings(Double usd, Long tokens, Framing f) {
        String mode = f == null ? "unknown" : f.pricingMode();
        if ("subscription".equals(mode)) {
            if (tokens == null) return DASH;
            if (f.windowTotalTokens() > 0) {
                return String.format(Locale.ROOT, "%.1f%% of cycle tokens", 100.0 * tokens / f.windowTotalTokens());
            }
            return tokens(tokens) + " tokens";
        }
        if ("local".equals(mode)) return tokens == null ? DASH : tokens(tokens) + " tokens";
        return usd == null || usd.isNaN() ? DASH : usd(usd);
    }

    /**
     * What subscription usage would have cost at API list prices, never presented as spend:
     * "Implied API value: $412.50 — about 2.1× your plan cost", or without a known fee
     * "Implied API value: $412.50 (what this usage would cost at API list prices)".
     */
    public static String impliedApiValue(double usd, Framing f) {
        String head = "Implied API value: " + usd(usd);
        Double fee = f == null ? null : f.planMonthlyUsd();
        if ("subscription".equals(f == null ? null : f.pricingMode()) && fee != null && fee > 0) {
            return head + String.format(Locale.ROOT, " — about %.1f× your plan cost", usd / fee);
        }
        return head + " (what this usage would cost at API list prices)";
    }

    /** Compact USD: whole dollars without cents ("$148", "$1,234"), otherwise two decimals ("$1,234.56"). */
    public static String usd(double v) {
        BigDecimal cents = BigDecimal.valueOf(Math.abs(v)).setScale(2, RoundingMode.HALF_EVEN);
        String sign = v < 0 && cents.signum() != 0 ? "-" : "";
        DecimalFormat fmt = cents.stripTrailingZeros().scale() <= 0
                ? new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT))
                : new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return sign + "$" + fmt.format(cents);
    }

    /** "950", "12.3K", "1.2M", "3.4B". */
    public static String tokens(long n) {
        long a = Math.abs(n);
        if (a < 1_000) return Long.toString(n);
        if (a < 1_000_000) return String.format(Locale.ROOT, "%.1fK", n / 1e3);
        if (a < 1_000_000_000) return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        return String.format(Locale.ROOT, "%.1fB", n / 1e9);
    }
}
