package dev.tj.core.ingest;

import dev.tj.core.config.TjConfig;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.Storage;
import dev.tj.core.storage.WriteBatch;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer, in two stages with a thread each.
 *
 * <ol>
 *   <li><b>Journal</b> ({@code tj-journal}): drains submissions, drops records already stored or
 *       already journaled, appends the new ones to the {@link IngestJournal}, fsyncs once for the whole
 *       drain and answers: a 2xx means the records are durable.</li>
 *   <li><b>Apply</b> ({@code tj-writer}): takes journaled records in large batches, folds them into
 *       their sessions and commits them to storage together with the journal position, so a crash
 *       replays exactly what was answered and not yet applied. Storage upkeep (checkpoints) runs here
 *       and never delays an answer.</li>
 * </ol>
 *
 * Readers that must see what was answered call {@link #awaitApplied}. A full backlog (records
 * submitted and not yet applied) refuses new submissions with {@link Overloaded}.
 */
public final class BatchWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final int SESSION_CACHE = 50_000;
    private static final int ATTEMPTS_BEFORE_SPLIT = 3;

    private final Storage storage;
    private final SessionAccumulator accumulator;
    private final IngestMetrics metrics;
    private final IngestJournal journal;
    private final int queueLimit;
    private final int batchLimit;
    private final LinkedBlockingQueue<Job> incoming = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Job> toApply = new LinkedBlockingQueue<>();
    /**
     * Ids journaled and not yet known to be applied: storage cannot tell that they exist. Only the
     * journal thread touches these, so they cannot change between its pending check and its storage
     * check; the apply thread hands over what it committed through {@link #appliedIds}.
     */
    private final Set<String> pendingSpans = new HashSet<>();
    private final Set<String> pendingPoints = new HashSet<>();
    private final ConcurrentLinkedQueue<Journaled> appliedIds = new ConcurrentLinkedQueue<>();
    private final List<Consumer<List<Session>>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Session> sessionCache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> e) { return size() > SESSION_CACHE; }
    };
    private final Map<String, String> conversationCache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> e) { return size() > SESSION_CACHE; }
    };
    private final Object progress = new Object();
    private long handedOff; // guarded by progress
    private long applied;   // guarded by progress
    private long unappliedRecords; // guarded by progress
    private final Thread journalThread;
    private final Thread applyThread;
    private volatile boolean running = true;

    /** Replays what {@code journal} recovered before taking new submissions. */
    public BatchWriter(Storage storage, SessionAccumulator accumulator, IngestMetrics metrics, TjConfig.Ingest limits,
                       IngestJournal journal) {
        this.storage = storage;
        this.accumulator = accumulator;
        this.metrics = metrics;
        this.journal = journal;
        this.queueLimit = limits.queueRecords();
        this.batchLimit = limits.batchRecords();
        for (IngestJournal.Entry e : journal.recovered()) {
            Journaled j = new Journaled(e.seq(), e.spans(), e.points(), true);
            metrics.queued(j.records());
            toApply.add(j);
            for (Span s : e.spans()) pendingSpans.add(s.spanId());
            for (MetricPoint p : e.points()) pendingPoints.add(p.pointId());
            handedOff++;
            unappliedRecords += j.records();
        }
        this.journalThread = new Thread(this::journalLoop, "tj-journal");
        this.applyThread = new Thread(this::applyLoop, "tj-writer");
        this.journalThread.start();
        this.applyThread.start();
    }

    /** Called after every commit with the sessions it changed (on the writer thread: keep it quick). */
    public void onCommit(Consumer<List<Session>> listener) { listeners.add(listener); }

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
            throw new Overloaded("write queue full (" + queueLimit + " records)", 1);
        }
        incoming.add(new Ingest(spans, points, f));
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
        if (!running) {
            f.completeExceptionally(new Overloaded("tj is shutting down", 5));
            return f;
        }
        incoming.add(new Close(instanceId, sessionId, now, f));
        return f;
    }

    /**
     * Waits until everything answered so far is applied to storage, so a read sees it; gives up
     * after {@code max} (the read then sees slightly older data).
     *
     * @return true when caught up
     */
    public boolean awaitApplied(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (progress) {
            long target = handedOff;
            while (applied < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Waits up to 200 ms for a first job, then takes whatever else is queued, up to a batch.
     *
     * @return false when nothing came
     */
    private boolean drain(LinkedBlockingQueue<Job> queue, List<Job> into) throws InterruptedException {
        Job first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) return false;
        into.add(first);
        int records = first.records();
        while (records < batchLimit) {
            Job next = queue.poll();
            if (next == null) break;
            into.add(next);
            records += next.records();
        }
        return true;
    }

    // =====================================================================================
    // stage 1: journal
    // =====================================================================================

    private void journalLoop() {
        List<Job> jobs = new ArrayList<>();
        while (running || !incoming.isEmpty()) {
            try {
                if (!drain(incoming, jobs)) continue;
                awaitApplyCatchingUp();
                journal(jobs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                log.error("journal loop failed", e);
                for (Job j : jobs) j.fail(e);
            } finally {
                jobs.clear();
            }
        }
    }

    /**
     * Backpressure: with a full batch already waiting for storage, answering faster than storage
     * applies would only grow the backlog until submissions are refused. Holding the answers back
     * instead slows each client down to what storage sustains, and nobody gets a 503.
     */
    private void awaitApplyCatchingUp() throws InterruptedException {
        synchronized (progress) {
            while (unappliedRecords >= batchLimit && applyThread.isAlive()) progress.wait(100);
        }
    }

    private void journal(List<Job> jobs) {
        for (Journaled w; (w = appliedIds.poll()) != null; ) {
            for (Span s : w.spans) pendingSpans.remove(s.spanId());
            for (MetricPoint p : w.points) pendingPoints.remove(p.pointId());
        }
        // Pending ids first, storage second: an id leaves the pending set only once storage has it.
        List<Span> candidates = new ArrayList<>();
        List<String> pointCandidates = new ArrayList<>();
        for (Job j : jobs) {
            if (!(j instanceof Ingest in)) continue;
            for (Span s : in.spans) if (!pendingSpans.contains(s.spanId())) candidates.add(s);
            for (MetricPoint p : in.points) if (!pendingPoints.contains(p.pointId())) pointCandidates.add(p.pointId());
        }
        List<Job> handOff = new ArrayList<>(jobs.size());
        int[] stored = new int[jobs.size()], dups = new int[jobs.size()];
        List<String> addedSpans = new ArrayList<>(), addedPoints = new ArrayList<>();
        try {
            Set<String> storedSpans = candidates.isEmpty() ? Set.of() : storage.existingSpans(candidates);
            Set<String> storedPoints = pointCandidates.isEmpty() ? Set.of() : storage.existingPointIds(pointCandidates);
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                if (!(job instanceof Ingest in)) {
                    handOff.add(job);
                    continue;
                }
                List<Span> fresh = new ArrayList<>(in.spans.size());
                for (Span s : in.spans) {
                    if (storedSpans.contains(s.spanId()) || !pendingSpans.add(s.spanId())) dups[i]++;
                    else {
                        addedSpans.add(s.spanId());
                        fresh.add(s);
                    }
                }
                List<MetricPoint> freshPoints = new ArrayList<>(in.points.size());
                for (MetricPoint p : in.points) {
                    if (storedPoints.contains(p.pointId()) || !pendingPoints.add(p.pointId())) dups[i]++;
                    else {
                        addedPoints.add(p.pointId());
                        freshPoints.add(p);
                    }
                }
                stored[i] = fresh.size() + freshPoints.size();
                if (stored[i] > 0) handOff.add(new Journaled(journal.append(fresh, freshPoints), fresh, freshPoints, false));
            }
            journal.sync();
        } catch (IOException | RuntimeException e) {
            // Nothing of this drain is answered as stored: forget it, so that a retry is not a "duplicate".
            addedSpans.forEach(pendingSpans::remove);
            addedPoints.forEach(pendingPoints::remove);
            metrics.commitFailed();
            int records = records(jobs);
            metrics.queued(-records);
            log.error("journal write of {} records failed", records, e);
            for (Job j : jobs) j.fail(e);
            return;
        }
        int dropped = 0;
        for (int d : dups) dropped += d;
        metrics.queued(-dropped);
        // Hand off before answering: a client that reads right after its answer must wait for these.
        int handedRecords = records(handOff);
        synchronized (progress) {
            handedOff += handOff.size();
            unappliedRecords += handedRecords;
        }
        toApply.addAll(handOff);
        for (int i = 0; i < jobs.size(); i++) {
            if (jobs.get(i) instanceof Ingest in) in.f.complete(new WriteOutcome(stored[i], dups[i]));
        }
    }

    // =====================================================================================
    // stage 2: apply
    // =====================================================================================

    private void applyLoop() {
        List<Job> jobs = new ArrayList<>();
        while (journalThread.isAlive() || !toApply.isEmpty()) {
            try {
                if (!drain(toApply, jobs)) {
                    idle();
                    continue;
                }
                applyWithRetry(jobs);
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
            storage.idle();
        } catch (RuntimeException e) {
            log.warn("storage upkeep failed", e);
        }
    }

    /**
     * Journaled records were already answered, so a failed commit is retried, never dropped. A batch
     * that keeps failing is split; a single frame that keeps failing on its own is set aside in the
     * journal directory (still on disk, counted, logged) so that it cannot block everything after it.
     */
    private void applyWithRetry(List<Job> jobs) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure = apply(jobs);
            if (failure == null) return;
            if (failure instanceof IllegalStateException) {
                // storage was closed under us: stop; the journal keeps these for the next start
                for (Job j : jobs) j.fail(failure);
                finish(jobs);
                return;
            }
            if (attempt < ATTEMPTS_BEFORE_SPLIT) {
                Thread.sleep(Math.min(5_000, 100L << attempt));
                continue;
            }
            if (jobs.size() > 1) {
                for (Job j : jobs) applyWithRetry(List.of(j));
                return;
            }
            Job j = jobs.get(0);
            if (j instanceof Journaled w) {
                metrics.quarantined(w.records());
                journal.quarantine(w.seq, w.spans, w.points);
                log.error("journal frame {} ({} records) could not be applied and was set aside", w.seq, w.records(), failure);
            }
            j.fail(failure);
            finish(List.of(j));
            return;
        }
    }

    /** @return null on success, else what failed (the transaction rolled back) */
    private RuntimeException apply(List<Job> jobs) {
        long t0 = System.nanoTime();
        Map<String, Session> touched = new LinkedHashMap<>();
        List<Span> newSpans = new ArrayList<>();
        List<MetricPoint> newPoints = new ArrayList<>();
        int[] closed = new int[jobs.size()];
        long seq = 0;
        try {
            Set<String> replayedStored = replayedStored(jobs);
            Set<String> seenSpans = new HashSet<>(), seenPoints = new HashSet<>();
            List<List<Span>> perJob = new ArrayList<>(jobs.size());
            Set<String> needed = new HashSet<>();
            for (Job job : jobs) {
                List<Span> keep = new ArrayList<>();
                if (job instanceof Journaled w) {
                    for (Span s : w.spans) {
                        if (replayedStored.contains(s.spanId()) || !seenSpans.add(s.spanId())) continue;
                        Span withSession = resolveSession(s);
                        keep.add(withSession);
                        if (!sessionCache.containsKey(withSession.sessionId())) needed.add(withSession.sessionId());
                    }
                } else if (job instanceof Close c && c.sessionId != null && !sessionCache.containsKey(c.sessionId)) {
                    needed.add(c.sessionId);
                }
                perJob.add(keep);
            }
            if (!needed.isEmpty()) sessionCache.putAll(storage.sessions(needed));
            for (int i = 0; i < jobs.size(); i++) {
                if (jobs.get(i) instanceof Journaled w) {
                    seq = Math.max(seq, w.seq);
                    for (Span span : perJob.get(i)) {
                        newSpans.add(span);
                        Session cur = touched.containsKey(span.sessionId()) ? touched.get(span.sessionId())
                                : sessionCache.get(span.sessionId());
                        touched.put(span.sessionId(), cur == null ? accumulator.start(span) : accumulator.add(cur, span));
                    }
                    for (MetricPoint p : w.points) if (seenPoints.add(p.pointId())) newPoints.add(p);
                } else if (jobs.get(i) instanceof Close c) {
                    closed[i] = close(c, touched);
                }
            }
            List<Session> changed = List.copyOf(touched.values());
            storage.commit(new WriteBatch(newSpans, newPoints, changed, List.of(), seq));
            for (Session s : changed) sessionCache.put(s.sessionId(), s);
            metrics.committed(System.nanoTime() - t0);
            for (int i = 0; i < jobs.size(); i++) if (jobs.get(i) instanceof Close c) c.f.complete(closed[i]);
            finish(jobs);
            if (seq > 0) journal.release(seq);
            if (!changed.isEmpty()) notifyListeners(changed);
            return null;
        } catch (RuntimeException e) {
            // The transaction rolled back: forget cached state that may include the lost batch.
            metrics.commitFailed();
            sessionCache.clear();
            conversationCache.clear();
            log.error("commit of {} jobs failed", jobs.size(), e);
            return e;
        }
    }

    /** Replayed frames were acknowledged before a crash; confirm against storage that none got in. */
    private Set<String> replayedStored(List<Job> jobs) {
        List<Span> replayed = new ArrayList<>();
        for (Job j : jobs) if (j instanceof Journaled w && w.replayed) replayed.addAll(w.spans);
        return replayed.isEmpty() ? Set.of() : storage.existingSpans(replayed);
    }

    /** Marks jobs as applied (or given up) and wakes readers waiting for them. */
    private void finish(List<Job> jobs) {
        // stored now (or set aside): the journal thread drops them from its pending sets at its next drain
        for (Job j : jobs) if (j instanceof Journaled w) appliedIds.add(w);
        int records = records(jobs);
        metrics.queued(-records);
        synchronized (progress) {
            applied += jobs.size();
            unappliedRecords -= records;
            progress.notifyAll();
        }
    }

    private static int records(List<Job> jobs) {
        int n = 0;
        for (Job j : jobs) n += j.records();
        return n;
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

    private int close(Close c, Map<String, Session> touched) {
        Map<String, Session> targets = new LinkedHashMap<>();
        if (c.instanceId != null) {
            for (Session s : storage.activeSessionsOfInstance(c.instanceId)) targets.put(s.sessionId(), s);
            // sessions of this terminal created in this very batch are not in storage yet
            for (Session s : touched.values()) {
                if (c.instanceId.equals(s.resource().instanceId())) targets.put(s.sessionId(), s);
            }
        }
        if (c.sessionId != null) {
            Session s = touched.containsKey(c.sessionId) ? touched.get(c.sessionId) : lookup(c.sessionId);
            if (s != null) targets.put(s.sessionId(), s);
        }
        int n = 0;
        for (Session s : targets.values()) {
            Session cur = touched.getOrDefault(s.sessionId(), s);
            if (cur.status() != SessionStatus.ACTIVE) continue;
            touched.put(cur.sessionId(), cur.withStatus(SessionStatus.CLOSED, c.now));
            n++;
        }
        return n;
    }

    private Span resolveSession(Span s) {
        if (s.sessionId() != null) return s;
        String id = null;
        if (s.conversationId() != null) {
            id = conversationCache.get(s.conversationId());
            if (id == null) {
                Optional<String> found = storage.sessionIdForConversation(s.conversationId());
                id = found.orElse(s.conversationId());
            }
            conversationCache.put(s.conversationId(), id);
        }
        // Without a session or conversation id, the trace is the natural unit of one agent run.
        if (id == null) id = s.traceId();
        return s.toBuilder().sessionId(id).build();
    }

    private Session lookup(String sessionId) {
        Session s = sessionCache.get(sessionId);
        if (s != null) return s;
        s = storage.sessions(List.of(sessionId)).get(sessionId);
        if (s != null) sessionCache.put(sessionId, s);
        return s;
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
        storage.checkpoint();
        long done;
        synchronized (progress) {
            done = applied == handedOff ? storage.journalPosition() : -1;
        }
        journal.close();
        if (done >= 0) journal.release(done);
    }

    private sealed interface Job permits Ingest, Journaled, Close {
        int records();

        void fail(Throwable t);
    }

    private record Ingest(List<Span> spans, List<MetricPoint> points, CompletableFuture<WriteOutcome> f) implements Job {
        public int records() { return spans.size() + points.size(); }

        public void fail(Throwable t) { f.completeExceptionally(t); }
    }

    /** New records in the journal as frame {@code seq}; already answered. */
    private record Journaled(long seq, List<Span> spans, List<MetricPoint> points, boolean replayed) implements Job {
        public int records() { return spans.size() + points.size(); }

        public void fail(Throwable t) {}
    }

    private record Close(String instanceId, String sessionId, Instant now, CompletableFuture<Integer> f) implements Job {
        public int records() { return 0; }

        public void fail(Throwable t) { f.completeExceptionally(t); }
    }
}
