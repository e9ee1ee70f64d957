package dev.tj.core.storage;

import java.time.Instant;
import java.util.List;

/** LLM calls by time, for quota attribution. Any thread, at any time; sees committed batches. */
public interface CallReads {
    /** A store that cannot list calls by time: every call throws (see {@link Storage#calls()}). */
    CallReads NONE = (from, to) -> {
        throw new UnsupportedOperationException("this storage backend cannot list calls by time yet");
    };

    /**
     * LLM calls whose {@link LlmCall#at} is in {@code [from, to)}, oldest first (then by session).
     * A prompt id is given only where the span names one distinct from its session.
     */
    List<LlmCall> llmCalls(Instant from, Instant to);
}
