package dev.tj.core.ingest;

import dev.tj.core.ingest.WriterJob.Applied;
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
import java.io.IOException;
import java.nio.ByteBuffer;
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
 *
 * <p>Under sustained load, when storage says grouping pays ({@link IngestStore#groupRows}), record
 * batches are written into one open <em>group</em> transaction until it holds that many spans (about
 * three seconds at full speed), then committed together; at lighter load, when a reader waits for
 * the data, or before any command, the group is committed at once. Answers never wait for it: the
 * journal holds a group's frames until its commit, and a group that fails is rolled back whole and
 * applied again from its journal frames, one batch per transaction.
 */
final class ApplyStage {
    private static final Logger log = LoggerFactory.getLogger(ApplyStage.class);
    private static final int ATTEMPTS_BEFORE_SPLIT = 3;
    /** The longest pause between attempts while storage is unreachable. */
    private static final long MAX_OUTAGE_PAUSE_MS = 2_000;
    /** The longest a group stays open: how stale readers may find storage under sustained load. */
    static final long GROUP_MAX_NANOS = 5_000_000_000L;
    /** A group younger than this is kept open; after it, only if it fills before GROUP_MAX_NANOS. */
    static final long GROUP_MIN_NANOS = 200_000_000L;
    /** While a group is open, how long the writer waits for more work before it looks at the group. */
    private static final long GROUP_POLL_MS = 20;

    private final BlockingQueue<WriterJob> toApply;
    private final Queue<Applied> appliedFrames;
    /** Batches written into the open group transaction and not committed yet. */
    private final OpenGroup group = new OpenGroup();

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
            Queue<Applied> appliedFrames,
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
        boolean grouping = store.groupRows() > 0 && journal.directory() != null;
        while (journalAlive.getAsBoolean() || !toApply.isEmpty()) {
            try {
                if (!WriterJob.drain(toApply, jobs, batchLimit, group.open() ? GROUP_POLL_MS : 200)) {
                    if (group.open()) settleIfDue(journalAlive);
                    else idle();
                    continue;
                }
                applyWithRetry(jobs, journalAlive, grouping);
                settleIfDue(journalAlive);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                log.error("writer loop failed", e);
            } finally {
                jobs.clear();
            }
        }
        try {
            settle(journalAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("writer loop failed", e);
        }
    }

    /**
     * Commits the open group when it holds a row group, when a reader waits, when it is old, or when
     * the load is too light for it to fill before {@link #GROUP_MAX_NANOS}: only a full row group
     * pays, and until then storage looks behind to readers.
     */
    private void settleIfDue(BooleanSupplier journalAlive) throws InterruptedException {
        if (!group.open()) return;
        long age = group.age();
        boolean due = group.spans() >= store.groupRows()
                || progress.awaited()
                || age >= GROUP_MAX_NANOS
                || (age >= GROUP_MIN_NANOS
                        && (double) group.spans() * GROUP_MAX_NANOS < (double) store.groupRows() * age)
                || !journalAlive.getAsBoolean();
        if (due) settle(journalAlive);
    }

    /** Commits the open group and completes its jobs; a group that fails is applied again from the journal. */
    private void settle(BooleanSupplier journalAlive) throws InterruptedException {
        if (!group.open()) return;
        try {
            store.commitGroup();
        } catch (RuntimeException e) {
            metrics.commitFailed();
            folder.forget();
            if (e instanceof StorageClosedException) {
                // storage was closed under us: the journal keeps the group's frames for the next start
                giveUpGroup();
                return;
            }
            log.error("commit of a group of {} records failed; applying them again", group.records(), e);
            reapplyGroup(journalAlive);
            return;
        }
        OpenGroup.Closed done = group.close();
        appliedFrames.addAll(done.applied());
        progress.applied(done.jobs());
        if (!done.sessions().isEmpty()) notifyListeners(done.sessions());
        journal.release(done.lastSeq());
    }

    /** Storage went away with the group: its frames stay in the journal; nobody waits for them. */
    private void giveUpGroup() {
        if (!group.open()) return;
        OpenGroup.Closed left = group.close();
        appliedFrames.addAll(left.applied());
        progress.applied(left.jobs());
    }

    /**
     * The group was rolled back: reads its frames back from the journal and applies them again in
     * plain transactions of a batch each (with the usual retries, splits and setting aside).
     */
    private void reapplyGroup(BooleanSupplier journalAlive) throws InterruptedException {
        if (!group.open()) return; // the failed batch opened the group: it rolled back only itself
        try {
            store.abandonGroup(); // normally gone already: a failed write rolls its group back
        } catch (RuntimeException e) {
            log.warn("rolling back a failed group failed", e);
        }
        OpenGroup.Closed lost = group.close();
        int reapplied = 0;
        try (JournalReader reader = new JournalReader(journal, lost.firstSeq() - 1)) {
            while (reader.position() < lost.lastSeq()) {
                List<JournalReader.Frame> frames = reader.next(batchLimit, 8 << 20);
                if (frames.isEmpty()) break;
                List<WriterJob> again = new ArrayList<>(frames.size());
                for (JournalReader.Frame f : frames) {
                    if (f.seq() > lost.lastSeq()) break;
                    JournalCodec.Records r = JournalCodec.readRecords(ByteBuffer.wrap(f.payload()));
                    again.add(new Journaled(f.seq(), r.spans(), r.points(), true));
                }
                // counted once already as they left the queue: count them again as finish() takes them
                int records = WriterJob.records(again);
                metrics.queued(records);
                progress.taken(-records);
                applyWithRetry(again, journalAlive, false);
                reapplied += again.size();
            }
        } catch (IOException | RuntimeException e) {
            log.error(
                    "cannot read back frames {}..{} of a failed group; they replay at the next start",
                    lost.firstSeq(),
                    lost.lastSeq(),
                    e);
        }
        // frames that could not be read back: their readers must not wait for them, and their ids go
        appliedFrames.addAll(lost.applied());
        if (reapplied < lost.jobs()) progress.applied(lost.jobs() - reapplied);
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
    private void applyWithRetry(List<WriterJob> jobs, BooleanSupplier journalAlive, boolean mayGroup)
            throws InterruptedException {
        boolean grouped = mayGroup && jobs.stream().allMatch(j -> j instanceof Journaled);
        // a command sees, and is seen after, everything before it: commit the group first
        if (!grouped) settle(journalAlive);
        long pause = 100;
        for (int attempt = 1; ; attempt++) {
            if (outage.down() && !journalAlive.getAsBoolean()) {
                // stopping while storage is away: these stay in the journal and replay at the next start
                leave(jobs, new StorageUnavailableException("storage is unavailable and tj is stopping", null));
                return;
            }
            RuntimeException failure = apply(jobs, grouped);
            if (failure == null) {
                outage.over();
                return;
            }
            if (failure instanceof StorageClosedException) {
                // storage was closed under us: stop; the journal keeps these (and any group) for the next start
                giveUpGroup();
                leave(jobs, failure);
                return;
            }
            if (grouped) {
                // the store rolled the whole group back with this batch: apply it again, then retry alone
                grouped = false;
                reapplyGroup(journalAlive);
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
                for (WriterJob j : jobs) applyWithRetry(List.of(j), journalAlive, false);
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

    /**
     * Applies jobs in one transaction, or writes them into the open group when {@code grouped}.
     *
     * @return null on success, else what failed (the transaction, and any group, rolled back)
     */
    private RuntimeException apply(List<WriterJob> jobs, boolean grouped) {
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
            WriteBatch batch = new WriteBatch(fold.spans(), newPoints, fold.sessions(), files, seq);
            if (grouped) store.stage(batch);
            else store.commit(batch);
            folder.committed(fold);
            metrics.committed(System.nanoTime() - t0);
            if (grouped) {
                group.add(jobs, fold.sessions(), fold.spans().size());
                taken(jobs);
                return null;
            }
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
        for (WriterJob j : jobs) if (j instanceof Journaled w) appliedFrames.add(Applied.of(w));
        taken(jobs);
        progress.applied(jobs.size());
    }

    /** The records left the writer's hands: out of the backlog and out of the backpressure count. */
    private void taken(List<WriterJob> jobs) {
        int records = WriterJob.records(jobs);
        metrics.queued(-records);
        progress.taken(records);
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
