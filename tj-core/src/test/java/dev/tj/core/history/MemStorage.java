package dev.tj.core.history;

import dev.tj.core.cost.CostAggregator;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.AlertRef;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostRow;
import dev.tj.core.storage.MinuteBucket;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.SourceFile;
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

/** A test-only in-memory Storage with the parts history uses (spans, sessions, read positions, cost). */
final class MemStorage implements Storage {
    final Map<String, Span> spans = new LinkedHashMap<>();
    final Map<String, Session> sessions = new LinkedHashMap<>();
    final Map<String, SourceFile> files = new TreeMap<>();
    int commits;

    @Override public synchronized Set<String> existingSpanIds(Collection<String> ids) {
        Set<String> out = new HashSet<>();
        for (String id : ids) if (spans.containsKey(id)) out.add(id);
        return out;
    }
    @Override public Set<String> existingPointIds(Collection<String> pointIds) { return Set.of(); }
    @Override public synchronized Map<String, Session> sessions(Collection<String> ids) {
        Map<String, Session> out = new HashMap<>();
        for (String id : ids) if (sessions.containsKey(id)) out.put(id, sessions.get(id));
        return out;
    }
    @Override public Optional<String> sessionIdForConversation(String c) { return Optional.empty(); }
    @Override public List<Session> activeSessionsOfInstance(String instanceId) { return List.of(); }
    long journal;
    @Override public synchronized long journalPosition() { return journal; }
    @Override public synchronized void commit(WriteBatch b) {
        journal = Math.max(journal, b.journalSeq());
        for (Span s : b.spans()) if (spans.putIfAbsent(s.spanId(), s) != null) throw new IllegalStateException("dup " + s.spanId());
        for (Session s : b.sessions()) sessions.put(s.sessionId(), s);
        for (SourceFile f : b.sourceFiles()) files.put(f.path(), f);
        commits++;
    }
    @Override public synchronized Optional<Session> session(String id) { return Optional.ofNullable(sessions.get(id)); }
    @Override public synchronized List<Session> sessions(SessionStatusFilter f) { return new ArrayList<>(sessions.values()); }
    @Override public List<Session> liveSessions(Instant cutoff, String agent) { return List.of(); }
    @Override public List<Session> archivedSessions(Instant cutoff, String agent, int limit) { return List.of(); }
    @Override public List<String> agentIds() { return List.of(); }
    @Override public Map<String, Double> spanCostByAgentSince(Instant since) { return Map.of(); }
    @Override public List<MinuteBucket> minuteBuckets(Collection<String> agentIds, Instant since) { return List.of(); }
    @Override public Map<String, Instant> lastSeen(Collection<String> agentIds) { return Map.of(); }
    @Override public synchronized Map<PlanTier, Long> planTierMix(String agent) {
        Map<PlanTier, Long> m = new HashMap<>();
        for (Session s : sessions.values()) m.merge(s.planTier(), 1L, Long::sum);
        return m;
    }
    @Override public synchronized List<Span> spans(String sessionId) {
        List<Span> out = new ArrayList<>();
        for (Span s : spans.values()) if (sessionId.equals(s.sessionId())) out.add(s);
        out.sort(java.util.Comparator.comparing(Span::startTime));
        return out;
    }
    @Override public List<MetricPoint> metricPoints(String sessionId) { return List.of(); }
    @Override public synchronized long spanCount() { return spans.size(); }
    @Override public synchronized List<CostRow> cost(CostQuery q) {
        CostAggregator a = new CostAggregator(q.groupBy(), q.zone());
        for (Span s : spans.values()) if (CostAggregator.matches(s, q)) a.add(s);
        return a.rows();
    }
    @Override public synchronized Map<String, SourceFile> sourceFiles() { return new TreeMap<>(files); }
    @Override public Map<String, String> labels() { return Map.of(); }
    @Override public void setLabel(String sessionId, String label, Instant at) {}
    @Override public void clearLabel(String sessionId) {}
    @Override public List<AlertRef> activeAlerts(String agent, int limit) { return List.of(); }
    @Override public void checkpoint() {}
    @Override public void close() {}
}
