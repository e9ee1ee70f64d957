package dev.tj.core.upstream;

import java.time.Duration;

/** The team server a {@link Forwarder} sends to (HTTP in the server module; anything in tests). */
public interface Upstream {
    /** Sends one body of {@link dev.tj.core.ingest.ForwardedFrames}; never throws. */
    Answer send(byte[] body);

    /** What the upstream said. */
    sealed interface Answer {
        /** Stored: {@code stored} new records, {@code duplicates} it held already. */
        record Stored(long stored, long duplicates) implements Answer {}

        /** Not now (down, unreachable, overloaded, a server error): try again, no sooner than {@code after}. */
        record Later(String why, Duration after) implements Answer {}

        /** Refused for good (a revoked or wrong token, a body it cannot take): stop and say why. */
        record Refused(String why) implements Answer {}
    }
}
