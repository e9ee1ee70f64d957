package dev.tj.storage.postgres;

import dev.tj.core.session.Session;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.SessionRollupReads;
import dev.tj.core.storage.SpanFacts;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The drill-in rollup's reads: one scan of the narrow span columns a rollup needs (no attributes or
 * events to decode), folded in core.
 */
final class PgRollupReads implements SessionRollupReads {
    private static final String FACTS = "SELECT span_id, trace_id, parent_span_id, name, epoch_us(start_time), "
            + "duration_ms, status_code = 'error', model, tool_name, sub_agent_id, input_tokens, output_tokens, "
            + "cache_tokens, cache_write_tokens, cache_write_1h_tokens, cost_usd "
            + "FROM spans WHERE session_id = ? ORDER BY start_time, span_id";

    private final Db db;

    PgRollupReads(Db db) {
        this.db = db;
    }

    @Override
    public List<SpanFacts> spanFacts(String sessionId) {
        if (sessionId == null) return List.of();
        return db.read(c -> {
            List<SpanFacts> out = new ArrayList<>();
            {
                PreparedStatement ps = c.prepare(FACTS);
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long cacheWrite = rs.getLong(14), cacheWrite1h = rs.getLong(15);
                        out.add(new SpanFacts(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                PgRows.instant(rs, 5),
                                PgRows.dbl(rs, 6),
                                rs.getBoolean(7),
                                rs.getString(8),
                                rs.getString(9),
                                rs.getString(10),
                                new Usage(
                                        rs.getLong(11),
                                        rs.getLong(12),
                                        rs.getLong(13),
                                        cacheWrite - cacheWrite1h,
                                        cacheWrite1h),
                                PgRows.dbl(rs, 16)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<Session> children(String sessionId) {
        if (sessionId == null) return List.of();
        return db.read(c -> Db.querySessions(
                c,
                "SELECT " + PgRows.SESSION_SELECT + " FROM sessions WHERE parent_session_id = ? AND session_id <> ? "
                        + "ORDER BY COALESCE(ended_at, started_at) DESC, session_id",
                List.of(sessionId, sessionId)));
    }
}
