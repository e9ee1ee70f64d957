package dev.tj.server.ui;

import dev.tj.core.session.Session;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's event stream ({@code GET /api/v1/events}).
 *
 * <p>The writer calls {@link #sessionsCommitted} on its own thread after each durable commit; that
 * call only records the session ids and, if nothing is scheduled yet, hands a flush to this class's
 * single thread. The flush sends at most one {@code sessions} event per {@link #minGapMs} (leading
 * edge right away, then one trailing event with everything that piled up), so a burst of commits
 * becomes a couple of events. Every write to a client happens on that one thread, so events never
 * interleave. A {@code tick} event every {@link #tickMs} lets pages re-read status when only time has
 * changed (active → idle → stale), and a comment in between keeps the connection and proxies alive.
 */
final class LiveEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
    /** Past this many distinct changed ids in one flush the event just says "all". */
    static final int MAX_IDS = 200;

    private final long minGapMs;
    private final long tickMs;
    private final ScheduledExecutorService exec;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean overflow = new AtomicBoolean();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private long lastSentNanos; // only touched on the exec thread
    private boolean everSent; // idem

    LiveEvents(long minGapMs, long tickMs) {
        this.minGapMs = minGapMs;
        this.tickMs = tickMs;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tj-sse");
            t.setDaemon(true);
            return t;
        });
        exec.scheduleAtFixedRate(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
        exec.scheduleAtFixedRate(this::keepAlive, tickMs / 2, tickMs, TimeUnit.MILLISECONDS);
    }

    /** Writer thread: never blocks, never throws. */
    void sessionsCommitted(List<Session> sessions) {
        if (closed.get() || sessions == null || sessions.isEmpty()) return;
        for (Session s : sessions) {
            if (pending.size() >= MAX_IDS) {
                overflow.set(true);
                break;
            }
            if (s != null && s.sessionId() != null) pending.add(s.sessionId());
        }
        schedule();
    }

    /** A session changed without a commit (its attention state): never blocks, never throws. */
    void sessionChanged(String sessionId) {
        if (closed.get() || sessionId == null) return;
        if (pending.size() >= MAX_IDS) overflow.set(true);
        else pending.add(sessionId);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                exec.execute(this::flushSoon);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // shutting down
            }
        }
    }

    /** A new browser: keep the request open and register it. */
    void connect(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        if (closed.get()) {
            client.close();
            return;
        }
        clients.add(client);
        run(() -> {
            client.sendComment("tj live events");
            client.sendEvent("hello", "{\"min_gap_ms\":" + minGapMs + ",\"tick_ms\":" + tickMs + "}");
        });
    }

    int clientCount() {
        return clients.size();
    }

    private void flushSoon() {
        long waitNanos = everSent ? lastSentNanos + TimeUnit.MILLISECONDS.toNanos(minGapMs) - System.nanoTime() : 0;
        if (waitNanos > 0) {
            exec.schedule(this::flush, waitNanos, TimeUnit.NANOSECONDS);
        } else {
            flush();
        }
    }

    private void flush() {
        scheduled.set(false); // from here on, new commits schedule another (rate-limited) flush
        List<String> ids = new ArrayList<>();
        for (Iterator<String> it = pending.iterator(); it.hasNext(); ) {
            ids.add(it.next());
            it.remove();
        }
        boolean all = overflow.getAndSet(false);
        if (ids.isEmpty() && !all) return;
        StringBuilder sb = new StringBuilder(32 + ids.size() * 40).append("{\"ids\":[");
        if (!all) {
            for (int i = 0; i < ids.size(); i++) {
                if (i > 0) sb.append(',');
                jsonString(sb, ids.get(i));
            }
        }
        sb.append("],\"all\":").append(all).append('}');
        broadcast("sessions", sb.toString());
        lastSentNanos = System.nanoTime();
        everSent = true;
    }

    private void tick() {
        try {
            broadcast("tick", "{}");
        } catch (RuntimeException e) {
            log.debug("tick failed: {}", e.toString()); // never let a periodic task die
        }
    }

    private void keepAlive() {
        for (SseClient c : clients) {
            try {
                if (c.terminated()) clients.remove(c);
                else c.sendComment("keep-alive");
            } catch (RuntimeException e) {
                clients.remove(c);
            }
        }
    }

    private void broadcast(String event, String data) {
        for (SseClient c : clients) {
            if (c.terminated()) {
                clients.remove(c);
                continue;
            }
            try {
                c.sendEvent(event, data);
            } catch (RuntimeException e) {
                log.debug("dropping event client: {}", e.toString());
                clients.remove(c);
            }
        }
    }

    private void run(Runnable r) {
        try {
            exec.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.debug("event stream write failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException ignored) {
            // shutting down
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        exec.shutdownNow();
        for (SseClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        clients.clear();
    }

    static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == 0x2028 || ch == 0x2029) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        sb.append('"');
    }
}
