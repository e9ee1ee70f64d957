package dev.tj.core.storage;

import dev.tj.core.session.Session;
import dev.tj.core.span.Span;
import java.util.List;

/**
 * A long run of new spans, for a first backfill: spans are handed over as they are produced, so a
 * backend can write them out at once instead of holding batches in memory, and {@link #commit}
 * makes everything added since the last commit durable together with the given sessions and read
 * positions. Same all-or-nothing as {@link IngestStore#commit}, in fewer and bigger transactions.
 *
 * <p>Used from one thread. Other writes to the store may wait until the load is closed.
 */
public interface BulkLoad extends AutoCloseable {
    /** New spans (not stored yet; no id twice in the whole load), stored at the next {@link #commit}. */
    void add(List<Span> spans);

    /**
     * Stores the spans added since the last commit, replaces these sessions and saves these read
     * positions, in one transaction; if it throws, nothing of it is stored. The load goes on after.
     */
    void commit(List<Session> sessions, List<SourceFile> sourceFiles);

    /** Ends the load: spans added after the last commit are not stored. */
    @Override
    void close();

    /** The plain version: keeps the spans in memory and hands them to {@link IngestStore#commit}. */
    static BulkLoad buffered(IngestStore storage) {
        return new BulkLoad() {
            private List<Span> spans = new java.util.ArrayList<>();

            @Override
            public void add(List<Span> more) {
                spans.addAll(more);
            }

            @Override
            public void commit(List<Session> sessions, List<SourceFile> sourceFiles) {
                List<Span> batch = spans;
                spans = new java.util.ArrayList<>();
                storage.commit(new WriteBatch(batch, List.of(), sessions, sourceFiles));
            }

            @Override
            public void close() {
                spans = List.of();
            }
        };
    }
}
