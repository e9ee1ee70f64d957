package dev.tj.core.storage;

import java.time.Instant;

/**
 * The write side of a store. There is one per store ({@link Storage#ingestStore()} hands it out
 * once), held by its single writer: the daemon's {@link dev.tj.core.ingest.BatchWriter}, or a CLI
 * command that owns the store file exclusively. Every write, labels included, goes through it.
 */
public interface IngestStore extends SessionLookups {
    /**
     * Stores new spans and points and replaces the given sessions, all in one transaction: after
     * this returns, everything is durable; if it throws, nothing of the batch is stored.
     */
    void commit(WriteBatch batch);

    /**
     * Rows of one table past which writing several batches in one transaction pays off, or 0 when it
     * never does (the default). DuckDB writes a whole row group of a transaction straight into the
     * file at its commit, instead of copying it through its log first and into the file again at a
     * checkpoint.
     */
    default int groupRows() {
        return 0;
    }

    /**
     * Writes a batch into the open group transaction (opening one if none is): readers do not see it,
     * and it is not durable, until {@link #commitGroup}; this store's own lookups ({@link
     * SessionLookups}) see it. If this throws, the whole group is rolled back, earlier batches too.
     * Only the single writer's caller that holds the batches elsewhere (the ingest journal) may group.
     */
    default void stage(WriteBatch batch) {
        commit(batch);
    }

    /** Commits the open group, if there is one; if this throws, the whole group is rolled back. */
    default void commitGroup() {}

    /** Rolls back the open group, if there is one (its batches are applied again from elsewhere). */
    default void abandonGroup() {}

    /**
     * Starts a {@link BulkLoad}: many new spans committed in few transactions, written out as they
     * come (a first backfill). Close it when done.
     */
    default BulkLoad bulkLoad() {
        return BulkLoad.buffered(this);
    }

    /** A dashboard rename of a session (replaces an earlier one). */
    void setLabel(String sessionId, String label, Instant at);

    void clearLabel(String sessionId);

    /**
     * Keeps a method snapshot, replacing the one of the same session and kind. Idempotent, so a
     * retried write may repeat it.
     */
    void saveSnapshot(MethodSnapshot snapshot);

    /**
     * Called when nothing has been queued for a moment: the time for upkeep that would otherwise
     * stall a commit, and so an acknowledgement (e.g. folding the write-ahead log into the main
     * file). Must be cheap when there is nothing to do.
     */
    default void idle() {}

    /** Flush everything to the main file so a restart replays nothing. */
    void checkpoint();
}
