package dev.tj.core.ingest;

import dev.tj.core.config.TjConfig;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.Storage;
import dev.tj.core.storage.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer. Submissions queue up; one thread drains as many as fit into one group commit,
 * drops spans that are already stored, folds the new ones into their sessions and commits it all in
 * one transaction. A submission's future completes only after that commit, so a 2xx means durable.
 */
public final class BatchWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final int SESSION_CACHE = 50_000;

    private final Storage storage;
    private final SessionAccumulator accumulator;
    private final IngestMetrics metrics;
    private final int queueLimit;
    private final int batchLimit;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final List<Consumer<List<Session>>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Session> sessionCache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> e) { return size() > SESSION_CACHE; }
    };
    private final Map<String, String> conversationCache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> e) { return size() > SESSION_CACHE; }
    };
    private final Thread thread;
    private volatile boolean running = true;

    public BatchWriter(Storage storage, SessionAccumulator accumulator, IngestMetrics metrics, TjConfig.Ingest limits) {
        this.storage = storage;
        this.accumulator = accumulator;
        this.metrics = metrics;
        this.queueLimit = limits.queueRecords();
        this.batchLimit = limits.batchRecords();
        this.thread = new Thread(this::run, "tj-writer");
        this.thread.setDaemon(false);
        this.thread.start();
    }

    /** Called after every commit with the sessions it changed (on the writer thread: keep it quick). */
    public void onCommit(Consumer<List<Session>> listener) { listeners.add(listener); }

    /**
     * Queues records for the next group commit.
     *
     * @throws Overloaded when the queue already holds its limit of records; nothing is queued then
     */
    public CompletableFuture<WriteOutcome> submit(List<Span> spans, List<MetricPoint> points) {
        int n = spans.size() + points.size();
        CompletableFuture<WriteOutcome> f = new CompletableFuture<>();
        if (n == 0) {
            f.complete(new WriteOutcome(0, 0));
            return f;
        }
        if (!running) throw new Overloaded("tj is shutting down", 5);
        long after = metrics.queuedRecords.addAndGet(n);
        if (after > queueLimit && after != n) {
            metrics.queuedRecords.addAndGet(-n);
            metrics.overloaded.incrementAndGet();
            throw new Overloaded("write queue full (" + queueLimit + " records)", 1);
        }
        queue.add(new Ingest(spans, points, f));
        return f;
    }

    /**
     * Closes the active sessions of a terminal and/or one session id. Keeps last activity as it was.
     *
     * @return the number of sessions moved from active to closed
     */
    public CompletableFuture<Integer> closeSessions(String instanceId, String sessionId, Instant now) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new Overloaded("tj is shutting down", 5));
            return f;
        }
        queue.add(new Close(instanceId, sessionId, now, f));
        return f;
    }

    private void run() {
        List<Job> jobs = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Job first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    idle();
                    continue;
                }
                jobs.add(first);
                int records = first.records();
                while (records < batchLimit) {
                    Job next = queue.poll();
                    if (next == null) break;
                    jobs.add(next);
                    records += next.records();
                }
                process(jobs);
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

    private void process(List<Job> jobs) {
        long t0 = System.nanoTime();
        int queued = 0;
        for (Job j : jobs) queued += j.records();
        Map<String, Session> touched = new LinkedHashMap<>();
        List<Span> newSpans = new ArrayList<>();
        List<MetricPoint> newPoints = new ArrayList<>();
        int[] stored = new int[jobs.size()], dups = new int[jobs.size()], closed = new int[jobs.size()];
        try {
            Set<String> existingSpans = storage.existingSpans(allSpans(jobs));
            Set<String> existingPoints = storage.existingPointIds(pointIds(jobs));
            // First pass: keep only new spans, resolve their sessions, and load every session the
            // batch touches with one query instead of one per session.
            Set<String> seenSpans = new HashSet<>(), seenPoints = new HashSet<>();
            List<List<Span>> fresh = new ArrayList<>(jobs.size());
            Set<String> needed = new HashSet<>();
            for (int i = 0; i < jobs.size(); i++) {
                List<Span> keep = new ArrayList<>();
                if (jobs.get(i) instanceof Ingest in) {
                    for (Span s : in.spans) {
                        if (existingSpans.contains(s.spanId()) || !seenSpans.add(s.spanId())) {
                            dups[i]++;
                            continue;
                        }
                        Span withSession = resolveSession(s);
                        keep.add(withSession);
                        if (!sessionCache.containsKey(withSession.sessionId())) needed.add(withSession.sessionId());
                    }
                } else if (jobs.get(i) instanceof Close c && c.sessionId != null && !sessionCache.containsKey(c.sessionId)) {
                    needed.add(c.sessionId);
                }
                fresh.add(keep);
            }
            if (!needed.isEmpty()) sessionCache.putAll(storage.sessions(needed));
            for (int i = 0; i < jobs.size(); i++) {
                if (jobs.get(i) instanceof Ingest in) {
                    for (Span span : fresh.get(i)) {
                        newSpans.add(span);
                        Session cur = touched.containsKey(span.sessionId()) ? touched.get(span.sessionId())
                                : sessionCache.get(span.sessionId());
                        touched.put(span.sessionId(), cur == null ? accumulator.start(span) : accumulator.add(cur, span));
                        stored[i]++;
                    }
                    for (MetricPoint p : in.points) {
                        if (existingPoints.contains(p.pointId()) || !seenPoints.add(p.pointId())) {
                            dups[i]++;
                        } else {
                            newPoints.add(p);
                            stored[i]++;
                        }
                    }
                } else if (jobs.get(i) instanceof Close c) {
                    closed[i] = close(c, touched);
                }
            }
            List<Session> changed = List.copyOf(touched.values());
            storage.commit(new WriteBatch(newSpans, newPoints, changed));
            for (Session s : changed) sessionCache.put(s.sessionId(), s);
            metrics.commits.incrementAndGet();
            metrics.commitNanos.addAndGet(System.nanoTime() - t0);
            metrics.recordsStored.addAndGet(newSpans.size() + newPoints.size());
            for (int i = 0; i < jobs.size(); i++) {
                metrics.recordsDuplicate.addAndGet(dups[i]);
                jobs.get(i).complete(stored[i], dups[i], closed[i]);
            }
            if (!changed.isEmpty()) {
                for (Consumer<List<Session>> l : listeners) {
                    try {
                        l.accept(changed);
                    } catch (RuntimeException e) {
                        log.warn("commit listener failed", e);
                    }
                }
            }
        } catch (RuntimeException e) {
            // The transaction rolled back: forget cached state that may include the lost batch.
            metrics.commitFailures.incrementAndGet();
            sessionCache.clear();
            conversationCache.clear();
            log.error("commit of {} records failed", queued, e);
            for (Job j : jobs) j.fail(e);
        } finally {
            metrics.queuedRecords.addAndGet(-queued);
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

    private static Collection<Span> allSpans(List<Job> jobs) {
        List<Span> all = new ArrayList<>();
        for (Job j : jobs) if (j instanceof Ingest in) all.addAll(in.spans);
        return all;
    }

    private static Collection<String> pointIds(List<Job> jobs) {
        List<String> ids = new ArrayList<>();
        for (Job j : jobs) if (j instanceof Ingest in) for (MetricPoint p : in.points) ids.add(p.pointId());
        return ids;
    }

    /** Stops taking work, drains what is queued, and checkpoints storage. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storage.checkpoint();
    }

    private sealed interface Job permits Ingest, Close {
        int records();

        void complete(int stored, int dups, int closed);

        void fail(Throwable t);
    }

    private record Ingest(List<Span> spans, List<MetricPoint> points, CompletableFuture<WriteOutcome> f) implements Job {
        public int records() { return spans.size() + points.size(); }

        public void complete(int stored, int dups, int closed) { f.complete(new WriteOutcome(stored, dups)); }

        public void fail(Throwable t) { f.completeExceptionally(t); }
    }

    private record Close(String instanceId, String sessionId, Instant now, CompletableFuture<Integer> f) implements Job {
        public int records() { return 0; }

        public void complete(int stored, int dups, int closed) { f.complete(closed); }

        public void fail(Throwable t) { f.completeExceptionally(t); }
    }
}
