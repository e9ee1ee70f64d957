package dev.tj.core.history;

import dev.tj.core.cost.CostAggregator;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostReads;
import dev.tj.core.storage.CostRow;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.MinuteBucket;
import dev.tj.core.storage.SessionReads;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.SpanIndex;
import dev.tj.core.storage.StatusQueries;
import dev.tj.core.storage.Storage;
import dev.tj.core.storage.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A test-only in-memory Storage with the parts history uses (spans, sessions, read positions, cost),
 * whose maps the tests read directly. Its write side may be taken more than once (the tests seed it
 * while a sink holds it). {@link dev.tj.core.storage.InMemoryStorage} is the complete one.
 */
final class MemStorage implements Storage {
    private final MemStorage m = this;

    @Override
    public SpanIndex index() {
        return new SpanIndex() {
            @Override
            public Set<String> existingSpanIds(Collection<String> ids) {
                return m.existingSpanIds(ids);
            }

            @Override
            public Set<String> existingPointIds(Collection<String> ids) {
                return m.existingPointIds(ids);
            }
        };
    }

    @Override
    public SessionReads sessions() {
        return new SessionReads() {
            @Override
            public Optional<Session> session(String id) {
                return m.session(id);
            }

            @Override
            public Map<String, Session> sessionsById(Collection<String> ids) {
                return m.sessions(ids);
            }

            @Override
            public List<Session> sessions(SessionStatusFilter f) {
                return m.sessions(f);
            }

            @Override
            public List<Span> spans(String id, int newest) {
                List<Span> all = m.spans(id);
                return all.subList(Math.max(0, all.size() - newest), all.size());
            }

            @Override
            public List<MetricPoint> metricPoints(String id, int newest) {
                return List.of();
            }

            @Override
            public long spanCount() {
                return m.spanCount();
            }

            @Override
            public Map<String, String> labels() {
                return Map.of();
            }

            @Override
            public Map<String, SourceFile> sourceFiles() {
                return m.sourceFiles();
            }
        };
    }

    @Override
    public dev.tj.core.storage.SessionRollupReads rollups() {
        throw new UnsupportedOperationException("history tests read no rollups");
    }

    @Override
    public dev.tj.core.storage.SnapshotReads snapshots() {
        throw new UnsupportedOperationException("history tests read no snapshots");
    }

    @Override
    public dev.tj.core.storage.IngestTokens tokens() {
        throw new UnsupportedOperationException("history tests use no ingest tokens");
    }

    @Override
    public dev.tj.core.storage.RunReads runs() {
        throw new UnsupportedOperationException("history tests read no runs");
    }

    @Override
    public StatusQueries status() {
        return new StatusQueries() {
            @Override
            public List<Session> liveSessions(Instant cutoff, String agent) {
                return List.of();
            }

            @Override
            public List<Session> archivedSessions(Instant cutoff, String agent, int limit) {
                return List.of();
            }

            @Override
            public List<String> agentIds() {
                return List.of();
            }

            @Override
            public Map<String, Double> spanCostByAgentSince(Instant since) {
                return Map.of();
            }

            @Override
            public List<MinuteBucket> minuteBuckets(Collection<String> agentIds, Instant since) {
                return List.of();
            }

            @Override
            public Map<String, Instant> lastSeen(Collection<String> agentIds) {
                return Map.of();
            }

            @Override
            public Map<PlanTier, Long> planTierMix(String agent) {
                return m.planTierMix(agent);
            }
        };
    }

    @Override
    public CostReads costs() {
        return this::cost;
    }

