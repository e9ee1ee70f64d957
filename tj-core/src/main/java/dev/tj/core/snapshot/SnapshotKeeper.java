package dev.tj.core.snapshot;

import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves method snapshots when a session closes (or completes), when it goes stale and when it is
 * backfilled. The triggers only name sessions; one background thread asks the {@link
 * SnapshotProducer} for their payloads and hands them to the write side ({@code save}: the daemon's
 * single writer, or the store a CLI owns). Sessions named again before they were handled are handled
 * once.
 */
public final class SnapshotKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnapshotKeeper.class);

    /** How far back the stale sweep looks: sessions that went stale earlier were kept by an earlier sweep or backfill. */
    static final Duration STALE_LOOKBACK = Duration.ofDays(1);

    private final Storage storage;
    private final SnapshotProducer producer;
    private final Consumer<List<MethodSnapshot>> save;
    private final Clock clock;
    private final Duration idle;
    private final Set<String> pending = new LinkedHashSet<>();
    private final Thread worker;
    private volatile boolean running = true;
    private long handled;

    /**
     * @param save stores the snapshots through the write side
     * @param idle how long after its last activity a session is stale ({@code [sessions] idle_minutes})
     */
    public SnapshotKeeper(
            Storage storage,
            SnapshotProducer producer,
            Consumer<List<MethodSnapshot>> save,
            Clock clock,
            Duration idle) {
        this.storage = storage;
        this.producer = producer;
        this.save = save;
        this.clock = clock;
        this.idle = idle;
        this.worker = new Thread(this::run, "tj-snapshots");
        worker.setDaemon(true);
        worker.start();
    }

    /** Sessions a commit changed: those that are closed or completed now are kept. Quick; any thread. */
    public void committed(Collection<Session> changed) {
        List<String> ended = new ArrayList<>();
        for (Session s : changed) if (s.status() != SessionStatus.ACTIVE) ended.add(s.sessionId());
        if (!ended.isEmpty()) request(ended);
    }

    /** Sessions a backfill wrote to. */
    public void backfilled(Collection<String> sessionIds) {
        request(sessionIds);
    }

    /**
     * Sessions that went stale within the last day (still stored as active, quiet for longer than the
     * idle window) and have no snapshot since their last activity.
     *
     * @return how many were queued
     */
    public int sweepStale() {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(idle);
        Instant lookback = staleBefore.minus(STALE_LOOKBACK);
        List<Session> stale = new ArrayList<>();
        for (Session s : storage.sessions().sessions(new SessionStatusFilter(SessionStatus.ACTIVE, null))) {
            Instant last = s.lastActivity();
            if (last.isBefore(staleBefore) && !last.isBefore(lookback)) stale.add(s);
        }
        if (stale.isEmpty()) return 0;
        Map<String, Instant> saved = storage.snapshots()
                .savedAt(stale.stream().map(Session::sessionId).toList());
        List<String> due = new ArrayList<>();
        for (Session s : stale) {
            Instant at = saved.get(s.sessionId());
            if (at == null || at.isBefore(s.lastActivity())) due.add(s.sessionId());
        }
        request(due);
        return due.size();
    }

    private void request(Collection<String> sessionIds) {
        synchronized (pending) {
            for (String id : sessionIds) if (id != null) pending.add(id);
            pending.notifyAll();
        }
    }

    /** Waits until everything requested so far is handled (for tests and shutdown); false on timeout. */
    public boolean awaitIdle(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (pending) {
            while (!pending.isEmpty() || busy) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                pending.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Sessions handled so far (a producer that returned nothing counts too). */
    public long handled() {
        synchronized (pending) {
            return handled;
        }
    }

    private boolean busy;

    private void run() {
        while (running) {
            String id;
            synchronized (pending) {
                while (pending.isEmpty() && running) {
                    try {
                        pending.wait(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!running) return;
                var it = pending.iterator();
                id = it.next();
                it.remove();
                busy = true;
            }
            try {
                keep(id);
            } catch (RuntimeException e) {
                log.warn("could not keep a snapshot of session {}", id, e);
            } finally {
                synchronized (pending) {
                    busy = false;
                    handled++;
                    pending.notifyAll();
                }
            }
        }
    }

    private void keep(String sessionId) {
        List<SnapshotProducer.Payload> made = producer.produce(sessionId);
        if (made == null || made.isEmpty()) return;
        Instant now = clock.instant();
        List<MethodSnapshot> out = new ArrayList<>(made.size());
        for (SnapshotProducer.Payload p : made) {
            out.add(new MethodSnapshot(sessionId, p.kind(), now, p.sourceSize(), p.sourceModified(), p.json()));
        }
        save.accept(out);
    }

    @Override
    public void close() {
        running = false;
        synchronized (pending) {
            pending.notifyAll();
        }
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
