package dev.tj.core.storage;

import dev.tj.core.cost.CostAggregator;
import dev.tj.core.quota.QuotaSnapshot;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A second, plain implementation of every storage contract, in memory: for tests of core logic
 * (the writer, the fold, backfill) without a database, and as a reference that keeps the contracts
 * honest. Not durable (no journal directory). One lock for everything; fine for tests, not for load.
 *
 * <p>It passes the component, session, status, atomicity and concurrency suites. Known gaps against
 * the others: cost reports group PROJECT and TOOL by the span alone (the contract takes PROJECT from
 * the span's stored session and TOOL over tool spans whatever their model), and the span index
 * answers by id only.
 */
public final class InMemoryStorage implements Storage {
    private static final String UNKNOWN = "unknown";
    private static final Comparator<Session> BY_ACTIVITY =
            Comparator.comparing(Session::lastActivity).reversed().thenComparing(Session::sessionId);

    private final Map<String, Span> spans = new LinkedHashMap<>();
    private final Map<String, MetricPoint> points = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, SourceFile> files = new TreeMap<>();
    private final Map<String, String> labels = new TreeMap<>();
    /** session id → kind → snapshot */
    private final Map<String, Map<String, MethodSnapshot>> snapshots = new HashMap<>();
    /** agent id → latest activity of its spans (sessions are read directly). */
    private final Map<String, Instant> spanAgents = new HashMap<>();

    /** id → token, in creation order */
    private final Map<String, IngestToken> tokens = new LinkedHashMap<>();

    /** Quota snapshots, oldest first. */
    private final List<QuotaSnapshot> quotaSnapshots = new ArrayList<>();

    private long journal;
    private boolean writerTaken, closed;
    private int commits;

    private final Writer writer = new Writer();

    private synchronized void open() {
        if (closed) throw new StorageClosedException("in-memory");
    }

    /** Commits so far (for tests that count transactions). */
    public synchronized int commits() {
        return commits;
    }

    @Override
    public SpanIndex index() {
        return index;
    }

    @Override
    public SessionReads sessions() {
        return reads;
    }

    @Override
    public StatusQueries status() {
        return status;
    }

    @Override
    public CostReads costs() {
        return q -> {
            synchronized (this) {
                open();
                CostAggregator a = new CostAggregator(q.groupBy(), q.zone());
                for (Span s : spans.values()) if (CostAggregator.matches(s, q)) a.add(s);
                return a.rows();
            }
        };
    }

    @Override
    public CallReads calls() {
        return calls;
    }

    private static boolean inWindow(Span s, java.time.Instant since, java.time.Instant until, String agentId) {
        if (since != null && s.startTime().isBefore(since)) return false;
        if (until != null && !s.startTime().isBefore(until)) return false;
        return agentId == null || agentId.equals(s.agentId());
    }

    private final CallReads calls = new CallReads() {
        @Override
        public List<dev.tj.core.diagnostic.LlmCall> llmCalls(
                java.time.Instant since, java.time.Instant until, String agentId) {
            synchronized (InMemoryStorage.this) {
                open();
                List<Span> picked = new ArrayList<>();
                for (Span s : spans.values())
                    if (s.isLlmCall() && s.model() != null && inWindow(s, since, until, agentId)) picked.add(s);
                picked.sort(Comparator.comparing(Span::startTime).thenComparing(Span::spanId));
                List<dev.tj.core.diagnostic.LlmCall> out = new ArrayList<>(picked.size());
                for (Span s : picked)
                    out.add(new dev.tj.core.diagnostic.LlmCall(
                            s.sessionId(),
                            s.subAgentId(),
                            s.agentId(),
                            s.provider(),
                            s.model(),
                            s.startTime(),
                            s.usage(),
                            s.costUsd() == null ? 0.0 : s.costUsd()));
                return out;
            }
        }

        @Override
        public Map<String, Long> toolCallsBySession(java.time.Instant since, java.time.Instant until, String agentId) {
            synchronized (InMemoryStorage.this) {
                open();
                Map<String, Long> out = new java.util.TreeMap<>();
                for (Span s : spans.values())
                    if (s.isToolCall() && s.sessionId() != null && inWindow(s, since, until, agentId))
                        out.merge(s.sessionId(), 1L, Long::sum);
                return out;
            }
        }
    };

    @Override
    public SessionRollupReads rollups() {
        return rollups;
    }

    @Override
    public RunReads runs() {
        return runs;
    }

    @Override
    public QuotaSnapshots quota() {
        return quotaStore;
    }

    @Override
    public FinishedCalls finishedCalls() {
        return (from, to) -> {
            synchronized (this) {
                open();
                List<FinishedCall> out = new ArrayList<>();
                for (Span s : spans.values()) {
                    if (!s.isLlmCall()) continue;
                    Instant at = s.endTime() != null ? s.endTime() : s.startTime();
                    if (at.isBefore(from) || !at.isBefore(to)) continue;
                    out.add(FinishedCall.of(s, at, sessions.get(s.sessionId())));
                }
                out.sort(FinishedCall.ORDER);
                return out;
            }
        };
    }

    private final QuotaSnapshots quotaStore = new QuotaSnapshots() {
        @Override
        public boolean add(QuotaSnapshot q) {
            synchronized (InMemoryStorage.this) {
                open();
                if (!q.hasQuota()) return false;
                for (QuotaSnapshot o : quotaSnapshots)
                    if (Objects.equals(o.user(), q.user()) && o.at().isAfter(q.at())) return false;
                quotaSnapshots.add(q);
                quotaSnapshots.sort(Comparator.comparing(QuotaSnapshot::at));
                return true;
            }
        }

        @Override
        public List<QuotaSnapshot> between(Instant from, Instant to, String user) {
            synchronized (InMemoryStorage.this) {
                open();
                return quotaSnapshots.stream()
                        .filter(q -> !q.at().isBefore(from) && q.at().isBefore(to))
                        .filter(q -> user == null || user.equals(q.user()))
                        .toList();
            }
        }

        @Override
        public List<QuotaSnapshot> changes(String window, Instant from, Instant to, String user) {
            return QuotaRow.changes(between(from, to, user), window);
        }

        @Override
        public Optional<QuotaSnapshot> latest(String user) {
            synchronized (InMemoryStorage.this) {
                open();
                for (int i = quotaSnapshots.size() - 1; i >= 0; i--) {
                    QuotaSnapshot q = quotaSnapshots.get(i);
                    if (user == null || user.equals(q.user())) return Optional.of(q);
                }
                return Optional.empty();
            }
        }
    };

    static SpanFacts facts(Span s) {
        return new SpanFacts(
                s.spanId(),
                s.traceId(),
                s.parentSpanId(),
                s.name(),
                s.startTime(),
                s.durationMs(),
                s.status() == SpanStatus.ERROR,
                s.model(),
                s.toolName(),
                s.subAgentId(),
                s.usage(),
                s.costUsd());
    }

    private final SessionRollupReads rollups = new SessionRollupReads() {
        @Override
        public List<SpanFacts> spanFacts(String sessionId) {
            return reads.spans(sessionId).stream().map(InMemoryStorage::facts).toList();
        }

        @Override
        public List<Session> children(String sessionId) {
            if (sessionId == null) return List.of();
            return sessionsWhere(
                    s -> sessionId.equals(s.resource().parentSessionId()) && !sessionId.equals(s.sessionId()),
                    BY_ACTIVITY);
        }
    };

    private final RunReads runs = new RunReads() {
        @Override
        public List<RunTotals> runs(int limit) {
            Map<String, List<Session>> byRun = new HashMap<>();
            for (Session s : sessionsWhere(s -> s.resource().runId() != null, BY_ACTIVITY)) {
                byRun.computeIfAbsent(s.resource().runId(), k -> new ArrayList<>())
                        .add(s);
            }
            List<RunTotals> out = new ArrayList<>();
            for (var e : byRun.entrySet()) {
                double cost = 0;
                long in = 0, outTokens = 0;
                Instant start = null, last = null;
                Set<PlanTier> tiers = EnumSet.noneOf(PlanTier.class);
                for (Session s : e.getValue()) {
                    cost += s.costUsd();
                    in += s.usage().input();
                    outTokens += s.usage().output();
                    if (start == null || s.startedAt().isBefore(start)) start = s.startedAt();
                    if (last == null || s.lastActivity().isAfter(last)) last = s.lastActivity();
                    tiers.add(s.planTier());
                }
                out.add(new RunTotals(e.getKey(), e.getValue().size(), cost, in, outTokens, start, last, tiers));
            }
            out.sort(Comparator.comparing(RunTotals::lastActivity).reversed().thenComparing(RunTotals::runId));
            return out.size() > limit ? List.copyOf(out.subList(0, Math.max(0, limit))) : out;
        }

        @Override
        public List<Session> members(String runId) {
            if (runId == null) return List.of();
            return sessionsWhere(s -> runId.equals(s.resource().runId()), BY_ACTIVITY);
        }
    };

    @Override
    public SnapshotReads snapshots() {
        return snapshotReads;
    }

    @Override
    public IngestTokens tokens() {
        return tokenStore;
    }

    private final IngestTokens tokenStore = new IngestTokens() {
        @Override
        public void add(IngestToken token) {
            synchronized (InMemoryStorage.this) {
                open();
                boolean taken = tokens.containsKey(token.id())
                        || tokens.values().stream().anyMatch(t -> t.hash().equals(token.hash()));
                if (taken) throw new IllegalArgumentException("token id or hash exists already: " + token.id());
                tokens.put(token.id(), token);
            }
        }

        @Override
        public Optional<IngestToken> byHash(String hash) {
            synchronized (InMemoryStorage.this) {
                open();
                return tokens.values().stream()
                        .filter(t -> t.hash().equals(hash))
                        .findFirst();
            }
        }

        @Override
        public List<IngestToken> list() {
            synchronized (InMemoryStorage.this) {
                open();
                return tokens.values().stream()
                        .sorted(Comparator.comparing(IngestToken::createdAt).thenComparing(IngestToken::id))
                        .toList();
            }
        }

        @Override
        public List<IngestToken> revoke(String idOrMachine, Instant at) {
            synchronized (InMemoryStorage.this) {
                open();
                List<IngestToken> out = new ArrayList<>();
                for (IngestToken t : List.copyOf(tokens.values())) {
                    boolean match = t.id().equals(idOrMachine) || t.machine().equals(idOrMachine);
                    if (!match || t.revoked()) continue;
                    IngestToken r = new IngestToken(
                            t.id(), t.machine(), t.prefix(), t.hash(), t.createdAt(), t.lastUsedAt(), at);
                    tokens.put(t.id(), r);
                    out.add(r);
                }
                out.sort(Comparator.comparing(IngestToken::createdAt).thenComparing(IngestToken::id));
                return out;
            }
        }

        @Override
        public void markUsed(String id, Instant at) {
            synchronized (InMemoryStorage.this) {
                open();
                IngestToken t = tokens.get(id);
                if (t == null || (t.lastUsedAt() != null && !at.isAfter(t.lastUsedAt()))) return;
                tokens.put(
                        id,
                        new IngestToken(t.id(), t.machine(), t.prefix(), t.hash(), t.createdAt(), at, t.revokedAt()));
            }
        }
    };

    private final SnapshotReads snapshotReads = new SnapshotReads() {
        @Override
        public Optional<MethodSnapshot> snapshot(String sessionId, String kind) {
            synchronized (InMemoryStorage.this) {
                open();
                return Optional.ofNullable(
                        snapshots.getOrDefault(sessionId, Map.of()).get(kind));
            }
        }

        @Override
        public List<MethodSnapshot> snapshots(String sessionId) {
            synchronized (InMemoryStorage.this) {
                open();
                return List.copyOf(new TreeMap<>(snapshots.getOrDefault(sessionId, Map.of())).values());
            }
        }

        @Override
        public Map<String, Instant> savedAt(Collection<String> sessionIds) {
            synchronized (InMemoryStorage.this) {
                open();
                Map<String, Instant> out = new HashMap<>();
                for (String id : sessionIds) {
                    for (MethodSnapshot s : snapshots.getOrDefault(id, Map.of()).values()) {
                        out.merge(id, s.createdAt(), InMemoryStorage::later);
                    }
                }
                return out;
            }
        }
    };

    @Override
    public synchronized IngestStore ingestStore() {
        open();
        if (writerTaken) throw new IllegalStateException("the store's writer is taken already");
        writerTaken = true;
        return writer;
    }

    @Override
    public synchronized long journalPosition() {
        open();
        return journal;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private final SpanIndex index = new SpanIndex() {
        @Override
        public Set<String> existingSpanIds(Collection<String> ids) {
            return existing(ids, spans.keySet());
        }

        @Override
        public Set<String> existingPointIds(Collection<String> ids) {
            return existing(ids, points.keySet());
        }
    };

    private synchronized Set<String> existing(Collection<String> ids, Set<String> stored) {
        open();
        Set<String> out = new HashSet<>();
        for (String id : ids) if (id != null && stored.contains(id)) out.add(id);
        return out;
    }

    private synchronized List<Session> sessionsWhere(Predicate<Session> p, Comparator<Session> order) {
        open();
        List<Session> out = new ArrayList<>();
        for (Session s : sessions.values()) if (p.test(s)) out.add(s);
        out.sort(order);
        return out;
    }

    private synchronized Map<String, Session> byIds(Collection<String> ids) {
        open();
        Map<String, Session> out = new HashMap<>();
        for (String id : ids) if (id != null && sessions.containsKey(id)) out.put(id, sessions.get(id));
        return out;
    }

    private final SessionReads reads = new SessionReads() {
        @Override
        public Optional<Session> session(String id) {
            return Optional.ofNullable(
                    byIds(id == null ? List.of() : List.of(id)).get(id));
        }

        @Override
        public Map<String, Session> sessionsById(Collection<String> ids) {
            return byIds(ids);
        }

        @Override
        public List<Session> sessions(SessionStatusFilter f) {
            return sessionsWhere(
                    s -> (f.status() == null || f.status() == s.status())
                            && (f.agentId() == null || f.agentId().equals(s.agentId()))
                            && f.matchesOrigin(s.resource()),
                    Comparator.comparing(Session::startedAt).reversed().thenComparing(Session::sessionId));
        }

        @Override
        public List<Span> spans(String sessionId, int newest) {
            synchronized (InMemoryStorage.this) {
                open();
                List<Span> out = new ArrayList<>();
                for (Span s : spans.values()) if (Objects.equals(sessionId, s.sessionId())) out.add(s);
                out.sort(Comparator.comparing(Span::startTime).thenComparing(Span::spanId));
                return last(out, newest);
            }
        }

        @Override
        public List<MetricPoint> metricPoints(String sessionId, int newest) {
            synchronized (InMemoryStorage.this) {
                open();
                List<MetricPoint> out = new ArrayList<>();
                for (MetricPoint p : points.values()) if (Objects.equals(sessionId, p.sessionId())) out.add(p);
                out.sort(Comparator.comparing(MetricPoint::time).thenComparing(MetricPoint::pointId));
                return last(out, newest);
            }
        }

        @Override
        public long spanCount() {
            synchronized (InMemoryStorage.this) {
                open();
                return spans.size();
            }
        }

        @Override
        public Map<String, String> labels() {
            synchronized (InMemoryStorage.this) {
                open();
                return new LinkedHashMap<>(labels);
            }
        }

        @Override
        public Map<String, SourceFile> sourceFiles() {
            synchronized (InMemoryStorage.this) {
                open();
                return new LinkedHashMap<>(files);
            }
        }
    };

    private final StatusQueries status = new StatusQueries() {
        @Override
        public List<Session> liveSessions(Instant cutoff, String agent) {
            return sessionsWhere(
                    s -> s.status() == SessionStatus.ACTIVE
                            && s.lastActivity().isAfter(cutoff)
                            && (agent == null || agent.equals(s.agentId())),
                    BY_ACTIVITY);
        }

        @Override
        public List<Session> archivedSessions(Instant cutoff, String agent, int limit) {
            if (limit <= 0) return List.of();
            List<Session> all = sessionsWhere(
                    s -> (s.status() == SessionStatus.CLOSED
                                    || (s.status() == SessionStatus.ACTIVE
                                            && !s.lastActivity().isAfter(cutoff)))
                            && (agent == null || agent.equals(s.agentId())),
                    BY_ACTIVITY);
            return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
        }

        @Override
        public List<String> agentIds() {
            synchronized (InMemoryStorage.this) {
                open();
                Set<String> out = new TreeSet<>(spanAgents.keySet());
                for (Session s : sessions.values()) out.add(s.agentId());
                return List.copyOf(out);
            }
        }

        @Override
        public Map<String, Double> spanCostByAgentSince(Instant since) {
            synchronized (InMemoryStorage.this) {
                open();
                Map<String, Double> out = new TreeMap<>();
                for (Span s : spans.values()) {
                    if (s.startTime().isBefore(since)) continue;
                    out.merge(agent(s), s.costUsd() == null ? 0.0 : s.costUsd(), Double::sum);
                }
                return out;
            }
        }

        @Override
        public List<MinuteBucket> minuteBuckets(Collection<String> agentIds, Instant since) {
            synchronized (InMemoryStorage.this) {
                open();
                Map<String, Map<Instant, double[]>> acc = new TreeMap<>();
                for (Span s : spans.values()) {
                    if (s.startTime().isBefore(since) || !agentIds.contains(agent(s))) continue;
                    double[] b = acc.computeIfAbsent(agent(s), k -> new TreeMap<>())
                            .computeIfAbsent(s.startTime().truncatedTo(ChronoUnit.MINUTES), k -> new double[3]);
                    b[0] += s.costUsd() == null ? 0.0 : s.costUsd();
                    b[1]++;
                    if (s.status() == SpanStatus.ERROR) b[2]++;
                }
                List<MinuteBucket> out = new ArrayList<>();
                acc.forEach((a, m) ->
                        m.forEach((t, b) -> out.add(new MinuteBucket(a, t, b[0], (long) b[1], (long) b[2]))));
                return out;
            }
        }

        @Override
        public Map<String, Instant> lastSeen(Collection<String> agentIds) {
            synchronized (InMemoryStorage.this) {
                open();
                Map<String, Instant> out = new TreeMap<>();
                for (String a : agentIds) if (spanAgents.containsKey(a)) out.put(a, spanAgents.get(a));
                for (Session s : sessions.values()) {
                    if (agentIds.contains(s.agentId()))
                        out.merge(s.agentId(), s.lastActivity(), InMemoryStorage::later);
                }
                return out;
            }
        }

        @Override
        public Map<PlanTier, Long> planTierMix(String agent) {
            synchronized (InMemoryStorage.this) {
                open();
                Map<PlanTier, Long> out = new EnumMap<>(PlanTier.class);
                for (Session s : sessions.values()) {
                    if (agent == null || agent.equals(s.agentId())) out.merge(s.planTier(), 1L, Long::sum);
                }
                return out;
            }
        }
    };

    private static String agent(Span s) {
        return s.agentId() == null ? UNKNOWN : s.agentId();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private final class Writer implements IngestStore {
        @Override
        public Map<String, Session> sessions(Collection<String> ids) {
            return byIds(ids);
        }

        @Override
        public Optional<String> sessionIdForConversation(String conversationId) {
            if (conversationId == null) return Optional.empty();
            return sessionsWhere(
                            s -> conversationId.equals(s.conversationId()),
                            Comparator.comparing(Session::startedAt)
                                    .reversed()
                                    .thenComparing(Comparator.comparing(Session::sessionId)
                                            .reversed()))
                    .stream()
                    .findFirst()
                    .map(Session::sessionId);
        }

        @Override
        public List<Session> activeSessionsOfInstance(String instanceId) {
            if (instanceId == null) return List.of();
            return sessionsWhere(
                    s -> s.status() == SessionStatus.ACTIVE
                            && instanceId.equals(s.resource().instanceId()),
                    Comparator.comparing(Session::startedAt).reversed().thenComparing(Session::sessionId));
        }

        @Override
        public void commit(WriteBatch b) {
            synchronized (InMemoryStorage.this) {
                open();
                if (b.isEmpty()) return;
                check(b); // all or nothing: refuse before changing anything
                for (Span s : b.spans()) {
                    spans.put(s.spanId(), s);
                    spanAgents.merge(agent(s), s.lastActivity(), InMemoryStorage::later);
                }
                for (MetricPoint p : b.points()) points.put(p.pointId(), p);
                for (Session s : b.sessions()) sessions.put(s.sessionId(), s);
                for (SourceFile f : b.sourceFiles()) files.put(f.path(), f);
                journal = Math.max(journal, b.journalSeq());
                commits++;
            }
        }

        private void check(WriteBatch b) {
            Set<String> ids = new HashSet<>();
            for (Span s : b.spans()) {
                if (!ids.add(s.spanId()) || spans.containsKey(s.spanId())) {
                    throw new IllegalArgumentException("span " + s.spanId() + " twice");
                }
            }
            ids.clear();
            for (MetricPoint p : b.points()) {
                if (p.pointId() == null || !ids.add(p.pointId()) || points.containsKey(p.pointId())) {
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
            synchronized (InMemoryStorage.this) {
                open();
                labels.put(sessionId, label);
            }
        }

        @Override
        public void saveSnapshot(MethodSnapshot s) {
            synchronized (InMemoryStorage.this) {
                open();
                snapshots.computeIfAbsent(s.sessionId(), k -> new HashMap<>()).put(s.kind(), s);
            }
        }

        @Override
        public void clearLabel(String sessionId) {
            synchronized (InMemoryStorage.this) {
                open();
                labels.remove(sessionId);
            }
        }

        @Override
        public void checkpoint() {}
    }

    private static <T> List<T> last(List<T> sorted, int n) {
        return sorted.size() <= n
                ? sorted
                : new ArrayList<>(sorted.subList(sorted.size() - Math.max(0, n), sorted.size()));
    }
}
