package dev.tj.storage.duckdb;

import dev.tj.core.span.Span;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.TreeMap;

/**
 * The span ids this process committed recently, as 64-bit hashes grouped by the second their span
 * started in. Live traffic only ever needs to be checked against recent spans: a span id always
 * comes with the same start time, so a span that started after everything the database held at
 * open, and after every second this index forgot, is new unless its hash is in its second's group.
 * That spares the journal a database probe per drain; hash hits are still confirmed against the
 * database.
 *
 * <p>Past the capacity the <em>earliest-starting</em> seconds are forgotten, not the earliest
 * committed: sessions report at their own pace, and one that lags minutes behind the others must
 * still be answered from memory. Forgetting by arrival would move the horizon up to the newest
 * start of everything forgotten, which a lagging session sits below for good.
 */
final class RecentSpanIds {
    private final int capacity;
    private final Instant storedAtOpen;
    /** Epoch second of the start time → hashes of the span ids that started in it. */
    private final TreeMap<Long, LongSet> bySecond = new TreeMap<>();

    private int size;
    /** Spans that started before this epoch second may have been forgotten; Long.MIN_VALUE: none. */
    private long forgottenBefore = Long.MIN_VALUE;

    /** @param storedAtOpen the latest span start in the database when it was opened, or null if empty */
    RecentSpanIds(int capacity, Instant storedAtOpen) {
        this.capacity = capacity;
        this.storedAtOpen = storedAtOpen;
    }

    /**
     * True when the answer for a span with this start time can be read from memory alone. The
     * database keeps start times to the microsecond, so {@code storedAtOpen} is truncated: the span
     * stored at 10:00:00.123456 may have started at .123456789, and must still be probed.
     */
    synchronized boolean covers(Instant start) {
        return (storedAtOpen == null || start.truncatedTo(ChronoUnit.MICROS).isAfter(storedAtOpen))
                && start.getEpochSecond() >= forgottenBefore;
    }

    /** True when this span is surely not stored: its start is covered and its hash unknown. */
    synchronized boolean surelyNew(Span s) {
        return covers(s.startTime()) && !mightContain(s);
    }

    synchronized boolean mightContain(Span s) {
        LongSet ids = bySecond.get(s.startTime().getEpochSecond());
        return ids != null && ids.contains(IdHash.of(s.spanId()));
    }

    /** Records spans that were just committed. */
    synchronized void addCommitted(Iterable<Span> spans) {
        LongSet last = null;
        long lastSecond = 0;
        for (Span s : spans) {
            long second = s.startTime().getEpochSecond();
            if (second < forgottenBefore) continue; // would be the first forgotten again
            if (last == null || second != lastSecond) {
                last = bySecond.computeIfAbsent(second, k -> new LongSet(16));
                lastSecond = second;
            }
            int before = last.size();
            last.add(IdHash.of(s.spanId()));
            size += last.size() - before;
        }
        while (size > capacity && !bySecond.isEmpty()) {
            var earliest = bySecond.pollFirstEntry();
            size -= earliest.getValue().size();
            forgottenBefore = Math.max(forgottenBefore, earliest.getKey() + 1);
        }
    }

    synchronized int size() {
        return size;
    }

    /** Open addressing over longs; 0 marks an empty slot, so the hash 0 is stored as 1. */
    static final class LongSet {
        private long[] slots;
        private int size;

        LongSet(int expected) {
            slots = new long[Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1];
        }

        int size() {
            return size;
        }

        boolean contains(long v) {
            long k = v == 0 ? 1 : v;
            int mask = slots.length - 1;
            for (int i = mix(k) & mask; ; i = (i + 1) & mask) {
                if (slots[i] == 0) return false;
                if (slots[i] == k) return true;
            }
        }

        void add(long v) {
            long k = v == 0 ? 1 : v;
            if ((size + 1) * 2 > slots.length) grow();
            int mask = slots.length - 1;
            for (int i = mix(k) & mask; ; i = (i + 1) & mask) {
                if (slots[i] == k) return;
                if (slots[i] == 0) {
                    slots[i] = k;
                    size++;
                    return;
                }
            }
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            size = 0;
            for (long k : old) if (k != 0) add(k);
        }

        private static int mix(long k) {
            return (int) (k ^ (k >>> 32)) * 0x9E3779B1;
        }
    }
}
