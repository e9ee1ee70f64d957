package dev.tj.core.rollup;

import java.util.ArrayList;
import java.util.List;

/** Thins a per-call series to a bounded number of points, keeping its first and last. */
public final class ContextSeries {
    private ContextSeries() {}

    public static final int MAX_POINTS = 120;

    /**
     * At most {@code max} points: every step-th (step = ceil(n / max)) from the first, with the last
     * one replacing the final pick when the stride missed it, so the end is never lost.
     */
    public static <T> List<T> thin(List<T> points, int max) {
        int n = points.size();
        if (n <= max) return List.copyOf(points);
        int step = (n + max - 1) / max;
        List<T> out = new ArrayList<>(max);
        for (int i = 0; i < n; i += step) out.add(points.get(i));
        if ((n - 1) % step != 0) {
            if (out.size() == max) out.set(max - 1, points.get(n - 1));
            else out.add(points.get(n - 1));
        }
        return out;
    }
}
