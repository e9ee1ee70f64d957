package dev.tj.storage.duckdb;

import dev.tj.core.quota.QuotaSnapshot;
import dev.tj.core.storage.FinishedCall;
import dev.tj.core.storage.QuotaRow;
import dev.tj.core.storage.QuotaSnapshots;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Quota snapshots in {@code quota_snapshots}, one row each ({@link QuotaRow}). A write runs on the
 * writer connection under its lock, so the "never before the latest" check and the insert are one
 * step; reads on reader connections. Rows arrive in time order, so DuckDB's zone maps keep a time
 * range read to the blocks that hold it.
 */
final class DuckDbQuotaSnapshots implements QuotaSnapshots {
    private static final String COLUMNS = String.join(", ", QuotaRow.COLUMNS);
    private static final String INSERT = "INSERT INTO quota_snapshots (" + COLUMNS + ") SELECT "
            + String.join(", ", Collections.nCopies(QuotaRow.COLUMNS.size(), "?"))
            + " WHERE NOT EXISTS (SELECT 1 FROM quota_snapshots WHERE user_name IS NOT DISTINCT FROM ? AND at_us > ?)";

    private final Db db;

    DuckDbQuotaSnapshots(Db db) {
        this.db = db;
    }

    @Override
    public boolean add(QuotaSnapshot s) {
        if (!s.hasQuota()) return false;
        List<Object> v = QuotaRow.values(s);
        return db.onWriter(c -> {
            try (Stmt ps = c.prepare(INSERT + " RETURNING 1")) {
                for (int i = 0; i < v.size(); i++) ps.setObject(i + 1, v.get(i));
                ps.setString(v.size() + 1, s.user());
                ps.setObject(v.size() + 2, v.get(0));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public List<QuotaSnapshot> between(Instant from, Instant to, String user) {
        String sql = "SELECT " + COLUMNS + " FROM quota_snapshots WHERE at_us >= ? AND at_us < ?"
                + (user == null ? "" : " AND user_name = ?") + " ORDER BY at_us";
        return db.read(c -> {
            try (Stmt ps = c.prepare(sql)) {
                ps.setObject(1, QuotaRow.micros(from));
                ps.setObject(2, QuotaRow.micros(to));
                if (user != null) ps.setString(3, user);
                return read(ps);
            }
        });
    }

    @Override
    public List<QuotaSnapshot> changes(String window, Instant from, Instant to, String user) {
        String sql = QuotaRow.changesSql(window, user != null);
        return db.read(c -> {
            try (Stmt ps = c.prepare(sql)) {
                ps.setObject(1, QuotaRow.micros(from));
                ps.setObject(2, QuotaRow.micros(to));
                if (user != null) ps.setString(3, user);
                return read(ps);
            }
        });
    }

    @Override
    public Optional<QuotaSnapshot> latest(String user) {
        // the newest time first, on one column, then its row: no sort of every column of the table
        String who = user == null ? "" : " AND user_name = ?";
        String sql = "SELECT " + COLUMNS + " FROM quota_snapshots WHERE at_us = (SELECT max(at_us) FROM "
                + "quota_snapshots WHERE true" + who + ")" + who + " LIMIT 1";
        return db.read(c -> {
            try (Stmt ps = c.prepare(sql)) {
                if (user != null) {
                    ps.setString(1, user);
                    ps.setString(2, user);
                }
                return read(ps).stream().findFirst();
            }
        });
    }

    private static List<QuotaSnapshot> read(Stmt ps) throws SQLException {
        List<QuotaSnapshot> out = new ArrayList<>();
        int n = QuotaRow.COLUMNS.size();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) row[i] = rs.getObject(i + 1);
                out.add(QuotaRow.snapshot(java.util.Arrays.asList(row)));
            }
        }
        return out;
    }

    /** An LLM call lasts minutes at most: a start bound lets the scan skip old blocks. */
    private static final long CALL_SLACK_US = 6L * 3600 * 1_000_000;

    /**
     * The calls grouped by who made them, each group's times, tokens and costs as lists in one order:
     * the JDBC driver hands strings over slowly (about a microsecond each), and a week of calls is
     * tens of thousands of rows of seven strings but a few thousand groups (a query of a fifth of the
     * time). Sorted here, as the contract orders them.
     */
    static List<FinishedCall> finished(Conn c, Instant from, Instant to) throws SQLException {
        String at = "epoch_us(COALESCE(s.end_time, s.start_time))", order = " ORDER BY " + at + ", s.span_id)";
        String sql = "SELECT s.session_id, s.sub_agent_id, s.agent_id, s.conversation_id, "
                + "COALESCE(s.service_namespace, x.service_namespace), s.model, s.machine, "
                + "list(" + at + order + ", "
                + "list(COALESCE(s.input_tokens, 0) + COALESCE(s.output_tokens, 0) + COALESCE(s.cache_tokens, 0) "
                + "+ COALESCE(s.cache_write_tokens, 0)" + order + ", "
                + "list(COALESCE(s.cost_usd, 0)::DOUBLE" + order + " "
                + "FROM spans s LEFT JOIN sessions x ON x.session_id = s.session_id "
                + "WHERE s.name = 'gen_ai.llm.call' AND s.start_time >= make_timestamptz(?::BIGINT) "
                + "AND s.start_time < make_timestamptz(?::BIGINT) "
                + "AND " + at + " >= ? AND " + at + " < ? GROUP BY ALL";
        long f = QuotaRow.micros(from), t = QuotaRow.micros(to);
        List<FinishedCall> out = new ArrayList<>();
        try (Stmt ps = c.prepare(sql)) {
            ps.setLong(1, f - CALL_SLACK_US);
            ps.setLong(2, t);
            ps.setLong(3, f);
            ps.setLong(4, t);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String session = rs.getString(1), sub = rs.getString(2), agent = rs.getString(3);
                    String prompt = FinishedCall.prompt(rs.getString(4), session);
                    String namespace = rs.getString(5), model = rs.getString(6), machine = rs.getString(7);
                    Object[] ats = (Object[]) rs.getArray(8).getArray();
                    Object[] tokens = (Object[]) rs.getArray(9).getArray();
                    Object[] costs = (Object[]) rs.getArray(10).getArray();
                    for (int i = 0; i < ats.length; i++) {
                        long us = ((Number) ats[i]).longValue();
                        out.add(new FinishedCall(
                                Instant.ofEpochSecond(
                                        Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000),
                                session,
                                sub,
                                agent,
                                prompt,
                                namespace,
                                model,
                                machine,
                                ((Number) tokens[i]).longValue(),
                                ((Number) costs[i]).doubleValue()));
                    }
                }
            }
        }
        out.sort(FinishedCall.ORDER);
        return out;
    }
}
