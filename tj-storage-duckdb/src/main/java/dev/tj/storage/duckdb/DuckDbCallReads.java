package dev.tj.storage.duckdb;

import dev.tj.core.diagnostic.LlmCall;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.CallReads;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The calls of a window for the cost diagnostics: one narrow scan of the span columns they need. */
final class DuckDbCallReads implements CallReads {
    private final Db db;

    DuckDbCallReads(Db db) {
        this.db = db;
    }

    /** " AND ..." for the window and agent, its parameters appended to {@code params}. */
    private static String where(Instant since, Instant until, String agentId, List<Object> params) {
        StringBuilder w = new StringBuilder();
        if (since != null) {
            w.append(" AND start_time >= ?::TIMESTAMPTZ");
            params.add(Db.odt(since));
        }
        if (until != null) {
            w.append(" AND start_time < ?::TIMESTAMPTZ");
            params.add(Db.odt(until));
        }
        if (agentId != null) {
            w.append(" AND agent_id = ?");
            params.add(agentId);
        }
        return w.toString();
    }

    @Override
    public List<LlmCall> llmCalls(Instant since, Instant until, String agentId) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT session_id, sub_agent_id, agent_id, provider, model, epoch_us(start_time), "
                + "input_tokens, output_tokens, cache_tokens, cache_write_tokens, cache_write_1h_tokens, cost_usd "
                + "FROM spans WHERE name = 'gen_ai.llm.call' AND model IS NOT NULL"
                + where(since, until, agentId, params) + " ORDER BY start_time, span_id";
        return db.read(c -> {
            List<LlmCall> out = new ArrayList<>();
            try (Stmt ps = c.prepare(sql)) {
                Db.bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long cacheWrite = rs.getLong(10), cacheWrite1h = rs.getLong(11);
                        out.add(new LlmCall(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                Rows.instant(rs, 6),
                                new Usage(
                                        rs.getLong(7),
                                        rs.getLong(8),
                                        rs.getLong(9),
                                        cacheWrite - cacheWrite1h,
                                        cacheWrite1h),
                                cost(Rows.dbl(rs, 12))));
                    }
                }
            }
            return out;
        });
    }

    /** An unpriced span's cost is 0 here (the driver may read SQL NULL as NaN). */
    private static double cost(Double usd) {
        return usd == null || usd.isNaN() ? 0.0 : usd;
    }

    @Override
    public Map<String, Long> toolCallsBySession(Instant since, Instant until, String agentId) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT session_id, count(*) FROM spans WHERE tool_name IS NOT NULL AND name <> 'tool_decision' "
                + "AND session_id IS NOT NULL" + where(since, until, agentId, params) + " GROUP BY session_id";
        return db.read(c -> {
            Map<String, Long> out = new TreeMap<>();
            try (Stmt ps = c.prepare(sql)) {
                Db.bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }
}
