package dev.tj.core.storage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Method snapshots ({@link MethodSnapshot}), written through {@link IngestStore#saveSnapshot}. Any
 * thread, at any time; committed data only.
 */
public interface SnapshotReads {
    /** The snapshot of this kind for the session, if one was saved. */
    Optional<MethodSnapshot> snapshot(String sessionId, String kind);

    /** Every kind saved for the session, by kind. */
    List<MethodSnapshot> snapshots(String sessionId);

    /** For each of these sessions that has any snapshot, when its newest one was made. */
    Map<String, Instant> savedAt(Collection<String> sessionIds);
}
