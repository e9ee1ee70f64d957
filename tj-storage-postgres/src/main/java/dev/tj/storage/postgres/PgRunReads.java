package dev.tj.storage.postgres;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.storage.RunReads;
import dev.tj.core.storage.RunTotals;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Runs, read from the sessions table (a session's totals are the sum over its spans). */
final class PgRunReads implements RunReads {
    private static final String RUNS = "SELECT run_id, count(*), COALESCE(sum(total_cost_usd), 0), "
            + "COALESCE(sum(input_tokens), 0), COALESCE(sum(output_tokens), 0), epoch_us(min(started_at)), "
            + "epoch_us(max(COALESCE(ended_at, started_at))) AS last, array_agg(DISTINCT plan_tier) "
            + "FROM sessions WHERE run_id IS NOT NULL GROUP BY run_id ORDER BY last DESC, run_id LIMIT ?";

    private final Db db;

    PgRunReads(Db db) {
        this.db = db;
    }

    @Override
    public List<RunTotals> runs(int limit) {
        if (limit <= 0) return List.of();
        return db.read(c -> {
            List<RunTotals> out = new ArrayList<>();
            {
                PreparedStatement ps = c.prepare(RUNS);
                ps.setObject(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Set<PlanTier> tiers = EnumSet.noneOf(PlanTier.class);
                        Array a = rs.getArray(8);
                        if (a != null) for (Object t : (Object[]) a.getArray()) tiers.add(PlanTier.parse((String) t));
                        out.add(new RunTotals(
                                rs.getString(1),
                                rs.getLong(2),
                                rs.getDouble(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                PgRows.instant(rs, 6),
                                PgRows.instant(rs, 7),
                                tiers));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<Session> members(String runId) {
        if (runId == null) return List.of();
        return db.read(c -> Db.querySessions(
                c,
                "SELECT " + PgRows.SESSION_SELECT + " FROM sessions WHERE run_id = ? "
                        + "ORDER BY COALESCE(ended_at, started_at) DESC, session_id",
                List.of(runId)));
    }
}
