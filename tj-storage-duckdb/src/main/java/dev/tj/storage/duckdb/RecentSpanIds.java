package dev.tj.storage.duckdb;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The span ids this process committed recently, as 64-bit hashes in two generations. Live
 * traffic only ever needs to be checked against recent spans: a span id always comes with the same
 * start time, so a span that started after everything the database held at open, and after the
 * oldest generation we forgot, is new unless its hash is here. That spares the writer a database
 * probe on every commit; hash hits are still confirmed against the database.
 */
final class RecentSpanIds {
    private final int generationSize;
    private final Instant storedAtOpen;
    private LongSet current, previous;
    private Instant currentMax, previousMax;
    private Instant forgottenUpTo;

    /** @param storedAtOpen the latest span start in the database when it was opened, or null if empty */
    RecentSpanIds(int generationSize, Instant storedAtOpen) {
        this.generationSize = generationSize;
        this.storedAtOpen = storedAtOpen;
        this.current = new LongSet(generationSize);
        this.previous = new LongSet(generationSize);
    }

    /**
     * True when the answer for a span with this start time can be read from memory alone. The
     * database keeps start times to the microsecond, so {@code storedAtOpen} is truncated: the span
     * stored at 10:00:00.123456 may have started at .123456789, and must still be probed.
     */
    synchronized boolean covers(Instant start) {
        return (storedAtOpen == null || start.truncatedTo(ChronoUnit.MICROS).isAfter(storedAtOpen))
                && (forgottenUpTo == null || start.isAfter(forgottenUpTo));
    }

    synchronized boolean mightContain(String spanId) {
        return current.contains(IdHash.of(spanId)) || previous.contains(IdHash.of(spanId));
    }

    /** Records spans that were just committed. */
    synchronized void addCommitted(Iterable<dev.tj.core.span.Span> spans) {
        for (var s : spans) {
            if (current.size() >= generationSize) rotate();
            current.add(IdHash.of(s.spanId()));
            if (currentMax == null || s.startTime().isAfter(currentMax)) currentMax = s.startTime();
        }
    }

    private void rotate() {
        if (previousMax != null && (forgottenUpTo == null || previousMax.isAfter(forgottenUpTo)))
            forgottenUpTo = previousMax;
        previous = current;
        previousMax = currentMax;
        current = new LongSet(generationSize);
        currentMax = null;
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
