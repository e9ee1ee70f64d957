package dev.tj.core.drilldown;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The active-time axis (reference §5.3): between consecutive anchors (0, the end, every event and
 * call) a real gap of at most {@value #IDLE_GAP_S} s counts as it is; a longer one counts exactly
 * {@value #COLLAPSED_GAP_S} s. Offsets map onto it piecewise-linearly. With no long gap the active
 * axis is the wall clock exactly.
 */
final class ActiveAxis {
    static final double IDLE_GAP_S = 300, COLLAPSED_GAP_S = 30;

    /** A collapsed gap: real start and end offsets, and the active clock where it starts. */
    record Collapsed(double start, double end, double activeBefore) {}

    private final double[] real, active;
    private final double total;
    final List<Collapsed> gaps = new ArrayList<>();

    ActiveAxis(double duration, List<Double> offsets) {
        TreeSet<Double> anchors = new TreeSet<>();
        anchors.add(0.0);
        anchors.add(duration);
        for (double o : offsets) if (o >= 0) anchors.add(o);
        real = new double[anchors.size()];
        active = new double[anchors.size()];
        int i = 0;
        double clock = 0, prev = 0;
        for (double a : anchors) {
            if (i > 0) {
                double gap = a - prev;
                if (gap > IDLE_GAP_S) {
                    gaps.add(new Collapsed(prev, a, clock));
                    clock += COLLAPSED_GAP_S;
                } else clock += gap;
            }
            real[i] = a;
            active[i] = clock;
            prev = a;
            i++;
        }
        total = clock == 0 ? 1.0 : clock;
    }

    double total() {
        return total;
    }

    /** Where {@code offset} (real seconds from t0) falls on the active axis. */
    double toActive(double offset) {
        if (real.length < 2) return Math.max(0, offset);
        if (offset <= real[0]) return 0;
        if (offset >= real[real.length - 1]) return active[active.length - 1];
        int lo = 0, hi = real.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (real[mid] <= offset) lo = mid;
            else hi = mid;
        }
        double span = real[hi] - real[lo];
        double f = span == 0 ? 0 : (offset - real[lo]) / span;
        return active[lo] + f * (active[hi] - active[lo]);
    }

    /** Where a collapsed gap sits on the active axis, as a fraction (its middle), clamped to [0, 1]. */
    double fraction(Collapsed g) {
        return Math.max(0, Math.min(1, (g.activeBefore() + COLLAPSED_GAP_S / 2) / total));
    }
}
