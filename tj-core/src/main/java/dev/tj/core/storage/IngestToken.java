package dev.tj.core.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One machine's ingest token as stored: never the token itself, only what a listing may show and
 * the hash it is found by.
 *
 * @param id short random id, to revoke one token of a machine that has several
 * @param machine the machine it was made for
 * @param prefix the first few characters of the token, so a user can tell which one a machine holds
 * @param hash the token's hash ({@link dev.tj.core.access.TokenHash}); never shown
 * @param createdAt when it was made
 * @param lastUsedAt when it last authenticated a request (kept coarsely), or null
 * @param revokedAt when it was revoked, or null while it is valid
 */
public record IngestToken(
        String id,
        String machine,
        String prefix,
        String hash,
        Instant createdAt,
        Instant lastUsedAt,
        Instant revokedAt) {
    public IngestToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Never the hash: a listing or a log line may print this. */
    @Override
    public String toString() {
        return "IngestToken[id=" + id + ", machine=" + machine + ", prefix=" + prefix + ", createdAt=" + createdAt
                + ", lastUsedAt=" + lastUsedAt + ", revokedAt=" + revokedAt + "]";
    }
}
