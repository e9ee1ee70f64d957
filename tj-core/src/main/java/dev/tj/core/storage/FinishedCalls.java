package dev.tj.core.storage;

import java.time.Instant;
import java.util.List;

/** LLM calls by time, for quota attribution. Any thread, at any time; sees committed batches. */
public interface FinishedCalls {
    /** A store that cannot list calls by time: every call throws (see {@link Storage#calls()}). */
    FinishedCalls NONE = (from, to) -> {
        throw new UnsupportedOperationException("this storage backend cannot list calls by time yet");
    };

    /**
     * LLM calls whose {@link FinishedCall#at} is in {@code [from, to)}, oldest first (then by session).
     * A prompt id is given only where the span names one distinct from its session.
     */
    List<FinishedCall> finished(Instant from, Instant to);
}
