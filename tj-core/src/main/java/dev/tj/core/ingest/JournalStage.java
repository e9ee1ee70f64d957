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

    private void journal(List<WriterJob> jobs) {
        for (Applied a; (a = appliedFrames.poll()) != null; ) {
            // not removeAll: with the list the larger, it would call List.contains per set element
            for (String id : a.spanIds()) pendingSpans.remove(id);
            for (String id : a.pointIds()) pendingPoints.remove(id);
        }
        // Pending ids first, storage second: an id leaves the pending set only once storage has it.
        List<Span> candidates = new ArrayList<>();
        List<String> pointCandidates = new ArrayList<>();
        for (WriterJob j : jobs) {
            if (!(j instanceof Ingest in)) continue;
            for (Span s : in.spans()) if (!pendingSpans.contains(s.spanId())) candidates.add(s);
            for (MetricPoint p : in.points())
                if (!pendingPoints.contains(p.pointId())) pointCandidates.add(p.pointId());
        }
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
                List<Span> fresh = new ArrayList<>(in.spans().size());
                for (Span s : in.spans()) {
                    if (storedSpans.contains(s.spanId()) || !pendingSpans.add(s.spanId())) dups[i]++;
                    else {
                        addedSpans.add(s.spanId());
                        fresh.add(s);
                    }
                }
                List<MetricPoint> freshPoints = new ArrayList<>(in.points().size());
                for (MetricPoint p : in.points()) {
                    if (storedPoints.contains(p.pointId()) || !pendingPoints.add(p.pointId())) dups[i]++;
                    else {
                        addedPoints.add(p.pointId());
                        freshPoints.add(p);
                    }
                }
                stored[i] = fresh.size() + freshPoints.size();
                if (stored[i] > 0)
                    handOff.add(new Journaled(journal.append(fresh, freshPoints), fresh, freshPoints, unchecked));
            }
            journal.sync();
        } catch (IOException | RuntimeException e) {
            // Nothing of this drain is answered as stored: forget it, so that a retry is not a "duplicate".
            addedSpans.forEach(pendingSpans::remove);
            addedPoints.forEach(pendingPoints::remove);
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
}
