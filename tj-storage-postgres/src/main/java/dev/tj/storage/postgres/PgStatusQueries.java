package dev.tj.storage.postgres;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.storage.MinuteBucket;
import dev.tj.core.storage.StatusQueries;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status view's read models, on reader connections. {@link #agentIds()} and {@link #lastSeen}
 * read the {@code agents} roll-up the writer maintains instead of scanning spans.
 */
final class PgStatusQueries implements StatusQueries {
    private final Db db;

    PgStatusQueries(Db db) {
        this.db = db;
    }

    @Override
    public List<Session> liveSessions(Instant cutoff, String agentIdOrNull) {
        List<Object> params = new ArrayList<>();
        params.add(Db.odt(cutoff));
        String agent = "";
        if (agentIdOrNull != null) {
            agent = " AND agent_id = ?";
            params.add(agentIdOrNull);
        }
        String sql = "SELECT " + PgRows.SESSION_SELECT + " FROM sessions WHERE status = 'active' "
                + "AND COALESCE(ended_at, started_at) > ?" + agent
                + " ORDER BY COALESCE(ended_at, started_at) DESC, session_id";
        return db.read(c -> Db.querySessions(c, sql, params));
    }

    @Override
    public List<Session> archivedSessions(Instant cutoff, String agentIdOrNull, int limit) {
        if (limit <= 0) return List.of();
        List<Object> params = new ArrayList<>();
        params.add(Db.odt(cutoff));
        String agent = "";
        if (agentIdOrNull != null) {
            agent = " AND agent_id = ?";
            params.add(agentIdOrNull);
        }
        params.add(limit);
        String sql = "SELECT " + PgRows.SESSION_SELECT + " FROM sessions WHERE (status = 'closed' "
                + "OR (status = 'active' AND COALESCE(ended_at, started_at) <= ?))" + agent
                + " ORDER BY COALESCE(ended_at, started_at) DESC, session_id LIMIT ?";
        return db.read(c -> Db.querySessions(c, sql, params));
    }

    @Override
    public List<String> agentIds() {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = c.prepare("SELECT agent_id FROM agents UNION SELECT agent_id FROM sessions ORDER BY 1")
                    .executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    @Override
    public Map<String, Double> spanCostByAgentSince(Instant since) {
        return db.read(c -> {
            Map<String, Double> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepare("SELECT COALESCE(agent_id, 'unknown'), "
                    + "COALESCE(SUM(cost_usd), 0) FROM spans WHERE start_time >= ?::TIMESTAMPTZ GROUP BY 1")) {
                ps.setObject(1, Db.odt(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getDouble(2));
                }
            }
            return out;
        });
    }

    @Override
    public List<MinuteBucket> minuteBuckets(Collection<String> agentIds, Instant since) {
        if (agentIds.isEmpty()) return List.of();
        return db.read(c -> {
            List<MinuteBucket> out = new ArrayList<>();
            for (List<String> chunk : Db.chunks(agentIds)) {
                String sql = "SELECT COALESCE(agent_id, 'unknown') a, epoch_us(date_trunc('minute', start_time)) m, "
                        + "COALESCE(SUM(cost_usd), 0), COUNT(*), COUNT(*) FILTER (WHERE status_code = 'error') "
                        + "FROM spans WHERE start_time >= ?::TIMESTAMPTZ AND COALESCE(agent_id, 'unknown') IN ("
                        + Db.placeholders(chunk.size()) + ") GROUP BY 1, 2 ORDER BY 1, 2";
                {
                    PreparedStatement ps = c.prepare(sql);
                    ps.setObject(1, Db.odt(since));
                    for (int i = 0; i < chunk.size(); i++) ps.setString(i + 2, chunk.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new MinuteBucket(
                                    rs.getString(1),
                                    PgRows.instant(rs, 2),
                                    rs.getDouble(3),
                                    rs.getLong(4),
                                    rs.getLong(5)));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, Instant> lastSeen(Collection<String> agentIds) {
        if (agentIds.isEmpty()) return Map.of();
        return db.read(c -> {
            Map<String, Instant> out = new TreeMap<>();
            for (List<String> chunk : Db.chunks(agentIds)) {
                String in = "agent_id IN (" + Db.placeholders(chunk.size()) + ")";
                try (PreparedStatement ps = c.prepare("SELECT agent_id, max(us) FROM ("
                        + "SELECT agent_id, epoch_us(last_seen) AS us FROM agents WHERE " + in
                        + " UNION ALL SELECT agent_id, epoch_us(COALESCE(ended_at, started_at)) FROM sessions WHERE "
                        + in
                        + ") x GROUP BY agent_id")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                        ps.setString(chunk.size() + i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.put(rs.getString(1), PgRows.instant(rs, 2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Map<PlanTier, Long> planTierMix(String agentIdOrNull) {
        return db.read(c -> {
            Map<PlanTier, Long> out = new EnumMap<>(PlanTier.class);
            String sql = "SELECT plan_tier, COUNT(*) FROM sessions"
                    + (agentIdOrNull == null ? "" : " WHERE agent_id = ?") + " GROUP BY 1";
            {
                PreparedStatement ps = c.prepare(sql);
                if (agentIdOrNull != null) ps.setString(1, agentIdOrNull);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.merge(PlanTier.parse(rs.getString(1)), rs.getLong(2), Long::sum);
                }
            }
            return out;
        });
    }
}
