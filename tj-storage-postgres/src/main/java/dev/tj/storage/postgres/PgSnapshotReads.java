package dev.tj.storage.postgres;

import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.SnapshotReads;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Method snapshots, on reader connections. */
final class PgSnapshotReads implements SnapshotReads {
    static final String COLUMNS =
            "session_id, kind, epoch_us(created_at), source_size, epoch_us(source_modified), payload";

    private final Db db;

    PgSnapshotReads(Db db) {
        this.db = db;
    }

    @Override
    public Optional<MethodSnapshot> snapshot(String sessionId, String kind) {
        if (sessionId == null || kind == null) return Optional.empty();
        return query("SELECT " + COLUMNS + " FROM method_snapshots WHERE session_id = ? AND kind = ?", sessionId, kind)
                .stream()
                .findFirst();
    }

    @Override
    public List<MethodSnapshot> snapshots(String sessionId) {
        if (sessionId == null) return List.of();
        return query("SELECT " + COLUMNS + " FROM method_snapshots WHERE session_id = ? ORDER BY kind", sessionId);
    }

    @Override
    public Map<String, Instant> savedAt(Collection<String> sessionIds) {
        Map<String, Instant> out = new HashMap<>();
        for (List<String> chunk : Db.chunks(Db.distinctNonNull(sessionIds))) {
            db.read(c -> {
                try (PreparedStatement ps =
                        c.prepare("SELECT session_id, epoch_us(max(created_at)) FROM method_snapshots "
                                + "WHERE session_id IN (" + Db.placeholders(chunk.size()) + ") GROUP BY session_id")) {
                    Db.bind(ps, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.put(rs.getString(1), PgRows.instant(rs, 2));
                    }
                }
                return null;
            });
        }
        return out;
    }

    private List<MethodSnapshot> query(String sql, String... params) {
        return db.read(c -> {
            List<MethodSnapshot> out = new ArrayList<>();
            {
                PreparedStatement ps = c.prepare(sql);
                for (int i = 0; i < params.length; i++) ps.setString(i + 1, params[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(read(rs));
                }
            }
            return out;
        });
    }

    static MethodSnapshot read(ResultSet rs) throws SQLException {
        long size = rs.getLong(4);
        Long sourceSize = rs.wasNull() ? null : size;
        return new MethodSnapshot(
                rs.getString(1),
                rs.getString(2),
                PgRows.instant(rs, 3),
                sourceSize,
                PgRows.instant(rs, 5),
                rs.getString(6));
    }
}
