package dev.tj.storage.postgres;

import dev.tj.core.storage.IngestToken;
import dev.tj.core.storage.IngestTokens;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Ingest tokens in {@code ingest_tokens}, shared by every node of the database: each write is one
 * auto-committed statement, so a revoke on one node is what every other node's next lookup reads.
 */
final class PgIngestTokens implements IngestTokens {
    private static final String COLUMNS =
            "id, machine, prefix, token_hash, epoch_us(created_at), epoch_us(last_used_at), epoch_us(revoked_at)";

    private final Db db;

    PgIngestTokens(Db db) {
        this.db = db;
    }

    @Override
    public void add(IngestToken t) {
        db.read(c -> {
            PreparedStatement ps = c.prepare("INSERT INTO ingest_tokens VALUES (?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, t.id());
            ps.setString(2, t.machine());
            ps.setString(3, t.prefix());
            ps.setString(4, t.hash());
            ps.setObject(5, t.createdAt() == null ? null : Db.odt(t.createdAt()));
            ps.setObject(6, t.lastUsedAt() == null ? null : Db.odt(t.lastUsedAt()));
            ps.setObject(7, t.revokedAt() == null ? null : Db.odt(t.revokedAt()));
            ps.execute();
            return null;
        });
    }

    @Override
    public Optional<IngestToken> byHash(String hash) {
        if (hash == null) return Optional.empty();
        return db.read(c -> query(c, "SELECT " + COLUMNS + " FROM ingest_tokens WHERE token_hash = ?", hash)).stream()
                .findFirst();
    }

    @Override
    public List<IngestToken> list() {
        return db.read(c -> query(c, "SELECT " + COLUMNS + " FROM ingest_tokens ORDER BY created_at, id"));
    }

    @Override
    public List<IngestToken> revoke(String idOrMachine, Instant at) {
        if (idOrMachine == null) return List.of();
        return db.read(c -> {
            List<IngestToken> out = new ArrayList<>();
            PreparedStatement ps = c.prepare("UPDATE ingest_tokens SET revoked_at = ? "
                    + "WHERE (id = ? OR machine = ?) AND revoked_at IS NULL RETURNING " + COLUMNS);
            ps.setObject(1, Db.odt(at));
            ps.setString(2, idOrMachine);
            ps.setString(3, idOrMachine);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            out.sort(Comparator.comparing(IngestToken::createdAt).thenComparing(IngestToken::id));
            return out;
        });
    }

    @Override
    public void markUsed(String id, Instant at) {
        if (id == null || at == null) return;
        db.read(c -> {
            PreparedStatement ps = c.prepare("UPDATE ingest_tokens SET last_used_at = ? "
                    + "WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)");
            ps.setObject(1, Db.odt(at));
            ps.setString(2, id);
            ps.setObject(3, Db.odt(at));
            ps.execute();
            return null;
        });
    }

    private static List<IngestToken> query(Conn c, String sql, String... params) throws SQLException {
        List<IngestToken> out = new ArrayList<>();
        PreparedStatement ps = c.prepare(sql);
        for (int i = 0; i < params.length; i++) ps.setString(i + 1, params[i]);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(read(rs));
        }
        return out;
    }

    private static IngestToken read(ResultSet rs) throws SQLException {
        return new IngestToken(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                PgRows.instant(rs, 5),
                PgRows.instant(rs, 6),
                PgRows.instant(rs, 7));
    }
}
