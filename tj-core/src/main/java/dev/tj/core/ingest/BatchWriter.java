package dev.tj.core.ingest;

import dev.tj.core.config.TjConfig;
import dev.tj.core.ingest.WriterJob.Journaled;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.session.SessionFolder;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The single writer of a store, in two stages with a thread each, in the shape of a batching span
 * processor: the {@link JournalStage} ({@code tj-journal}) de-duplicates, journals, fsyncs and
 * answers; the {@link ApplyStage} ({@code tj-writer}) folds what was journaled into sessions
 * ({@link SessionFolder}) and commits it with the journal position. Commands that write (closing
 * sessions, renames, transcript read positions) queue behind the records submitted before them and
 * are applied by the same thread: this class holds the store's {@link IngestStore}, and nothing else
 * writes.
 *
 * <p>Readers that must see what was answered call {@link #awaitApplied}. A full backlog (records
 * submitted and not yet applied) refuses new submissions with {@link Overloaded}.
 */
public final class BatchWriter implements AutoCloseable {
    /**
     * Sessions (and conversation ids) the fold keeps in memory. A session row is ~1 KB on the heap;
     * 10k covers every session live at once with room to spare, and a miss costs one batched lookup.
     */
    static final int SESSION_CACHE = 10_000;

    /** Retry-After while storage is unreachable and the backlog is full: a restart takes seconds. */
    static final int OUTAGE_RETRY_SECONDS = 5;

    private final IngestStore store;
    private final Storage storage;
    private final IngestMetrics metrics;
    private final IngestJournal journal;
    private final int queueLimit;
    private final LinkedBlockingQueue<WriterJob> incoming = new LinkedBlockingQueue<>();
    private final List<Consumer<List<Session>>> listeners = new CopyOnWriteArrayList<>();
    private final WriterProgress progress = new WriterProgress();
    private final StorageOutage outage = new StorageOutage();
    private final Thread journalThread;
    private final Thread applyThread;
    private volatile boolean running = true;

    /**
     * Takes the store's write side ({@link Storage#ingestStore()}) and replays what {@code journal}
     * recovered before taking new submissions.
     */
    public BatchWriter(
            Storage storage,
            SessionAccumulator accumulator,
            IngestMetrics metrics,
            TjConfig.Ingest limits,
            IngestJournal journal) {
        this(storage.ingestStore(), storage, accumulator, metrics, limits, journal);
    }

    private BatchWriter(
            IngestStore store,
            Storage storage,
            SessionAccumulator accumulator,
            IngestMetrics metrics,
            TjConfig.Ingest limits,
            IngestJournal journal) {
        this.store = store;
        this.storage = storage;
        this.metrics = metrics;
        this.journal = journal;
        this.queueLimit = limits.queueRecords();
        LinkedBlockingQueue<WriterJob> toApply = new LinkedBlockingQueue<>();
        ConcurrentLinkedQueue<WriterJob.Applied> appliedFrames = new ConcurrentLinkedQueue<>();
        JournalStage journalStage = new JournalStage(
                incoming,
                toApply,
                appliedFrames,
                storage.index(),
                journal,
                metrics,
                progress,
                limits.batchRecords(),
                outage);
        ApplyStage applyStage = new ApplyStage(
                toApply,
                appliedFrames,
                store,
                storage.index(),
                new SessionFolder(store, accumulator, SESSION_CACHE),
                journal,
                metrics,
                progress,
                limits.batchRecords(),
                listeners,
                outage);
        int handed = 0, records = 0;
        for (IngestJournal.Entry e : journal.recovered()) {
            Journaled j = new Journaled(e.seq(), e.spans(), e.points(), true);
            metrics.queued(j.records());
            toApply.add(j);
            journalStage.recovered(j);
            handed++;
            records += j.records();
        }
        progress.handedOff(handed, records);
        this.applyThread = new Thread(() -> applyStage.run(this::journalAlive), "tj-writer");
        this.journalThread = new Thread(() -> journalStage.run(() -> running, applyThread::isAlive), "tj-journal");
        this.journalThread.start();
        this.applyThread.start();
    }

