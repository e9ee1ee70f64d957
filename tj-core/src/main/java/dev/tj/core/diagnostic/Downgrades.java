package dev.tj.core.diagnostic;

import dev.tj.core.pricing.Pricing;
import dev.tj.core.pricing.RateEntry;
import dev.tj.core.pricing.RateSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Sonnet-class model an Opus call could have run on, from our own pricing tables: every Opus
 * model we have rates for is audited, not just a hard-coded two (TokenJam mapped only opus-4-6/4-7,
 * and to Haiku although its wording said "Sonnet-shaped"). The alternative is the newest Sonnet of the
 * same table no newer than the Opus model (the one it shipped beside), else the oldest cheaper Sonnet;
 * it must be cheaper on both input and output.
 */
public final class Downgrades {
    /** claude-opus-4-8, claude-sonnet-4, and the old order claude-3-opus, claude-3-5-sonnet. */
    private static final Pattern NEW_ORDER =
            Pattern.compile("claude-(opus|sonnet|haiku)-(\\d+)(?:-(\\d{1,2}))?(?:-|$)");

    private static final Pattern OLD_ORDER = Pattern.compile("claude-(\\d+)(?:-(\\d{1,2}))?-(opus|sonnet|haiku)");

    record Version(String family, int major, int minor) implements Comparable<Version> {
        @Override
        public int compareTo(Version o) {
            return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
        }
    }

    private record Sonnet(String provider, String model, Version version, double in, double out) {}

    private final Pricing pricing;
    private final List<Sonnet> sonnets = new ArrayList<>();

    public Downgrades(Pricing pricing) {
        this.pricing = pricing;
        for (RateEntry e : pricing.entries()) {
            Version v = version(e.model());
            if (v != null && v.family().equals("sonnet"))
                sonnets.add(new Sonnet(e.provider(), e.model(), v, e.inputPerMtok(), e.outputPerMtok()));
        }
    }

    public static boolean isOpus(String model) {
        return model != null && model.toLowerCase(Locale.ROOT).contains("opus");
    }

    /** The family and version a model name states, or null. */
    static Version version(String model) {
        if (model == null) return null;
        String m = model.toLowerCase(Locale.ROOT).replace('.', '-');
        Matcher n = NEW_ORDER.matcher(m);
        if (n.find()) return new Version(n.group(1), Integer.parseInt(n.group(2)), minor(n.group(3)));
        Matcher o = OLD_ORDER.matcher(m);
        if (o.find()) return new Version(o.group(3), Integer.parseInt(o.group(1)), minor(o.group(2)));
        return null;
    }

    private static int minor(String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }

    /** The Sonnet-class alternative for an Opus model, or null when none is cheaper (or it is no Opus). */
    public String alternative(String provider, String model) {
        if (!isOpus(model)) return null;
        RateEntry opus = pricing.ratesFor(provider, model);
        if (opus.source() == RateSource.FALLBACK) return null; // no rates: nothing to compare against
        Version v = version(opus.model());
        if (v == null) v = version(model);
        if (v == null) return null;
        Sonnet newestNotNewer = null, oldest = null;
        for (String table : List.of(opus.provider(), "anthropic")) {
            for (Sonnet s : sonnets) {
                if (!s.provider().equals(table)) continue;
                if (s.in() >= opus.inputPerMtok() || s.out() >= opus.outputPerMtok()) continue;
                if (s.version().compareTo(v) <= 0) {
                    if (newestNotNewer == null || s.version().compareTo(newestNotNewer.version()) > 0)
                        newestNotNewer = s;
                } else if (oldest == null || s.version().compareTo(oldest.version()) < 0) oldest = s;
            }
            if (newestNotNewer != null || oldest != null) break;
        }
        Sonnet pick = newestNotNewer != null ? newestNotNewer : oldest;
        return pick == null ? null : pick.model();
    }
}
