package dev.tj.storage.postgres;

import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SessionReads;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.SourceFile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Session reads, on reader connections. */
final class PgSessionReads implements SessionReads {
    private final Db db;

    PgSessionReads(Db db) {
        this.db = db;
    }

    @Override
    public Optional<Session> session(String sessionId) {
        if (sessionId == null) return Optional.empty();
        return db.read(c -> Db.querySessions(
                        c,
                        "SELECT " + PgRows.SESSION_SELECT + " FROM sessions WHERE session_id = ?",
                        List.of(sessionId))
                .stream()
                .findFirst());
    }

    @Override
    public Map<String, Session> sessionsById(Collection<String> sessionIds) {
        Map<String, Session> out = new HashMap<>();
        for (List<String> chunk : Db.chunks(sessionIds)) {
            for (Session s : db.read(c -> Db.querySessions(
                    c,
                    "SELECT " + PgRows.SESSION_SELECT + " FROM sessions WHERE session_id IN ("
                            + Db.placeholders(chunk.size()) + ")",
                    chunk))) {
                out.put(s.sessionId(), s);
            }
        }
        return out;
    }

    @Override
    public List<Session> sessions(SessionStatusFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + PgRows.SESSION_SELECT + " FROM sessions WHERE true");
        List<Object> params = new ArrayList<>();
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            params.add(filter.status().wire());
        }
        if (filter.agentId() != null) {
            sql.append(" AND agent_id = ?");
            params.add(filter.agentId());
        }
        if (filter.machine() != null) {
            sql.append(" AND machine = ?");
            params.add(filter.machine());
        }
        if (filter.user() != null) {
            sql.append(" AND user_name = ?");
            params.add(filter.user());
        }
        sql.append(" ORDER BY started_at DESC, session_id");
        return db.read(c -> Db.querySessions(c, sql.toString(), params));
    }

    @Override
    public List<Span> spans(String sessionId, int newest) {
        return bySession(
                "SELECT " + PgRows.SPAN_SELECT
                        + " FROM spans WHERE session_id = ? ORDER BY start_time DESC, span_id DESC LIMIT ?",
                sessionId,
                newest,
                PgRows::readSpan);
    }

    @Override
    public List<MetricPoint> metricPoints(String sessionId, int newest) {
        return bySession(
                "SELECT " + PgRows.POINT_SELECT
                        + " FROM metric_points WHERE session_id = ? ORDER BY time DESC, point_id DESC LIMIT ?",
                sessionId,
                newest,
                PgRows::readPoint);
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The rows of {@code sql} (newest first, limited), returned oldest first. */
    private <T> List<T> bySession(String sql, String sessionId, int newest, RowReader<T> reader) {
        if (sessionId == null || newest <= 0) return List.of();
        return db.read(c -> {
            List<T> out = new ArrayList<>();
            {
                PreparedStatement ps = c.prepare(sql);
                ps.setString(1, sessionId);
                ps.setLong(2, newest);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(reader.read(rs));
                }
            }
            java.util.Collections.reverse(out);
            return out;
        });
    }

    @Override
    public long spanCount() {
        return db.read(c -> {
            try (ResultSet rs = c.prepare("SELECT COUNT(*) FROM spans").executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Map<String, String> labels() {
        return db.read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (ResultSet rs = c.prepare("SELECT session_id, label FROM session_labels ORDER BY session_id")
                    .executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        });
    }

    @Override
    public Map<String, SourceFile> sourceFiles() {
        return db.read(c -> {
            Map<String, SourceFile> out = new LinkedHashMap<>();
            try (ResultSet rs = c.prepare(
                            "SELECT path, size, epoch_us(modified), read_offset FROM source_files ORDER BY path")
                    .executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getString(1),
                            new SourceFile(rs.getString(1), rs.getLong(2), PgRows.instant(rs, 3), rs.getLong(4)));
                }
            }
            return out;
        });
    }
}
