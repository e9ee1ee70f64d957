package dev.tj.core.storage;

import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Session and span reads over {@link InMemoryStorage}'s tables. */
final class InMemorySessionReads implements SessionReads {
    private final InMemoryStorage store;

    InMemorySessionReads(InMemoryStorage store) {
        this.store = store;
    }

    @Override
    public Optional<Session> session(String id) {
        return Optional.ofNullable(
                store.byIds(id == null ? List.of() : List.of(id)).get(id));
    }

    @Override
    public Map<String, Session> sessionsById(Collection<String> ids) {
        return store.byIds(ids);
    }

    @Override
    public List<Session> sessions(SessionStatusFilter f) {
        return store.sessionsWhere(
                s -> (f.status() == null || f.status() == s.status())
                        && (f.agentId() == null || f.agentId().equals(s.agentId()))
                        && f.matchesOrigin(s.resource()),
                Comparator.comparing(Session::startedAt).reversed().thenComparing(Session::sessionId));
    }

    @Override
    public List<Span> spans(String sessionId, int newest) {
        synchronized (store) {
            store.open();
            List<Span> out = new ArrayList<>();
            for (Span s : store.spans.values()) if (Objects.equals(sessionId, s.sessionId())) out.add(s);
            out.sort(Comparator.comparing(Span::startTime).thenComparing(Span::spanId));
            return InMemoryStorage.last(out, newest);
        }
    }

    @Override
    public List<MetricPoint> metricPoints(String sessionId, int newest) {
        synchronized (store) {
            store.open();
            List<MetricPoint> out = new ArrayList<>();
            for (MetricPoint p : store.points.values()) if (Objects.equals(sessionId, p.sessionId())) out.add(p);
            out.sort(Comparator.comparing(MetricPoint::time).thenComparing(MetricPoint::pointId));
            return InMemoryStorage.last(out, newest);
        }
    }

    @Override
    public long spanCount() {
        synchronized (store) {
            store.open();
            return store.spans.size();
        }
    }

    @Override
    public Map<String, String> labels() {
        synchronized (store) {
            store.open();
            return new LinkedHashMap<>(store.labels);
        }
    }

    @Override
    public Map<String, SourceFile> sourceFiles() {
        synchronized (store) {
            store.open();
            return new LinkedHashMap<>(store.files);
        }
    }
}
