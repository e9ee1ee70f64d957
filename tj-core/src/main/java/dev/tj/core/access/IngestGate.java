package dev.tj.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may ingest: the bearer of the ingest secret, or of a valid machine token. One decision for every
 * transport (OTLP over HTTP and gRPC, backfill, hooks), so they refuse alike.
 *
 * <p>Without an ingest secret ingest stays open, as before tokens existed, except that a token of
 * ours that is unknown or revoked is refused: a revoked machine gets 401 whatever else is configured.
 */
public final class IngestGate {
    private final byte[] secretDigest;
    private final MachineTokens tokens;

    /**
     * The answer for one request.
     *
     * @param allowed whether it may ingest
     * @param machine the machine whose token it carried, or null (the secret, or no credential)
     */
    public record Admission(boolean allowed, String machine) {
        static final Admission REFUSED = new Admission(false, null);
        static final Admission ANONYMOUS = new Admission(true, null);
    }

    /** @param secret {@code [security] ingest_secret}; null or empty leaves ingest open */
    public IngestGate(String secret, MachineTokens tokens) {
        this.secretDigest = secret == null || secret.isEmpty() ? null : digest(secret);
        this.tokens = tokens;
    }

    public boolean guarded() {
        return secretDigest != null;
    }

    /** @param bearer the token of the request's {@code Authorization: Bearer} header, or null */
    public Admission admit(String bearer) {
        if (bearer != null && secretDigest != null && MessageDigest.isEqual(secretDigest, digest(bearer))) {
            return Admission.ANONYMOUS;
        }
        if (bearer != null && bearer.startsWith(MachineTokens.TEXT_PREFIX)) {
            Optional<String> machine = tokens.machineOf(bearer);
            return machine.map(m -> new Admission(true, m)).orElse(Admission.REFUSED);
        }
        return secretDigest == null ? Admission.ANONYMOUS : Admission.REFUSED;
    }

    /** Whether this is the ingest secret (compared in constant time over digests). */
    public boolean isSecret(String bearer) {
        return bearer != null && secretDigest != null && MessageDigest.isEqual(secretDigest, digest(bearer));
    }

    private static byte[] digest(String s) {
        return TokenHash.of(s).getBytes(StandardCharsets.US_ASCII);
    }
}
