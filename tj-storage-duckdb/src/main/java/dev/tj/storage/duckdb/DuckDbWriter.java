package dev.tj.storage.duckdb;

import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.BulkLoad;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.duckdb.DuckDBAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side, on the single writer connection. {@link #commit} opens an explicit
 * {@code BEGIN TRANSACTION} <em>before</em> creating any Appender: the DuckDB Appender joins the
 * connection's active transaction, but with JDBC {@code setAutoCommit(false)} alone no transaction is
 * active until the first statement runs, and an Appender flush then commits on its own. Spans and
 * points are appended straight into their tables; sessions are appended into a per-connection temp
 * staging table and replace their stored rows with one DELETE and one INSERT (ids are unique because
 * this is the only place that inserts sessions, and a batch's sessions are de-duplicated, last one
 * winning); transcript read positions and the {@code agents} roll-up are upserted with a few prepared
 * statements; then {@code COMMIT}. On any failure the open Appender is closed first (its close
 * flushes into the doomed transaction, never into a fresh one) and the transaction is rolled back,
 * so nothing of the batch remains.
 *
 * <p>{@link #stage} leaves that transaction open (a <em>group</em>) for the next batches, and
 * {@link #commitGroup} or the next {@link #commit} ends it; a failure rolls back the whole group.
 * Under sustained load the ingest writer groups a row group's worth of spans: DuckDB then writes
 * them into the file once, at the commit, instead of into its log and again at a checkpoint.
 *
 * <p>The {@code agents} table is maintained here: every agent id of a committed span (null counts
 * as {@code unknown}, as on sessions) or session, with the earliest start and latest activity seen.
 */
final class DuckDbWriter implements IngestStore {
    private static final Logger log = LoggerFactory.getLogger(DuckDbWriter.class);
    /** Log size past which an idle writer folds the log into the main file. */
    static final long IDLE_CHECKPOINT_BYTES = 8L * 1024 * 1024;
    /** DuckDB's rows per row group (its default {@code row_group_size}). */
    static final int ROW_GROUP_ROWS = 122_880;

    private final Db db;
    private final DuckDbSpanIndex index;
    /** Package-private so a test can move the threshold. */
    volatile long idleCheckpointBytes = IDLE_CHECKPOINT_BYTES;

    private final Set<DuckDbBulkLoad> bulkLoads = ConcurrentHashMap.newKeySet();

    DuckDbWriter(Db db, DuckDbSpanIndex index) {
        this.db = db;
        this.index = index;
    }

    @Override
    public Map<String, Session> sessions(Collection<String> sessionIds) {
        List<String> ids = Db.distinctNonNull(sessionIds);
        if (ids.isEmpty()) return Map.of();
        return db.onWriter(c -> {
            Map<String, Session> out = new HashMap<>();
            Stmt ps;
            if (ids.size() <= Db.SMALL_IN) {
                ps = Db.prepareIn(c, "SELECT " + Rows.SESSION_SELECT + " FROM sessions WHERE session_id", ids);
            } else {
                IdProbe.load(c, ids);
                ps = c.prepare("SELECT " + Rows.SESSION_SELECT + " FROM sessions WHERE session_id IN "
                        + "(SELECT id FROM id_probe)");
            }
            try (Stmt st = ps;
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Session s = Rows.readSession(rs);
                    out.put(s.sessionId(), s);
                }
            }
            return out;
        });
    }

    @Override
    public Optional<String> sessionIdForConversation(String conversationId) {
        if (conversationId == null) return Optional.empty();
        return db.onWriter(c -> {
            try (Stmt ps = c.prepare("SELECT session_id FROM sessions WHERE conversation_id = ? "
                    + "ORDER BY started_at DESC, session_id DESC LIMIT 1")) {
                ps.setString(1, conversationId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Session> activeSessionsOfInstance(String instanceId) {
        if (instanceId == null) return List.of();
        return db.onWriter(c -> Db.querySessions(
                c,
                "SELECT " + Rows.SESSION_SELECT + " FROM sessions "
                        + "WHERE service_instance_id = ? AND status = 'active' ORDER BY started_at DESC, session_id",
                List.of(instanceId)));
    }

    @Override
    public void commit(WriteBatch batch) {
        write(batch, true);
    }

    /** DuckDB's row group: a transaction that appends this many rows writes them into the file once. */
    @Override
    public int groupRows() {
        return db.location.equals(":memory:") ? 0 : ROW_GROUP_ROWS;
    }

    @Override
    public void stage(WriteBatch batch) {
        write(batch, false);
    }

    @Override
    public void commitGroup() {
        db.onWriter(c -> {
            if (!c.inGroup) return null;
            try (Statement s = c.raw.createStatement()) {
                try {
                    s.execute("COMMIT");
                    c.inGroup = false;
                } catch (SQLException | RuntimeException e) {
                    rollBack(c, s, e);
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public void abandonGroup() {
        db.onWriter(c -> {
            if (!c.inGroup) return null;
            c.inGroup = false; // even if no statement can be made: the group is gone either way
            try (Statement s = c.raw.createStatement()) {
                rollBack(c, s, new SQLException("group abandoned"));
            }
            return null;
        });
    }

    private void write(WriteBatch batch, boolean commit) {
        if (batch.isEmpty()) {
            if (commit) commitGroup();
            return;
        }
        db.onWriter(c -> {
            try (Statement s = c.raw.createStatement()) {
                // An explicit BEGIN makes the Appenders below part of this transaction.
                if (!c.inGroup) s.execute("BEGIN TRANSACTION");
                c.inGroup = true;
                DuckDBAppender open = null;
                try {
                    // inside: a refused batch rolls back the group it was to join
                    TableWrites.requireDistinct(
                            batch.spans().stream().map(Span::spanId).toList(), "span");
                    TableWrites.requireDistinct(
                            batch.points().stream().map(MetricPoint::pointId).toList(), "metric point");
                    if (!batch.spans().isEmpty()) {
                        open = c.raw.createAppender("main", "spans");
                        for (Span span : batch.spans()) Rows.appendSpan(open, span);
                        open.flush(); // close() swallows flush errors: always flush explicitly
                        open.close();
                        open = null;
                    }
                    if (!batch.points().isEmpty()) {
                        open = c.raw.createAppender("main", "metric_points");
                        for (MetricPoint p : batch.points()) Rows.appendPoint(open, p);
                        open.flush();
                        open.close();
                        open = null;
                    }
                    TableWrites.replaceSessions(c, s, batch.sessions());
                    if (!batch.sourceFiles().isEmpty()) TableWrites.upsertSourceFiles(c, batch.sourceFiles());
                    TableWrites.upsertAgents(c, batch);
                    if (batch.journalSeq() > 0) TableWrites.advanceJournal(c, batch.journalSeq());
                    if (commit) {
                        s.execute("COMMIT");
                        c.inGroup = false;
                    }
                    // the index answers for the journal stage; ids of a group are still pending there
                    index.committed(batch.spans());
                } catch (SQLException | RuntimeException | Error e) {
                    if (open != null) {
                        try {
                            open.close(); // flushes leftovers into the transaction we roll back
                        } catch (SQLException | RuntimeException ce) {
                            e.addSuppressed(ce);
                        }
                    }
                    rollBack(c, s, e);
                    throw e;
                }
            }
            return null;
        });
    }

    /**
     * Ends the writer's failed transaction (and so any group it held); a connection that cannot even
     * roll back is replaced.
     */
    private void rollBack(Conn c, Statement s, Throwable why) {
        c.inGroup = false;
        if (!TableWrites.rollbackQuietly(s, why)) db.replaceWriter(why);
    }

    /** A load on a connection of its own (see {@link DuckDbBulkLoad}); closing the store ends any left open. */
    @Override
    public BulkLoad bulkLoad() {
        return db.whileOpen(ignored -> {
            DuckDbBulkLoad load = new DuckDbBulkLoad(this, db.newWriter());
            bulkLoads.add(load);
            return load;
        });
    }

    /**
     * Commits a bulk load's transaction. Under the writer's lock, and the span index starts over
     * from the newest stored start: it only knows what this writer committed, and the load's spans
     * must now be found by a probe of the table.
     */
    void commitBulk(Statement st) throws SQLException {
        db.underWriteLock(writer -> {
            st.execute("COMMIT");
            index.restart(Db.latestSpanStart(writer.raw));
            return null;
        });
    }

    void bulkClosed(DuckDbBulkLoad load, Conn c) {
        bulkLoads.remove(load);
        c.close(); // aborts whatever the load did not commit
    }

    /** Ends loads left open; called as the store closes. */
    void closeLoads() {
        for (DuckDbBulkLoad load : List.copyOf(bulkLoads)) load.close();
    }

    /** A dashboard rename: session_labels is written by the writer like every other table. */
    @Override
    public void setLabel(String sessionId, String label, Instant at) {
        db.onWriter(c -> {
            try (Stmt ps = c.prepare("INSERT OR REPLACE INTO session_labels VALUES (?, ?, ?)")) {
                ps.setString(1, sessionId);
                ps.setString(2, label);
                ps.setObject(3, Db.odt(at));
                ps.execute();
            }
            return null;
        });
    }

    @Override
    public void saveSnapshot(MethodSnapshot s) {
        db.onWriter(c -> {
            try (Stmt ps = c.prepare("INSERT OR REPLACE INTO method_snapshots VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.sessionId());
                ps.setString(2, s.kind());
                ps.setObject(3, Db.odt(s.createdAt()));
                ps.setObject(4, s.sourceSize());
                ps.setObject(5, Db.odt(s.sourceModified()));
                ps.setString(6, s.payload());
                ps.execute();
            }
            return null;
        });
    }

    @Override
    public void clearLabel(String sessionId) {
        db.onWriter(c -> {
            try (Stmt ps = c.prepare("DELETE FROM session_labels WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                ps.execute();
            }
            return null;
        });
    }

    /** Checkpoints while nobody waits on a commit, once the write-ahead log has grown. */
    @Override
    public void idle() {
        if (db.location.equals(":memory:") || db.onWriter(c -> c.inGroup)) return;
        try {
            Path wal = Path.of(db.location + ".wal");
            if (Files.exists(wal) && Files.size(wal) > idleCheckpointBytes) checkpoint();
        } catch (IOException e) {
            log.debug("cannot size the log of {}", db.location, e);
        }
    }

    @Override
    public void checkpoint() {
        db.checkpoint();
    }
}
