package dev.tj.core.ingest;

import dev.tj.core.ingest.WriterJob.Applied;
import dev.tj.core.ingest.WriterJob.Ingest;
import dev.tj.core.ingest.WriterJob.Journaled;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SpanIndex;
import dev.tj.core.storage.StorageUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1 of the writer ({@code tj-journal}): drains submissions, drops records already stored or
 * already journaled, appends the new ones to the {@link IngestJournal}, fsyncs once for the whole
 * drain and answers: a 2xx means the records are durable. Its storage probe ({@link SpanIndex})
 * never waits on the apply stage's commits.
 */
final class JournalStage {
    private static final Logger log = LoggerFactory.getLogger(JournalStage.class);

    private final BlockingQueue<WriterJob> incoming;
    private final BlockingQueue<WriterJob> toApply;
    private final SpanIndex index;
    private final IngestJournal journal;
    private final IngestMetrics metrics;
    private final WriterProgress progress;
    private final int batchLimit;
    /**
     * Ids journaled and not yet known to be applied: storage cannot tell that they exist. Only this
     * stage's thread touches these, so they cannot change between its pending check and its storage
     * check; the apply stage hands over what it committed through {@link #appliedFrames}.
     */
    private final IdSet pendingSpans = new IdSet();

    private final IdSet pendingPoints = new IdSet(1 << 12);
    private final Queue<Applied> appliedFrames;
    private final StorageOutage outage;

    JournalStage(
            BlockingQueue<WriterJob> incoming,
            BlockingQueue<WriterJob> toApply,
            Queue<Applied> appliedFrames,
            SpanIndex index,
            IngestJournal journal,
            IngestMetrics metrics,
            WriterProgress progress,
            int batchLimit,
            StorageOutage outage) {
        this.outage = outage;
        this.incoming = incoming;
        this.toApply = toApply;
        this.appliedFrames = appliedFrames;
        this.index = index;
        this.journal = journal;
        this.metrics = metrics;
        this.progress = progress;
        this.batchLimit = batchLimit;
    }

    /** A recovered frame, handed to the apply stage before any new submission. */
    void recovered(Journaled j) {
        for (Span s : j.spans()) pendingSpans.add(s.spanId());
        for (MetricPoint p : j.points()) pendingPoints.add(p.pointId());
    }

