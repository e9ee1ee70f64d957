package dev.tj.core.ingest;

import dev.tj.core.ingest.WriterJob.Close;
import dev.tj.core.ingest.WriterJob.Journaled;
import dev.tj.core.ingest.WriterJob.Label;
import dev.tj.core.ingest.WriterJob.ReadPositions;
import dev.tj.core.ingest.WriterJob.Snapshots;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionFolder;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.SpanIndex;
import dev.tj.core.storage.StorageClosedException;
import dev.tj.core.storage.StorageUnavailableException;
import dev.tj.core.storage.WriteBatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2 of the writer ({@code tj-writer}): takes journaled records and commands in large batches,
 * has the {@link SessionFolder} turn them into session rows and commits them to storage together
 * with the journal position, so a crash replays exactly what was answered and not yet applied.
 * Storage upkeep (checkpoints) runs here and never delays an answer. The only thread that writes.
 */
final class ApplyStage {
    private static final Logger log = LoggerFactory.getLogger(ApplyStage.class);
    private static final int ATTEMPTS_BEFORE_SPLIT = 3;
    /** The longest pause between attempts while storage is unreachable. */
    private static final long MAX_OUTAGE_PAUSE_MS = 2_000;

    private final BlockingQueue<WriterJob> toApply;
    private final Queue<Journaled> appliedFrames;
    private final IngestStore store;
    private final SpanIndex index;
    private final SessionFolder folder;
    private final IngestJournal journal;
    private final IngestMetrics metrics;
    private final WriterProgress progress;
    private final int batchLimit;
    private final List<Consumer<List<Session>>> listeners;
    private final StorageOutage outage;

    ApplyStage(
            BlockingQueue<WriterJob> toApply,
            Queue<Journaled> appliedFrames,
            IngestStore store,
            SpanIndex index,
            SessionFolder folder,
            IngestJournal journal,
            IngestMetrics metrics,
            WriterProgress progress,
            int batchLimit,
            List<Consumer<List<Session>>> listeners,
            StorageOutage outage) {
        this.outage = outage;
        this.toApply = toApply;
        this.appliedFrames = appliedFrames;
        this.store = store;
        this.index = index;
        this.folder = folder;
        this.journal = journal;
        this.metrics = metrics;
        this.progress = progress;
        this.batchLimit = batchLimit;
        this.listeners = listeners;
    }

    void run(BooleanSupplier journalAlive) {
        List<WriterJob> jobs = new ArrayList<>();
        while (journalAlive.getAsBoolean() || !toApply.isEmpty()) {
            try {
                if (!WriterJob.drain(toApply, jobs, batchLimit)) {
                    idle();
                    continue;
                }
                applyWithRetry(jobs, journalAlive);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                log.error("writer loop failed", e);
            } finally {
                jobs.clear();
            }
        }
    }

    private void idle() {
        try {
            store.idle();
        } catch (RuntimeException e) {
            log.warn("storage upkeep failed", e);
        }
    }

    /**
     * Journaled records were already answered, so a failed commit is retried, never dropped. While
     * storage is unreachable the same batch is tried again, with pauses up to
     * {@value #MAX_OUTAGE_PAUSE_MS} ms, for as long as it takes (the journal holds it; a stop leaves it
     * there for the next start). A batch that keeps failing otherwise is split; a single frame that
     * keeps failing on its own is set aside in the journal directory (still on disk, counted, logged)
     * so that it cannot block everything after it.
     */
    private void applyWithRetry(List<WriterJob> jobs, BooleanSupplier journalAlive) throws InterruptedException {
        long pause = 100;
        for (int attempt = 1; ; attempt++) {
            if (outage.down() && !journalAlive.getAsBoolean()) {
                // stopping while storage is away: these stay in the journal and replay at the next start
                leave(jobs, new StorageUnavailableException("storage is unavailable and tj is stopping", null));
                return;
            }
            RuntimeException failure = apply(jobs);
            if (failure == null) {
                outage.over();
                return;
            }
            if (failure instanceof StorageClosedException) {
                // storage was closed under us: stop; the journal keeps these for the next start
                leave(jobs, failure);
                return;
            }
            if (failure instanceof StorageUnavailableException u) {
                // not this batch's fault: no split, no quarantine, and no attempt counted against it
                outage.began(u);
                Thread.sleep(pause);
                pause = Math.min(MAX_OUTAGE_PAUSE_MS, pause * 2);
                attempt = 0;
                continue;
            }
            if (attempt < ATTEMPTS_BEFORE_SPLIT) {
                Thread.sleep(Math.min(5_000, 100L << attempt));
                continue;
            }
            if (jobs.size() > 1) {
                for (WriterJob j : jobs) applyWithRetry(List.of(j), journalAlive);
                return;
            }
            WriterJob j = jobs.get(0);
            if (j instanceof Journaled w) {
                metrics.quarantined(w.records());
                journal.quarantine(w.seq(), w.spans(), w.points());
                log.error(
                        "journal frame {} ({} records) could not be applied and was set aside",
                        w.seq(),
                        w.records(),
                        failure);
            }
            j.fail(failure);
            finish(List.of(j));
            return;
        }
    }

