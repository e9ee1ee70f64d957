package dev.tj.core.status;

import dev.tj.core.agent.CodingAgents;
import dev.tj.core.attention.Attention;
import dev.tj.core.attention.AttentionBoard;
import dev.tj.core.config.TjConfig;
import dev.tj.core.drilldown.TranscriptSearch;
import dev.tj.core.framing.FramingCalculator;
import dev.tj.core.session.Lifecycle;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.session.Tier;
import dev.tj.core.storage.MinuteBucket;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds /api/v1/status: a tile per live session (at most 6 per agent), the archive of closed and
 * stale sessions, and the SDK services panel.
 */
public final class StatusService {
    public static final int MAX_TILES_PER_AGENT = 6;
    public static final int ARCHIVE_LIMIT = 50;
    static final int ARCHIVE_CANDIDATES = ARCHIVE_LIMIT * 6;
    public static final int SPARK_SLOTS = 24;
    static final Duration SDK_LIVE = Duration.ofMinutes(5);
    static final Duration SDK_QUIET = Duration.ofMinutes(30);
    static final Duration SDK_DISCOVERY = Duration.ofDays(7);
    static final int SDK_LIMIT = 50;

    private final Storage storage;
    private final TjConfig config;
    private final Lifecycle lifecycle;
    private final TranscriptSearch transcripts;
    private final AttentionBoard attention;
    private final Clock clock;

    /** Without hooks (a CLI reading the database): no session waits. */
    public StatusService(
            Storage storage, TjConfig config, Lifecycle lifecycle, TranscriptSearch transcripts, Clock clock) {
        this(storage, config, lifecycle, transcripts, new AttentionBoard(), clock);
    }

    public StatusService(
            Storage storage,
            TjConfig config,
            Lifecycle lifecycle,
            TranscriptSearch transcripts,
            AttentionBoard attention,
            Clock clock) {
        this.storage = storage;
        this.config = config;
        this.lifecycle = lifecycle;
        this.transcripts = transcripts;
        this.attention = attention;
        this.clock = clock;
    }

    /** The session waits for its user, when its hooks said so and it has not been active since. */
    public Attention attention(Session s) {
        return attention.of(s.sessionId(), s.lastActivity()).orElse(null);
    }

    /** Coding agents are the interactive ones; everything else is an SDK service. */
    public static String kind(String agentId) {
        return CodingAgents.isCodingAgent(agentId) ? "coding" : "sdk";
    }

    /** @param agentIdOrNull restrict to one agent */
    public StatusReport status(String agentIdOrNull) {
        return status(new SessionStatusFilter(null, agentIdOrNull));
    }

