package dev.tj.core.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * Makes the payloads to keep for one session (its story, its asks and approach), from wherever they
 * come (the transcript). Called off the request and writer threads; may be slow, must not throw for a
 * session it cannot read (return nothing instead).
 */
@FunctionalInterface
public interface SnapshotProducer {
    /** Nothing is ever kept: the daemon's default until the story builder is plugged in. */
    SnapshotProducer NONE = sessionId -> List.of();

    List<Payload> produce(String sessionId);

    /**
     * One payload of a kind.
     *
     * @param json           JSON text
     * @param sourceSize     the size of the file it was made from, or null
     * @param sourceModified that file's modification time, or null
     */
    record Payload(String kind, String json, Long sourceSize, Instant sourceModified) {}
}
