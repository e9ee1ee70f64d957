package dev.tj.core.storage;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The status page's queries over {@link InMemoryStorage}'s tables. */
final class InMemoryStatus implements StatusQueries {
    private final InMemoryStorage store;

    InMemoryStatus(InMemoryStorage store) {
        this.store = store;
    }

    @Override
    public List<Session> liveSessions(Instant cutoff, String agent) {
        return store.sessionsWhere(
                s -> s.status() == SessionStatus.ACTIVE
                        && s.lastActivity().isAfter(cutoff)
                        && (agent == null || agent.equals(s.agentId())),
                InMemoryStorage.BY_ACTIVITY);
    }

    @Override
    public List<Session> archivedSessions(Instant cutoff, String agent, int limit) {
        if (limit <= 0) return List.of();
        List<Session> all = store.sessionsWhere(
                s -> (s.status() == SessionStatus.CLOSED
                                || (s.status() == SessionStatus.ACTIVE
                                        && !s.lastActivity().isAfter(cutoff)))
                        && (agent == null || agent.equals(s.agentId())),
                InMemoryStorage.BY_ACTIVITY);
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    @Override
    public List<String> agentIds() {
        synchronized (store) {
            store.open();
            Set<String> out = new TreeSet<>(store.spanAgents.keySet());
            for (Session s : store.sessions.values()) out.add(s.agentId());
            return List.copyOf(out);
        }
    }

    @Override
    public Map<String, Double> spanCostByAgentSince(Instant since) {
        synchronized (store) {
            store.open();
            Map<String, Double> out = new TreeMap<>();
            for (Span s : store.spans.values()) {
                if (s.startTime().isBefore(since)) continue;
                out.merge(InMemoryStorage.agent(s), s.costUsd() == null ? 0.0 : s.costUsd(), Double::sum);
            }
            return out;
        }
    }

    @Override
    public List<MinuteBucket> minuteBuckets(Collection<String> agentIds, Instant since) {
        synchronized (store) {
            store.open();
            Map<String, Map<Instant, double[]>> acc = new TreeMap<>();
            for (Span s : store.spans.values()) {
                if (s.startTime().isBefore(since) || !agentIds.contains(InMemoryStorage.agent(s))) continue;
                double[] b = acc.computeIfAbsent(InMemoryStorage.agent(s), k -> new TreeMap<>())
                        .computeIfAbsent(s.startTime().truncatedTo(ChronoUnit.MINUTES), k -> new double[3]);
                b[0] += s.costUsd() == null ? 0.0 : s.costUsd();
                b[1]++;
                if (s.status() == SpanStatus.ERROR) b[2]++;
            }
            List<MinuteBucket> out = new ArrayList<>();
            acc.forEach((a, m) -> m.forEach((t, b) -> out.add(new MinuteBucket(a, t, b[0], (long) b[1], (long) b[2]))));
            return out;
        }
    }

    @Override
    public Map<String, Instant> lastSeen(Collection<String> agentIds) {
        synchronized (store) {
            store.open();
            Map<String, Instant> out = new TreeMap<>();
            for (String a : agentIds) if (store.spanAgents.containsKey(a)) out.put(a, store.spanAgents.get(a));
            for (Session s : store.sessions.values()) {
                if (agentIds.contains(s.agentId())) out.merge(s.agentId(), s.lastActivity(), InMemoryStorage::later);
            }
            return out;
        }
    }

    @Override
    public Map<PlanTier, Long> planTierMix(String agent) {
        synchronized (store) {
            store.open();
            Map<PlanTier, Long> out = new EnumMap<>(PlanTier.class);
            for (Session s : store.sessions.values()) {
                if (agent == null || agent.equals(s.agentId())) out.merge(s.planTier(), 1L, Long::sum);
            }
            return out;
        }
    }
}