    /**
     * @param filter restrict to one agent, machine and/or user (its stored status is not used: the
     *               report splits live from archived itself)
     */
    public StatusReport status(SessionStatusFilter filter) {
        String agentIdOrNull = filter.agentId();
        Instant now = clock.instant();
        Instant cutoff = lifecycle.staleCutoff(now);
        Map<String, String> dbLabels = storage.sessions().labels();
        Map<String, Double> costToday = storage.status().spanCostByAgentSince(now.truncatedTo(ChronoUnit.DAYS));
        List<Session> liveSessions, archivedSessions;
        if (filter.machine() == null && filter.user() == null) {
            liveSessions = storage.status().liveSessions(cutoff, agentIdOrNull);
            archivedSessions = storage.status().archivedSessions(cutoff, agentIdOrNull, ARCHIVE_CANDIDATES);
        } else {
            // one machine's or one person's sessions on a team server: few enough to split here
            liveSessions = new ArrayList<>();
            archivedSessions = new ArrayList<>();
            for (Session s : storage.sessions()
                    .sessions(new SessionStatusFilter(null, agentIdOrNull, filter.machine(), filter.user())))
                (s.status() == SessionStatus.ACTIVE && s.lastActivity().isAfter(cutoff)
                                ? liveSessions
                                : archivedSessions)
                        .add(s);
            Comparator<Session> recentFirst =
                    Comparator.comparing(Session::lastActivity).reversed().thenComparing(Session::sessionId);
            liveSessions.sort(recentFirst);
            archivedSessions.sort(recentFirst);
        }

        Map<String, List<Session>> liveByAgent = new LinkedHashMap<>();
        for (Session s : liveSessions) {
            liveByAgent.computeIfAbsent(s.agentId(), k -> new ArrayList<>()).add(s);
        }
        List<Tile> tiles = new ArrayList<>();
        for (String agent : liveByAgent.keySet().stream().sorted().toList()) {
            List<Session> live = liveByAgent.get(agent);
            int shown = Math.min(MAX_TILES_PER_AGENT, live.size());
            int overflow = live.size() - shown;
            for (Session s : live.subList(0, shown)) {
                tiles.add(tile(s, now, costToday.getOrDefault(agent, 0.0), overflow, dbLabels));
            }
        }

        List<ArchivedSession> archived = new ArrayList<>();
        for (Session s : archivedSessions) {
            if (s.isZombie()) continue;
            archived.add(archived(s, now, dbLabels));
            if (archived.size() == ARCHIVE_LIMIT) break;
        }

        List<SdkService> sdk = sdkServices(agentIdOrNull, now, costToday);
        var framing = FramingCalculator.compute(config, storage.status().planTierMix(agentIdOrNull), 0, 0.0);
        // alerts do not exist yet: the API keeps its alert fields, always empty
        return new StatusReport(tiles, archived, sdk, false, framing);
    }

    /** The label a person sees: config exact > config prefix > dashboard rename > terminal id > null. */
    public String label(String sessionId, String instanceId) {
        return label(sessionId, instanceId, storage.sessions().labels());
    }

    /** Same, against a snapshot of dashboard renames ({@link dev.tj.core.storage.SessionReads#labels()}) taken once per listing. */
    public String label(String sessionId, String instanceId, Map<String, String> dbLabels) {
        Map<String, String> configured = config.sessionLabels();
        String exact = configured.get(sessionId);
        if (exact != null) return exact;
        for (Map.Entry<String, String> e : configured.entrySet()) {
            if (!e.getKey().isEmpty() && sessionId.startsWith(e.getKey())) return e.getValue();
        }
        String renamed = dbLabels.get(sessionId);
        if (renamed != null) return renamed;
        return instanceId;
    }

    /** Every live (active or idle) session now, of every agent, machine and user; most recent first. */
    public List<Session> liveSessions(Instant now) {
        return storage.status().liveSessions(lifecycle.staleCutoff(now), null);
    }

    /** The session's tier now, rescued to active when its transcript is still being written. */
    public Tier tier(Session s, Instant now) {
        Tier base = lifecycle.tier(s, now);
        if (base != Tier.IDLE && base != Tier.STALE) return base;
        return lifecycle.tier(s, now, transcripts.lastModified(s.sessionId()).orElse(null));
    }

    private String namespace(Session s) {
        return s.resource().namespace() != null ? s.resource().namespace() : config.projectFor(s.agentId());
    }

    private Tile tile(Session s, Instant now, double costToday, int overflow, Map<String, String> labels) {
        return new Tile(
                s.agentId(),
                kind(s.agentId()),
                namespace(s),
                tier(s, now).wire(),
                s.sessionId(),
                label(s.sessionId(), s.resource().instanceId(), labels),
                costToday,
                s.costUsd(),
                s.reportedCostUsd(),
                s.fallbackPricedSpans() > 0,
                s.usage().input(),
                s.usage().output(),
                s.usage().cacheRead(),
                s.usage().cacheWrite(),
                s.toolCallCount(),
                s.errorCount(),
                0,
                s.durationSeconds(),
                s.activeMs() / 1000.0,
                iso(s.startedAt()),
                iso(s.endedAt()),
                overflow,
                s.resource().instanceId(),
                s.resource().runId(),
                s.planTier().wire(),
                s.pricingMode().wire(),
                attention(s),
                s.resource().machine(),
                s.resource().user());
    }

