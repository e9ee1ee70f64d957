package dev.tj.core.storage;

import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The single writer of {@link InMemoryStorage}: a batch is checked whole before anything changes (all or nothing). */
final class InMemoryWriter implements IngestStore {
    private final InMemoryStorage store;

    InMemoryWriter(InMemoryStorage store) {
        this.store = store;
    }

    @Override
    public Map<String, Session> sessions(Collection<String> ids) {
        return store.byIds(ids);
    }

    @Override
    public Optional<String> sessionIdForConversation(String conversationId) {
        if (conversationId == null) return Optional.empty();
        return store
                .sessionsWhere(
                        s -> conversationId.equals(s.conversationId()),
                        Comparator.comparing(Session::startedAt)
                                .reversed()
                                .thenComparing(
                                        Comparator.comparing(Session::sessionId).reversed()))
                .stream()
                .findFirst()
                .map(Session::sessionId);
    }

    @Override
    public List<Session> activeSessionsOfInstance(String instanceId) {
        if (instanceId == null) return List.of();
        return store.sessionsWhere(
                s -> s.status() == SessionStatus.ACTIVE
                        && instanceId.equals(s.resource().instanceId()),
                Comparator.comparing(Session::startedAt).reversed().thenComparing(Session::sessionId));
    }

    @Override
    public void commit(WriteBatch b) {
        synchronized (store) {
            store.open();
            if (b.isEmpty()) return;
            check(b); // all or nothing: refuse before changing anything
            for (Span s : b.spans()) {
                store.spans.put(s.spanId(), s);
                store.spanAgents.merge(InMemoryStorage.agent(s), s.lastActivity(), InMemoryStorage::later);
            }
            for (MetricPoint p : b.points()) store.points.put(p.pointId(), p);
            for (Session s : b.sessions()) store.sessions.put(s.sessionId(), s);
            for (SourceFile f : b.sourceFiles()) store.files.put(f.path(), f);
            store.journal = Math.max(store.journal, b.journalSeq());
            store.commits++;
        }
    }

    private void check(WriteBatch b) {
        Set<String> ids = new HashSet<>();
        for (Span s : b.spans()) {
            if (!ids.add(s.spanId()) || store.spans.containsKey(s.spanId())) {
                throw new IllegalArgumentException("span " + s.spanId() + " twice");
            }
        }
        ids.clear();
        for (MetricPoint p : b.points()) {
            if (p.pointId() == null || !ids.add(p.pointId()) || store.points.containsKey(p.pointId())) {
                throw new IllegalArgumentException("metric point " + p.pointId() + " missing or twice");
            }
        }
        for (Session s : b.sessions()) {
            if (s.sessionId() == null || s.agentId() == null || s.startedAt() == null) {
                throw new IllegalArgumentException("session without id, agent or start: " + s.sessionId());
            }
        }
    }

    @Override
    public void setLabel(String sessionId, String label, Instant at) {
        synchronized (store) {
            store.open();
            store.labels.put(sessionId, label);
        }
    }

    @Override
    public void saveSnapshot(MethodSnapshot s) {
        synchronized (store) {
            store.open();
            store.snapshots.computeIfAbsent(s.sessionId(), k -> new HashMap<>()).put(s.kind(), s);
        }
    }

    @Override
    public void clearLabel(String sessionId) {
        synchronized (store) {
            store.open();
            store.labels.remove(sessionId);
        }
    }

    @Override
    public void checkpoint() {}
}
