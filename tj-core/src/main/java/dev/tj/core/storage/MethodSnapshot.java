package dev.tj.core.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * What tj keeps of how a session went once its transcript may be gone: one opaque JSON payload per
 * session and kind (the story, the asks and approach), with where it came from. A newer snapshot of
 * the same session and kind replaces the older one.
 *
 * @param kind           what the payload is, e.g. {@link #STORY} or {@link #APPROACH}
 * @param createdAt      when it was made
 * @param sourceSize     the size of the transcript it was made from, or null
 * @param sourceModified that transcript's modification time, or null
 * @param payload        JSON text, never interpreted by storage
 */
public record MethodSnapshot(
        String sessionId, String kind, Instant createdAt, Long sourceSize, Instant sourceModified, String payload) {
    public static final String STORY = "story";
    public static final String APPROACH = "approach";

    public MethodSnapshot {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(payload, "payload");
    }
}