    private ArchivedSession archived(Session s, Instant now, Map<String, String> labels) {
        return new ArchivedSession(
                s.agentId(),
                kind(s.agentId()),
                namespace(s),
                s.sessionId(),
                label(s.sessionId(), s.resource().instanceId(), labels),
                lifecycle.tier(s, now).wire(),
                s.usage().input(),
                s.usage().output(),
                s.usage().cacheRead(),
                s.usage().cacheWrite(),
                s.toolCallCount(),
                s.costUsd(),
                iso(s.startedAt()),
                iso(s.endedAt()),
                s.resource().machine(),
                s.resource().user());
    }

    private List<SdkService> sdkServices(String agentIdOrNull, Instant now, Map<String, Double> costToday) {
        List<String> agents = (agentIdOrNull == null ? storage.status().agentIds() : List.of(agentIdOrNull))
                .stream().filter(a -> "sdk".equals(kind(a))).toList();
        if (agents.isEmpty()) return List.of();
        Map<String, Instant> lastSeen = storage.status().lastSeen(agents);
        Instant lastMinute = now.truncatedTo(ChronoUnit.MINUTES);
        Instant windowStart = lastMinute.minus(Duration.ofMinutes(SPARK_SLOTS - 1));
        Map<String, List<MinuteBucket>> buckets = new LinkedHashMap<>();
        for (MinuteBucket b : storage.status().minuteBuckets(agents, windowStart)) {
            buckets.computeIfAbsent(b.agentId(), k -> new ArrayList<>()).add(b);
        }
        List<SdkService> out = new ArrayList<>();
        for (String agent : agents) {
            Instant seen = lastSeen.get(agent);
            if (seen == null || Duration.between(seen, now).compareTo(SDK_DISCOVERY) > 0) continue;
            Double[] cost = new Double[SPARK_SLOTS];
            Long[] calls = new Long[SPARK_SLOTS];
            Double[] errPct = new Double[SPARK_SLOTS];
            java.util.Arrays.fill(cost, 0.0);
            java.util.Arrays.fill(calls, 0L);
            java.util.Arrays.fill(errPct, 0.0);
            double windowCost = 0;
            long windowCalls = 0, windowErrors = 0;
            for (MinuteBucket b : buckets.getOrDefault(agent, List.of())) {
                int slot = (int) Duration.between(windowStart, b.minute()).toMinutes();
                if (slot < 0 || slot >= SPARK_SLOTS) continue;
                cost[slot] = b.costUsd();
                calls[slot] = b.calls();
                errPct[slot] = b.calls() == 0 ? 0.0 : 100.0 * b.errors() / b.calls();
                windowCost += b.costUsd();
                windowCalls += b.calls();
                windowErrors += b.errors();
            }
            Duration gap = Duration.between(seen, now);
            String state = gap.compareTo(SDK_LIVE) <= 0
                    ? "live"
                    : gap.compareTo(SDK_QUIET) <= 0 ? "went_quiet" : "long_dormant";
            out.add(new SdkService(
                    agent,
                    "sdk",
                    config.projectFor(agent),
                    state,
                    iso(seen),
                    costToday.getOrDefault(agent, 0.0),
                    List.of(cost),
                    List.of(calls),
                    List.of(errPct),
                    windowCalls / (double) SPARK_SLOTS,
                    windowCalls == 0 ? 0.0 : 100.0 * windowErrors / windowCalls,
                    windowCost));
        }
        out.sort(Comparator.comparingInt((SdkService s) -> stateRank(s.state()))
                .thenComparing(s -> lastSeen.get(s.agentId()), Comparator.reverseOrder()));
        return out.size() > SDK_LIMIT ? List.copyOf(out.subList(0, SDK_LIMIT)) : out;
    }

    private static int stateRank(String state) {
        return switch (state) {
            case "live" -> 0;
            case "went_quiet" -> 1;
            default -> 2;
        };
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
