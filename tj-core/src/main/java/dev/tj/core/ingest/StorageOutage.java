package dev.tj.core.ingest;

import dev.tj.core.storage.StorageUnavailableException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the writer can reach storage, as its last attempt found. The apply stage sets it on a
 * {@link StorageUnavailableException} and clears it on its next commit; meanwhile the journal stage
 * journals and answers without asking storage (up to the backlog limit), and {@code /health} says so.
 * Logged once when it starts and once when it ends, not at every retry.
 */
final class StorageOutage {
    private static final Logger log = LoggerFactory.getLogger(StorageOutage.class);

    private volatile Instant since;

    boolean down() {
        return since != null;
    }

    Optional<Instant> since() {
        return Optional.ofNullable(since);
    }

    synchronized void began(StorageUnavailableException e) {
        if (since != null) return;
        since = Instant.now();
        log.warn(
                "storage unavailable ({}): answering from the journal alone, applying it once storage is back",
                e.getMessage());
    }

    synchronized void over() {
        if (since == null) return;
        log.info(
                "storage is back after {} s; applying the journal's backlog",
                Instant.now().getEpochSecond() - since.getEpochSecond());
        since = null;
    }
}
