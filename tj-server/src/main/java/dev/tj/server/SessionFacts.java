package dev.tj.server;

import dev.tj.core.session.Session;
import dev.tj.core.storage.SessionRollupReads;
import dev.tj.core.storage.SpanFacts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * The span facts of the sessions being drilled into, shared by the session detail and the drill-in
 * views. A read runs on a side thread so that the caller can build a story or read other tables
 * meanwhile; the last few sessions' facts are kept while their stored session row is unchanged (a
 * new or repriced span changes its count, time, tokens, cost or errors), so moving between tabs
 * of one session does not scan its spans again.
 */
public final class SessionFacts {
    /**
     * At most this many facts are held over all kept sessions (about 15 MB in a 256 MB heap); a
     * session with more is read every time.
     */
    static final int MAX_KEPT_FACTS = 60_000;

    private record Kept(String stamp, List<SpanFacts> facts) {}

    private final ExecutorService pool = IdlePool.of("tj-drill-read-", 3);
    private final int capacity;
    private final Map<String, Kept> kept;

    public SessionFacts(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.kept = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The session's span facts, from memory while its row is unchanged, else read beside the caller. */
    public CompletableFuture<List<SpanFacts>> of(SessionRollupReads reads, Session s) {
        String id = s.sessionId();
        String stamp = stamp(s);
        synchronized (kept) {
            Kept k = kept.get(id);
            if (k != null && k.stamp().equals(stamp)) return CompletableFuture.completedFuture(k.facts());
        }
        return beside(() -> {
            List<SpanFacts> facts = reads.spanFacts(id);
            if (facts.size() <= MAX_KEPT_FACTS)
                synchronized (kept) {
                    kept.put(id, new Kept(stamp, facts));
                    while (kept.size() > capacity || held() > MAX_KEPT_FACTS)
                        kept.remove(kept.keySet().iterator().next());
                }
            return facts;
        });
    }

    private int held() {
        int n = 0;
        for (Kept k : kept.values()) n += k.facts().size();
        return n;
    }

    /** Runs an independent read of the same answer on a side thread. */
    public <T> CompletableFuture<T> beside(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, pool);
    }

    /** The value, or what the read threw (so a failed read answers as it would on the caller's thread). */
    public static <T> T joined(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /** What changes whenever the session's stored row does: a new or repriced span, an error, more time. */
    public static String stamp(Session s) {
        return s.spanCount() + "|" + s.lastActivity() + "|" + s.usage().total() + "|" + s.costUsd() + "|"
                + s.errorCount() + "|" + s.toolCallCount();
    }
}
