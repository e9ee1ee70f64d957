package dev.tj.core.storage;

import dev.tj.core.cost.CostAggregator;
import dev.tj.core.quota.QuotaSnapshot;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A second, plain implementation of every storage contract, in memory: for tests of core logic
 * (the writer, the fold, backfill) without a database, and as a reference that keeps the contracts
 * honest. Not durable (no journal directory). One lock for everything; fine for tests, not for load.
 * The larger contracts are classes of their own in this package ({@link InMemoryWriter},
 * {@link InMemorySessionReads}, {@link InMemoryStatus}, {@link InMemoryTokens}, {@link InMemoryQuota}),
 * on this object's tables and its one lock.
 *
 * <p>It passes the component, session, status, atomicity and concurrency suites. Known gaps against
 * the others: cost reports group PROJECT and TOOL by the span alone (the contract takes PROJECT from
 * the span's stored session and TOOL over tool spans whatever their model), and the span index
 * answers by id only.
 */
public final class InMemoryStorage implements Storage {
    private static final String UNKNOWN = "unknown";
    static final Comparator<Session> BY_ACTIVITY =
            Comparator.comparing(Session::lastActivity).reversed().thenComparing(Session::sessionId);

    final Map<String, Span> spans = new LinkedHashMap<>();
    final Map<String, MetricPoint> points = new LinkedHashMap<>();
    final Map<String, Session> sessions = new HashMap<>();
    final Map<String, SourceFile> files = new TreeMap<>();
    final Map<String, String> labels = new TreeMap<>();
    /** session id → kind → snapshot */
    final Map<String, Map<String, MethodSnapshot>> snapshots = new HashMap<>();
    /** agent id → latest activity of its spans (sessions are read directly). */
    final Map<String, Instant> spanAgents = new HashMap<>();

    /** id → token, in creation order */
    final Map<String, IngestToken> tokens = new LinkedHashMap<>();

    /** Quota snapshots, oldest first. */
    final List<QuotaSnapshot> quotaSnapshots = new ArrayList<>();

    long journal;
    private boolean writerTaken, closed;
    int commits;

    private final IngestStore writer = new InMemoryWriter(this);
    private final StatusQueries status = new InMemoryStatus(this);
    private final SessionReads reads = new InMemorySessionReads(this);
    private final IngestTokens tokenStore = new InMemoryTokens(this);
    private final QuotaSnapshots quotaStore = new InMemoryQuota(this);

    synchronized void open() {
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

    synchronized List<Session> sessionsWhere(Predicate<Session> p, Comparator<Session> order) {
        open();
        List<Session> out = new ArrayList<>();
        for (Session s : sessions.values()) if (p.test(s)) out.add(s);
        out.sort(order);
        return out;
    }

    synchronized Map<String, Session> byIds(Collection<String> ids) {
        open();
        Map<String, Session> out = new HashMap<>();
        for (String id : ids) if (id != null && sessions.containsKey(id)) out.put(id, sessions.get(id));
        return out;
    }

    static String agent(Span s) {
        return s.agentId() == null ? UNKNOWN : s.agentId();
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static <T> List<T> last(List<T> sorted, int n) {
        return sorted.size() <= n
                ? sorted
                : new ArrayList<>(sorted.subList(sorted.size() - Math.max(0, n), sorted.size()));
    }
}
