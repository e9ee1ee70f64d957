package dev.tj.core.transcript;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Eight bytes at a time (SWAR): the word reads and byte tests the transcript scanners share. */
final class Swar {
    private Swar() {}

    static final long ONES = 0x0101010101010101L, HIGHS = 0x8080808080808080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The eight bytes at {@code b[i]}, the first in the lowest byte. */
    static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** The high bit of each zero byte of {@code x}; the lowest one is always a real zero (a borrow only carries upward). */
    static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /**
     * The index of the lowest byte whose high bit is set in a mask of high bits: a multiply, because
     * the C1 compiler that backfill runs with calls Long.numberOfTrailingZeros as a method.
     */
    static int firstFlagged(long highBits) {
        return (int) ((((highBits & -highBits) >>> 7) * 0x0001020304050607L) >>> 56);
    }
}