    /** Gives up on jobs without applying them: their frames stay in the journal (not released). */
    private void leave(List<WriterJob> jobs, RuntimeException why) {
        for (WriterJob j : jobs) j.fail(why);
        finish(jobs);
    }

    /** @return null on success, else what failed (the transaction rolled back) */
    private RuntimeException apply(List<WriterJob> jobs) {
        long t0 = System.nanoTime();
        try {
            Set<String> replayedStored = replayedStored(jobs);
            List<SessionFolder.Step> steps = new ArrayList<>(jobs.size());
            List<MetricPoint> newPoints = new ArrayList<>();
            List<SourceFile> files = new ArrayList<>();
            Set<String> seenPoints = new HashSet<>();
            long seq = 0;
            for (WriterJob job : jobs) {
                if (job instanceof Journaled w) {
                    seq = Math.max(seq, w.seq());
                    List<Span> spans = w.spans();
                    if (w.unchecked() && !replayedStored.isEmpty()) {
                        spans = spans.stream()
                                .filter(s -> !replayedStored.contains(s.spanId()))
                                .toList();
                    }
                    steps.add(new SessionFolder.Spans(spans));
                    for (MetricPoint p : w.points()) if (seenPoints.add(p.pointId())) newPoints.add(p);
                } else if (job instanceof Close c) {
                    steps.add(new SessionFolder.Close(c.instanceId(), c.sessionId(), c.now()));
                } else {
                    if (job instanceof Label l) {
                        // session_labels is the writer's too; a rename is idempotent, so a retry may repeat it
                        if (l.label() == null) store.clearLabel(l.sessionId());
                        else store.setLabel(l.sessionId(), l.label(), l.at());
                    } else if (job instanceof ReadPositions r) {
                        files.addAll(r.files());
                    } else if (job instanceof Snapshots sn) {
                        // replaces per session and kind, so a retry may repeat it, like a rename
                        for (MethodSnapshot m : sn.snapshots()) store.saveSnapshot(m);
                    }
                    steps.add(new SessionFolder.Spans(List.of()));
                }
            }
            SessionFolder.Fold fold = folder.fold(steps);
            store.commit(new WriteBatch(fold.spans(), newPoints, fold.sessions(), files, seq));
            folder.committed(fold);
            metrics.committed(System.nanoTime() - t0);
            // listeners first: whoever acts on a command's answer (a close) finds its effects queued
            if (!fold.sessions().isEmpty()) notifyListeners(fold.sessions());
            for (int i = 0; i < jobs.size(); i++) {
                WriterJob j = jobs.get(i);
                if (j instanceof Close c) c.f().complete(fold.closed().get(i));
                else if (j instanceof Label l) l.f().complete(null);
                else if (j instanceof ReadPositions r) r.f().complete(null);
                else if (j instanceof Snapshots sn) sn.f().complete(null);
            }
            finish(jobs);
            if (seq > 0) journal.release(seq);
            return null;
        } catch (RuntimeException e) {
            metrics.commitFailed();
            folder.forget();
            // an outage is logged once, by StorageOutage, not at every retry
            if (!(e instanceof StorageUnavailableException)) log.error("commit of {} jobs failed", jobs.size(), e);
            return e;
        }
    }

    /**
     * Frames replayed after a crash, or journaled while storage was unreachable, were never checked
     * against storage: find those of their spans that are stored already.
     */
    private Set<String> replayedStored(List<WriterJob> jobs) {
        List<Span> replayed = new ArrayList<>();
        for (WriterJob j : jobs) if (j instanceof Journaled w && w.unchecked()) replayed.addAll(w.spans());
        return replayed.isEmpty() ? Set.of() : index.existingSpans(replayed);
    }

    /** Marks jobs as applied (or given up) and wakes readers waiting for them. */
    private void finish(List<WriterJob> jobs) {
        // stored now (or set aside): the journal stage drops them from its pending sets at its next drain
        for (WriterJob j : jobs) if (j instanceof Journaled w) appliedFrames.add(w);
        int records = WriterJob.records(jobs);
        metrics.queued(-records);
        progress.applied(jobs.size(), records);
    }

    private void notifyListeners(List<Session> changed) {
        for (Consumer<List<Session>> l : listeners) {
            try {
                l.accept(changed);
            } catch (RuntimeException e) {
                log.warn("commit listener failed", e);
            }
        }
    }
}