    void run(BooleanSupplier running, BooleanSupplier applierAlive) {
        List<WriterJob> jobs = new ArrayList<>();
        while (running.getAsBoolean() || !incoming.isEmpty()) {
            try {
                if (!WriterJob.drain(incoming, jobs, batchLimit)) continue;
                // Backpressure: with a full batch already waiting for storage, answering faster than
                // storage applies would only grow the backlog until submissions are refused. Holding the
                // answers back instead slows each client down to what storage sustains, and nobody gets a 503.
                // Not while storage is unreachable: nothing would be answered then; the journal takes
                // records up to the backlog limit instead, and submissions beyond it are refused.
                progress.awaitBelow(batchLimit, () -> applierAlive.getAsBoolean() && !outage.down());
                journal(jobs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                log.error("journal loop failed", e);
                for (WriterJob j : jobs) j.fail(e);
            } finally {
                jobs.clear();
            }
        }
    }

    /*
     * The loops live in small methods of their own: journal() runs once per drain, so a loop in it
     * was compiled on the stack (OSR) once per loop, each time with everything inlined (70 kB, up to
     * a second of C2 each, four of them in a 40 s run), where small methods called per drain and per
     * request are compiled once each.
     */
    private void journal(List<WriterJob> jobs) {
        forgetApplied();
        // Pending ids first, storage second: an id leaves the pending set only once storage has it.
        List<Span> candidates = new ArrayList<>();
        List<String> pointCandidates = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++)
            if (jobs.get(i) instanceof Ingest in) notPending(in, candidates, pointCandidates);
        List<WriterJob> handOff = new ArrayList<>(jobs.size());
        int[] stored = new int[jobs.size()], dups = new int[jobs.size()];
        List<String> addedSpans = new ArrayList<>(), addedPoints = new ArrayList<>();
        try {
            // While storage is unreachable, answer from the journal alone: its frames are then
            // unchecked, and the apply stage leaves out what storage turns out to have already.
            boolean unchecked = outage.down();
            Set<String> storedSpans = Set.of(), storedPoints = Set.of();
            if (!unchecked) {
                try {
                    if (!candidates.isEmpty()) storedSpans = index.existingSpans(candidates);
                    if (!pointCandidates.isEmpty()) storedPoints = index.existingPointIds(pointCandidates);
                } catch (StorageUnavailableException e) {
                    // and stop asking until the apply stage commits again: each ask waits out a timeout
                    outage.began(e);
                    unchecked = true;
                    storedSpans = Set.of();
                    storedPoints = Set.of();
                }
            }
            for (int i = 0; i < jobs.size(); i++) {
                WriterJob job = jobs.get(i);
                if (!(job instanceof Ingest in)) {
                    handOff.add(job);
                    continue;
                }
                List<Span> fresh = fresh(in.spans(), Span::spanId, storedSpans, pendingSpans, addedSpans);
                List<MetricPoint> freshPoints =
                        fresh(in.points(), MetricPoint::pointId, storedPoints, pendingPoints, addedPoints);
                dups[i] = in.spans().size() - fresh.size() + in.points().size() - freshPoints.size();
                stored[i] = fresh.size() + freshPoints.size();
                if (stored[i] > 0)
                    handOff.add(new Journaled(journal.append(fresh, freshPoints), fresh, freshPoints, unchecked));
            }
            journal.sync();
        } catch (IOException | RuntimeException e) {
            // Nothing of this drain is answered as stored: forget it, so that a retry is not a "duplicate".
            forget(addedSpans, pendingSpans);
            forget(addedPoints, pendingPoints);
            metrics.commitFailed();
            int records = WriterJob.records(jobs);
            metrics.queued(-records);
            log.error("journal write of {} records failed", records, e);
            for (WriterJob j : jobs) j.fail(e);
            return;
        }
        int dropped = 0;
        for (int d : dups) dropped += d;
        metrics.queued(-dropped);
        // Hand off before answering: a client that reads right after its answer must wait for these.
        progress.handedOff(handOff.size(), WriterJob.records(handOff));
        toApply.addAll(handOff);
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i) instanceof Ingest in) in.f().complete(new WriteOutcome(stored[i], dups[i]));
        }
    }

    /** Ids the apply stage has stored are found by the storage probe from now on. */
    private void forgetApplied() {
        for (Applied a; (a = appliedFrames.poll()) != null; ) {
            forget(a.spanIds(), pendingSpans);
            forget(a.pointIds(), pendingPoints);
        }
    }

    private static void forget(List<String> ids, IdSet pending) {
        for (int i = 0; i < ids.size(); i++) pending.remove(ids.get(i));
    }

    private void notPending(Ingest in, List<Span> spans, List<String> points) {
        List<Span> ss = in.spans();
        for (int i = 0; i < ss.size(); i++) if (!pendingSpans.contains(ss.get(i).spanId())) spans.add(ss.get(i));
        List<MetricPoint> ps = in.points();
        for (int i = 0; i < ps.size(); i++) {
            String id = ps.get(i).pointId();
            if (!pendingPoints.contains(id)) points.add(id);
        }
    }

    /** A request's records that are neither stored nor pending, now pending (their ids noted in {@code added}). */
    private static <T> List<T> fresh(
            List<T> records, Function<T, String> id, Set<String> stored, IdSet pending, List<String> added) {
        List<T> fresh = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            T r = records.get(i);
            String key = id.apply(r);
            if (!stored.contains(key) && pending.add(key)) {
                added.add(key);
                fresh.add(r);
            }
        }
        return fresh;
    }
}
