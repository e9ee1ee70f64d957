package dev.tj.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Ingest tokens per machine, stored by hash only. Small and rare writes, kept apart from the
 * span/session writer: any thread of the process that owns the store may call any method, and a
 * write is durable and visible to every reader when it returns. Ids and hashes are unique.
 */
public interface IngestTokens {
    /** A store that keeps no tokens: every call throws (see {@link Storage#tokens()}). */
    IngestTokens NONE = new IngestTokens() {
        private UnsupportedOperationException none() {
            return new UnsupportedOperationException("this storage backend keeps no ingest tokens yet");
        }

        @Override
        public void add(IngestToken token) {
            throw none();
        }

        @Override
        public Optional<IngestToken> byHash(String hash) {
            throw none();
        }

        @Override
        public List<IngestToken> list() {
            throw none();
        }

        @Override
        public List<IngestToken> revoke(String idOrMachine, Instant at) {
            throw none();
        }

        @Override
        public void markUsed(String id, Instant at) {
            throw none();
        }
    };

    /** Keeps a new token. */
    void add(IngestToken token);

    /** The token with this hash, revoked or not. */
    Optional<IngestToken> byHash(String hash);

    /** Every token, revoked ones included, oldest first (then by id). */
    List<IngestToken> list();

    /**
     * Revokes the token with this id, or every valid token of the machine of this name; a token
     * already revoked keeps its first revocation time.
     *
     * @return the tokens revoked now (empty when none matched)
     */
    List<IngestToken> revoke(String idOrMachine, Instant at);

    /** Records a use; a later time only moves it forward. Unknown ids are ignored. */
    void markUsed(String id, Instant at);
}