    @Override
    public IngestStore ingestStore() {
        return new IngestStore() {
            @Override
            public Map<String, Session> sessions(Collection<String> ids) {
                return m.sessions(ids);
            }

            @Override
            public Optional<String> sessionIdForConversation(String c) {
                return Optional.empty();
            }

            @Override
            public List<Session> activeSessionsOfInstance(String instanceId) {
                return List.of();
            }

            @Override
            public void commit(WriteBatch b) {
                m.commit(b);
            }

            @Override
            public void setLabel(String sessionId, String label, Instant at) {}

            @Override
            public void clearLabel(String sessionId) {}

            @Override
            public void saveSnapshot(dev.tj.core.storage.MethodSnapshot snapshot) {}

            @Override
            public void checkpoint() {}
        };
    }

    final Map<String, Span> spans = new LinkedHashMap<>();
    final Map<String, Session> sessions = new LinkedHashMap<>();
    final Map<String, SourceFile> files = new TreeMap<>();
    int commits;

    public synchronized Set<String> existingSpanIds(Collection<String> ids) {
        Set<String> out = new HashSet<>();
        for (String id : ids) if (spans.containsKey(id)) out.add(id);
        return out;
    }

    public Set<String> existingPointIds(Collection<String> pointIds) {
        return Set.of();
    }

    public synchronized Map<String, Session> sessions(Collection<String> ids) {
        Map<String, Session> out = new HashMap<>();
        for (String id : ids) if (sessions.containsKey(id)) out.put(id, sessions.get(id));
        return out;
    }

    public Optional<String> sessionIdForConversation(String c) {
        return Optional.empty();
    }

    public List<Session> activeSessionsOfInstance(String instanceId) {
        return List.of();
    }

    long journal;

    @Override
    public synchronized long journalPosition() {
        return journal;
    }

    public synchronized void commit(WriteBatch b) {
        journal = Math.max(journal, b.journalSeq());
        for (Span s : b.spans())
            if (spans.putIfAbsent(s.spanId(), s) != null) throw new IllegalStateException("dup " + s.spanId());
        for (Session s : b.sessions()) sessions.put(s.sessionId(), s);
        for (SourceFile f : b.sourceFiles()) files.put(f.path(), f);
        commits++;
    }

    public synchronized Optional<Session> session(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    public synchronized List<Session> sessions(SessionStatusFilter f) {
        return new ArrayList<>(sessions.values());
    }

    public List<Session> liveSessions(Instant cutoff, String agent) {
        return List.of();
    }

    public List<Session> archivedSessions(Instant cutoff, String agent, int limit) {
        return List.of();
    }

    public List<String> agentIds() {
        return List.of();
    }

    public Map<String, Double> spanCostByAgentSince(Instant since) {
        return Map.of();
    }

    public List<MinuteBucket> minuteBuckets(Collection<String> agentIds, Instant since) {
        return List.of();
    }

    public Map<String, Instant> lastSeen(Collection<String> agentIds) {
        return Map.of();
    }

    public synchronized Map<PlanTier, Long> planTierMix(String agent) {
        Map<PlanTier, Long> m = new HashMap<>();
        for (Session s : sessions.values()) m.merge(s.planTier(), 1L, Long::sum);
        return m;
    }

    public synchronized List<Span> spans(String sessionId) {
        List<Span> out = new ArrayList<>();
        for (Span s : spans.values()) if (sessionId.equals(s.sessionId())) out.add(s);
        out.sort(java.util.Comparator.comparing(Span::startTime));
        return out;
    }

    public List<MetricPoint> metricPoints(String sessionId) {
        return List.of();
    }

    public synchronized long spanCount() {
        return spans.size();
    }

    public synchronized List<CostRow> cost(CostQuery q) {
        CostAggregator a = new CostAggregator(q.groupBy(), q.zone());
        for (Span s : spans.values()) if (CostAggregator.matches(s, q)) a.add(s);
        return a.rows();
    }

    public synchronized Map<String, SourceFile> sourceFiles() {
        return new TreeMap<>(files);
    }

    public Map<String, String> labels() {
        return Map.of();
    }

    public void setLabel(String sessionId, String label, Instant at) {}

    public void clearLabel(String sessionId) {}

    public void checkpoint() {}

    @Override
    public void close() {}
}
