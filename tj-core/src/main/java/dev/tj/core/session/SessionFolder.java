package dev.tj.core.session;

import dev.tj.core.span.Span;
import dev.tj.core.storage.SessionLookups;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one fold from stored records to session rows, used by live ingest (the writer's apply stage),
 * by the CLI's backfill into a store it owns, and so by backfill through the daemon. Given the steps
 * of one commit (spans to store, sessions to close), it resolves each span's session, folds every
 * span once into it and applies the closes in order; the result is exactly what the commit stores.
 * Because only spans that are about to be stored are folded, a session's totals stay the sum over
 * its stored spans on every path.
 *
 * <p>Keeps the sessions it folded in a bounded cache so that live traffic rarely asks storage;
 * {@link #committed} updates it, {@link #forget} drops it after a failed commit. One thread.
 */
public final class SessionFolder {
    private final SessionLookups store;
    private final SessionAccumulator accumulator;
    private final Map<String, Session> sessionCache;
    private final Map<String, String> conversationCache;

    /**
     * @param cacheSessions sessions (and conversation ids) kept in memory; a caller whose folded
     *                      sessions are not all committed yet (a bulk load) must keep them all
     */
    public SessionFolder(SessionLookups store, SessionAccumulator accumulator, int cacheSessions) {
        this.store = store;
        this.accumulator = accumulator;
        this.sessionCache = lru(cacheSessions);
        this.conversationCache = lru(cacheSessions);
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> e) {
                return size() > max;
            }
        };
    }

    /** One step of a commit, in order. */
    public sealed interface Step permits Spans, Close {}

    /** New spans to store (not stored yet; a repeated id in the same fold is folded once). */
    public record Spans(List<Span> spans) implements Step {}

    /**
     * Closes the active sessions of a terminal and/or one session, after the steps before it. Keeps
     * last activity as it was.
     */
    public record Close(String instanceId, String sessionId, Instant now) implements Step {}

    /**
     * What one commit stores.
     *
     * @param spans           the spans to store, each with its session id resolved
     * @param sessions        the sessions they changed, in first-touched order
     * @param closed          per step: sessions a {@link Close} moved from active to closed (0 for spans)
     * @param sessionsStarted sessions that did not exist before this fold
     */
    public record Fold(List<Span> spans, List<Session> sessions, List<Integer> closed, int sessionsStarted) {}

    /** Folds the steps of one commit; nothing is remembered until {@link #committed}. */
    public Fold fold(List<? extends Step> steps) {
        Set<String> seen = new HashSet<>();
        List<List<Span>> resolved = new ArrayList<>(steps.size());
        Set<String> needed = new HashSet<>();
        for (Step step : steps) {
            List<Span> keep = new ArrayList<>();
            if (step instanceof Spans sp) {
                for (Span s : sp.spans()) {
                    if (!seen.add(s.spanId())) continue;
                    Span withSession = resolveSession(s);
                    keep.add(withSession);
                    if (!sessionCache.containsKey(withSession.sessionId())) needed.add(withSession.sessionId());
                }
            } else if (step instanceof Close c && c.sessionId() != null && !sessionCache.containsKey(c.sessionId())) {
                needed.add(c.sessionId());
            }
            resolved.add(keep);
        }
        Map<String, Session> known = needed.isEmpty() ? Map.of() : store.sessions(needed);
        Map<String, Session> touched = new LinkedHashMap<>();
        List<Span> spans = new ArrayList<>();
        List<Integer> closed = new ArrayList<>(steps.size());
        int started = 0;
        for (int i = 0; i < steps.size(); i++) {
            int n = 0;
            if (steps.get(i) instanceof Close c) {
                n = close(c, touched, known);
            } else {
                for (Span span : resolved.get(i)) {
                    spans.add(span);
                    Session cur = current(span.sessionId(), touched, known);
                    if (cur == null) started++;
                    touched.put(span.sessionId(), cur == null ? accumulator.start(span) : accumulator.add(cur, span));
                }
            }
            closed.add(n);
        }
        return new Fold(spans, List.copyOf(touched.values()), closed, started);
    }

    private Session current(String sessionId, Map<String, Session> touched, Map<String, Session> known) {
        Session s = touched.get(sessionId);
        if (s != null) return s;
        s = sessionCache.get(sessionId);
        return s != null ? s : known.get(sessionId);
    }

    private int close(Close c, Map<String, Session> touched, Map<String, Session> known) {
        Map<String, Session> targets = new LinkedHashMap<>();
        if (c.instanceId() != null) {
            for (Session s : store.activeSessionsOfInstance(c.instanceId())) targets.put(s.sessionId(), s);
            // sessions of this terminal created in this very fold are not in storage yet
            for (Session s : touched.values()) {
                if (c.instanceId().equals(s.resource().instanceId())) targets.put(s.sessionId(), s);
            }
        }
        if (c.sessionId() != null) {
            Session s = current(c.sessionId(), touched, known);
            if (s != null) targets.put(s.sessionId(), s);
        }
        int n = 0;
        for (Session s : targets.values()) {
            // the stored row may be older than what this writer folded since
            Session cur = touched.containsKey(s.sessionId())
                    ? touched.get(s.sessionId())
                    : Optional.ofNullable(sessionCache.get(s.sessionId())).orElse(s);
            if (cur.status() != SessionStatus.ACTIVE) continue;
            touched.put(cur.sessionId(), cur.withStatus(SessionStatus.CLOSED, c.now()));
            n++;
        }
        return n;
    }

    /** Without a session id: the session of its conversation, else the conversation, else its trace. */
    private Span resolveSession(Span s) {
        if (s.sessionId() != null) return s;
        String id = null;
        if (s.conversationId() != null) {
            id = conversationCache.get(s.conversationId());
            if (id == null)
                id = store.sessionIdForConversation(s.conversationId()).orElse(s.conversationId());
            conversationCache.put(s.conversationId(), id);
        }
        // Without a session or conversation id, the trace is the natural unit of one agent run.
        if (id == null) id = s.traceId();
        return s.toBuilder().sessionId(id).build();
    }

    /** The fold's commit succeeded: its sessions are what storage now holds. */
    public void committed(Fold fold) {
        for (Session s : fold.sessions()) sessionCache.put(s.sessionId(), s);
    }

    /** The fold's commit failed: forget cached state that may include the lost batch. */
    public void forget() {
        sessionCache.clear();
        conversationCache.clear();
    }
}
