package dev.tj.core.diagnostic;

import dev.tj.core.span.Usage;

/**
 * Where the tokens of some calls went: re-read context (cache reads), net-new work (uncached input
 * plus output) and cache misses (cache writes, billed at a premium). The three shares add up to 1.
 * {@code tj quickstart}, {@code tj context} and {@code tj tokenmaxx} all take their shares from here.
 */
public record Composition(long freshInput, long output, long cacheRead, long cacheWrite) {
    public static final Composition ZERO = new Composition(0, 0, 0, 0);

    public static Composition of(Usage u) {
        return new Composition(u.input(), u.output(), u.cacheRead(), u.cacheWrite());
    }

    public Composition plus(Usage u) {
        return new Composition(
                freshInput + u.input(), output + u.output(), cacheRead + u.cacheRead(), cacheWrite + u.cacheWrite());
    }

    public Composition plus(Composition o) {
        return new Composition(
                freshInput + o.freshInput, output + o.output, cacheRead + o.cacheRead, cacheWrite + o.cacheWrite);
    }

    public long total() {
        return freshInput + output + cacheRead + cacheWrite;
    }

    public long reread() {
        return cacheRead;
    }

    public long work() {
        return freshInput + output;
    }

    public long cacheMiss() {
        return cacheWrite;
    }

    public double rereadShare() {
        return share(reread(), total());
    }

    public double workShare() {
        return share(work(), total());
    }

    public double cacheMissShare() {
        return share(cacheMiss(), total());
    }

    /** part / total rounded to 4 places, 0 for an empty total. */
    public static double share(long part, long total) {
        return total == 0 ? 0.0 : Math.round(part * 10000.0 / total) / 10000.0;
    }
}
