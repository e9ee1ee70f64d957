package dev.tj.storage.duckdb;

/**
 * A stable 64-bit hash of a span or point id, stored next to the id so that duplicate checks scan
 * 8 bytes per row instead of a string. FNV-1a over the UTF-16 chars, then the MurmurHash3 64-bit
 * finaliser for avalanche. The value is persisted: never change this function without a migration
 * that rewrites {@code span_id_hash} and {@code point_id_hash}.
 */
final class IdHash {
    private IdHash() {}

    static long of(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