    private boolean journalAlive() {
        return journalThread.isAlive();
    }

    /** Since when storage has been unreachable, as the writer's last attempt found; empty when it is not. */
    public Optional<Instant> storageUnavailableSince() {
        return outage.since();
    }

    /** Called after every commit with the sessions it changed (on the writer thread: keep it quick). */
    public void onCommit(Consumer<List<Session>> listener) {
        listeners.add(listener);
    }

    /**
     * Queues records for the journal.
     *
     * @return completes once the new records are durable, with how many were new and how many stored already
     * @throws Overloaded when the backlog already holds its limit of records; nothing is queued then
     */
    public CompletableFuture<WriteOutcome> submit(List<Span> spans, List<MetricPoint> points) {
        int n = spans.size() + points.size();
        CompletableFuture<WriteOutcome> f = new CompletableFuture<>();
        if (n == 0) {
            f.complete(new WriteOutcome(0, 0));
            return f;
        }
        if (!running) throw new Overloaded("tj is shutting down", 5);
        long after = metrics.queued(n);
        if (after > queueLimit && after != n) {
            metrics.queued(-n);
            if (outage.down())
                throw new Overloaded(
                        "storage unavailable and the journal holds its limit (" + queueLimit + " records)",
                        OUTAGE_RETRY_SECONDS);
            throw new Overloaded("write queue full (" + queueLimit + " records)", 1);
        }
        incoming.add(new WriterJob.Ingest(spans, points, f));
        return f;
    }

    /**
     * Closes the active sessions of a terminal and/or one session id, after everything submitted
     * before. Keeps last activity as it was.
     *
     * @return the number of sessions moved from active to closed
     */
    public CompletableFuture<Integer> closeSessions(String instanceId, String sessionId, Instant now) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        return queue(new WriterJob.Close(instanceId, sessionId, now, f), f);
    }

    /** Renames a session on the dashboard ({@code label} null clears the rename). */
    public CompletableFuture<Void> label(String sessionId, String label, Instant at) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        return queue(new WriterJob.Label(sessionId, label, at, f), f);
    }

    /**
     * Saves read positions of transcript files once everything submitted before is committed (a
     * lost position only means a harmless re-read; a position ahead of its spans would lose them).
     */
    public CompletableFuture<Void> saveReadPositions(List<SourceFile> files) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (files.isEmpty()) {
            f.complete(null);
            return f;
        }
        return queue(new WriterJob.ReadPositions(List.copyOf(files), f), f);
    }

    /** Keeps method snapshots, after everything submitted before. */
    public CompletableFuture<Void> saveSnapshots(List<MethodSnapshot> snapshots) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (snapshots.isEmpty()) {
            f.complete(null);
            return f;
        }
        return queue(new WriterJob.Snapshots(List.copyOf(snapshots), f), f);
    }

    private <T> CompletableFuture<T> queue(WriterJob job, CompletableFuture<T> f) {
        if (!running) {
            f.completeExceptionally(new Overloaded("tj is shutting down", 5));
            return f;
        }
        incoming.add(job);
        return f;
    }

    /**
     * Waits until everything answered so far is applied to storage, so a read sees it; gives up
     * after {@code max} (the read then sees slightly older data).
     *
     * @return true when caught up
     */
    public boolean awaitApplied(Duration max) {
        return progress.awaitApplied(max);
    }

    /** Stops taking work, journals and applies what is queued, checkpoints storage and retires the journal. */
    @Override
    public void close() {
        running = false;
        try {
            journalThread.join(30_000);
            applyThread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.checkpoint();
        long done = -1;
        try {
            if (progress.caughtUp()) done = storage.journalPosition();
        } catch (RuntimeException e) {
            // storage is unreachable: the journal keeps everything, the next start replays what storage lacks
        }
        journal.close();
        if (done >= 0) journal.release(done);
    }
}
