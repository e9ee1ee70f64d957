package dev.tj.core.ingest;

/**
 * A set of record ids for one thread: open addressing with linear probing, removal by shifting the
 * probe run back (no tombstones), sized up front for a group's worth of ids.
 *
 * <p>Why not a {@code HashSet}: the journal stage asks it for every record, and HashMap's rare
 * branches (a collision chain, a tree bin, a resize), compiled as traps while the set is small, sent
 * the compiled stage back to the interpreter when the growing set first took one. Here every branch
 * but the table's growth is taken all the time, and the table only grows past a group of pending ids
 * and what is queued behind it.
 */
final class IdSet {
    /** Room for a group of spans (122,880) and the batches queued behind it, at half load: 4 MB. */
    private static final int INITIAL_SLOTS = 1 << 19;

    private String[] keys;
    private int[] hashes;
    private int mask;
    private int size;
    private boolean hasNull;

    IdSet() {
        this(INITIAL_SLOTS);
    }

    /** @param slots a power of two */
    IdSet(int slots) {
        if (Integer.bitCount(slots) != 1 || slots < 2) throw new IllegalArgumentException("slots " + slots);
        keys = new String[slots];
        hashes = new int[slots];
        mask = slots - 1;
    }

    int size() {
        return size + (hasNull ? 1 : 0);
    }

    boolean contains(String id) {
        return id == null ? hasNull : keys[slot(id, hash(id))] != null;
    }

    /** @return whether the id was new */
    boolean add(String id) {
        if (id == null) {
            boolean was = hasNull;
            hasNull = true;
            return !was;
        }
        int h = hash(id), i = slot(id, h);
        if (keys[i] != null) return false;
        keys[i] = id;
        hashes[i] = h;
        if (++size > (mask + 1) / 2) grow();
        return true;
    }

    /** @return whether the id was there */
    boolean remove(String id) {
        if (id == null) {
            boolean was = hasNull;
            hasNull = false;
            return was;
        }
        int i = slot(id, hash(id));
        if (keys[i] == null) return false;
        // Shift later members of the probe run back into the hole when their home slot allows it,
        // so that no lookup ever stops early at an emptied slot.
        for (int hole = i, j = (i + 1) & mask; ; j = (j + 1) & mask) {
            String k = keys[j];
            if (k == null) {
                keys[hole] = null;
                break;
            }
            int home = hashes[j] & mask;
            // j's entry may move to the hole if its home is not cyclically within (hole, j]
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = k;
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        size--;
        return true;
    }

    /** The slot holding {@code id}, or the empty slot where its probe run ends. */
    private int slot(String id, int h) {
        int i = h & mask;
        for (String k; (k = keys[i]) != null; i = (i + 1) & mask) {
            if (hashes[i] == h && k.equals(id)) return i;
        }
        return i;
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldHashes = hashes;
        keys = new String[oldKeys.length * 2];
        hashes = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        for (int s = 0; s < oldKeys.length; s++) {
            String k = oldKeys[s];
            if (k == null) continue;
            int i = oldHashes[s] & mask;
            while (keys[i] != null) i = (i + 1) & mask;
            keys[i] = k;
            hashes[i] = oldHashes[s];
        }
    }

    private static int hash(String id) {
        int h = id.hashCode() * 0x9E3779B9; // Fibonacci hashing: hex ids' low bits alone cluster
        return h ^ (h >>> 16);
    }
}
