package dev.tj.core.storage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A store, as a component that hands out small contracts; each has its own conformance suite in
 * tj-storage-tests. Reads ({@link #index}, {@link #sessions}, {@link #status}, {@link #costs}, {@link #rollups}, {@link #runs}) may
 * be used from any thread at the same time as writes and see only committed batches. Writes go
 * through the one {@link IngestStore}, which {@link #ingestStore()} hands out once: the type is the
 * single-writer rule. After {@link #close()} every call throws {@link StorageClosedException}.
 */
public interface Storage extends AutoCloseable {
    /** De-duplication probes that never wait on the writer. */
    SpanIndex index();

    SessionReads sessions();

    StatusQueries status();

    CostReads costs();

    /** The drill-in rollup of one session. */
    SessionRollupReads rollups();

    /** Sessions grouped by run id. */
    RunReads runs();

    /**
     * LLM calls and tool-call counts of a window (conformance suite {@code CallReadsSuite}). Every
     * backend implements it; the default is for test doubles, whose every call then throws
     * {@link UnsupportedOperationException}.
     */
    default CallReads calls() {
        throw new UnsupportedOperationException("this storage does not read calls");
    }

    /** Method snapshots (stories and asks kept beyond the transcript). */
    SnapshotReads snapshots();

    /**
     * Ingest tokens per machine (hashes only): reads and their own small writes. Every backend that
     * serves a daemon implements it (conformance suite {@code IngestTokensSuite}); the default is for
     * a backend that does not keep tokens yet, whose every call then throws
     * {@link UnsupportedOperationException} (so a token is refused with an error, never accepted).
     */
    default IngestTokens tokens() {
        return IngestTokens.NONE;
    }

    /**
     * Statusline quota snapshots: reads and their own small writes. Every backend that serves a
     * daemon implements it (conformance suite {@code QuotaSnapshotsSuite}).
     */
    default QuotaSnapshots quota() {
        return QuotaSnapshots.NONE;
    }

    /** LLM calls by time, for quota attribution (conformance suite {@code QuotaSnapshotsSuite}). */
    default FinishedCalls finishedCalls() {
        return FinishedCalls.NONE;
    }

    /**
     * The write side, for the single writer.
     *
     * @throws IllegalStateException when it was handed out already
     */
    IngestStore ingestStore();

    /**
     * The highest {@link WriteBatch#journalSeq()} committed so far (0 if none): the ingest journal
     * replays only frames after it. Never goes down.
     */
    long journalPosition();

    /**
     * Where the ingest journal that feeds this storage lives (next to a database file), or empty when
     * the storage is not durable itself and a journal would promise more than it keeps.
     */
    default Optional<Path> journalDirectory() {
        return Optional.empty();
    }

    @Override
    void close();
}
