package dev.tj.core.storage;

import dev.tj.core.span.Span;
import java.util.Collection;
import java.util.Set;

/**
 * Which records are stored already, for de-duplication. Sees only committed batches and never waits
 * for the writer: the ingest journal asks it before answering a client, and an answer must not wait
 * on a commit in progress.
 */
public interface SpanIndex {
    /** Which of these span ids are already stored. */
    Set<String> existingSpanIds(Collection<String> spanIds);

    /**
     * Which of these spans are already stored (by span id). A span id always comes with the same
     * start time (ids are derived from the record, or are a client's and re-sent unchanged), so a
     * backend may search only the stored spans in the time range these cover, keeping the check
     * proportional to recent data rather than to all history.
     */
    default Set<String> existingSpans(Collection<Span> spans) {
        return existingSpanIds(spans.stream().map(Span::spanId).toList());
    }

    /** Which of these metric point ids are already stored. */
    Set<String> existingPointIds(Collection<String> pointIds);
}
