package dev.tj.storage.duckdb;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.AlertRef;
import dev.tj.core.storage.BulkLoad;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostRow;
import dev.tj.core.storage.MinuteBucket;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.Storage;
import dev.tj.core.storage.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default backend: one DuckDB file, one writer connection, a small pool of reader
 * connections.
 *
 * <h2>Writes</h2>
 * Every write-side SPI method runs on the single writer connection (guarded by a lock in case of
 * misuse). {@link #commit} opens an explicit {@code BEGIN TRANSACTION} <em>before</em> creating any
 * Appender: the DuckDB Appender joins the connection's active transaction, but with JDBC
 * {@code setAutoCommit(false)} alone no transaction is active until the first statement runs, and an
 * Appender flush then commits on its own. Spans and points are appended straight into their tables;
 * sessions are appended into a per-connection temp staging table and replace their stored rows with
 * one DELETE and one INSERT (ids are unique because this is the only place that inserts sessions, and
 * a batch's sessions are de-duplicated, last one winning); transcript read positions and the {@code agents} roll-up are upserted
 * with a few prepared statements; then {@code COMMIT}. On any failure the open Appender is closed
 * first (its close flushes into the doomed transaction, never into a fresh one) and the transaction
 * is rolled back, so nothing of the batch remains.
 *
 * <h2>Reads</h2>
 * Read methods borrow a duplicate of the root connection from a pool (DuckDB connections are not
 * safe for concurrent use, but many connections of one database are), each statement in its own
 * auto-commit transaction, so they see only committed batches and run in parallel with the writer.
 *
 * <h2>Derived state</h2>
 * The {@code agents} table is maintained by {@link #commit}: every agent id of a committed span
 * (null counts as {@code unknown}, as on sessions) or session, with the earliest start and latest
 * activity seen. {@link #agentIds()} and {@link #lastSeen} read it instead of scanning spans.
 */
public final class DuckDbStorage implements Storage {
    private static final Logger log = LoggerFactory.getLogger(DuckDbStorage.class);
    private static final int MAX_IDLE_READERS = 8;
    private static final int IN_CHUNK = 1000;
    private static final int SMALL_IN = 32;
    static final String UNKNOWN = "unknown";
    static final String CHECKPOINT_THRESHOLD = "256MB";
    /** Log size past which an idle writer folds the log into the main file. */
    static final long IDLE_CHECKPOINT_BYTES = 8L * 1024 * 1024;
    long idleCheckpointBytes = IDLE_CHECKPOINT_BYTES;
    /** Span ids kept in memory per generation (two generations, 8 bytes each plus slack). */
    static final int RECENT_GENERATION = 500_000;

    private final String location;
    private final DuckDBConnection root;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ConcurrentLinkedDeque<Conn> idleReaders = new ConcurrentLinkedDeque<>();
    private Conn writer; // guarded by writeLock
    private RecentSpanIds recent;
    private final Set<DuckDbBulkLoad> bulkLoads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Opens (creating if needed, with parent directories) and migrates a DuckDB file. */
    public static DuckDbStorage open(Path file) {
        Path abs = file.toAbsolutePath();
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new DuckDbStorageException("cannot create directory for " + abs + ": " + e.getMessage(), e);
        }
        return new DuckDbStorage("jdbc:duckdb:" + abs, abs.toString());
    }

    /**
     * Loads DuckDB's native library on a background thread. The driver unpacks it from the jar on
     * every start (~70 MB, about 0.4 s); a command that is going to open a database anyway overlaps
     * that with its own start-up. Failures surface, as always, from {@link #open}.
     */
    public static void preloadInBackground() {
        Thread t = new Thread(() -> {
            try {
                Class.forName("org.duckdb.DuckDBNative", true, DuckDbStorage.class.getClassLoader());
            } catch (Throwable e) {
                log.debug("preloading DuckDB failed", e);
            }
        }, "tj-duckdb-preload");
        t.setDaemon(true);
        t.start();
    }

    /** A private in-memory database, gone on close. */
    public static DuckDbStorage openInMemory() {
        return new DuckDbStorage("jdbc:duckdb:", ":memory:");
    }

    private DuckDbStorage(String url, String location) {
        this.location = location;
        try {
            this.root = (DuckDBConnection) DriverManager.getConnection(url);
        } catch (SQLException e) {
            // keep DuckDB's words ("Conflicting lock", "already open"): the CLI keys on them
            throw new DuckDbStorageException("cannot open DuckDB " + location + ": " + e.getMessage(), e);
        }
        try {
            try (Statement s = root.createStatement()) {
                s.execute("SET GLOBAL TimeZone = 'UTC'");
                // A checkpoint stalls the commit that triggers it for up to a second (it rewrites the
                // table's last, partly filled row group), and with it every acknowledgement queued
                // behind. So checkpoints run when the writer is idle (idle(), past IDLE_CHECKPOINT_BYTES
                // of log); the automatic one is only a cap on log size under sustained load.
                s.execute("SET GLOBAL checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
            }
            Migrations.run(root);
            checkColumns("spans", Rows.SPAN_COLUMNS);
            checkColumns("sessions", Rows.SESSION_COLUMNS);
            checkColumns("metric_points", Rows.POINT_COLUMNS);
            this.writer = newWriter();
            this.recent = new RecentSpanIds(RECENT_GENERATION, latestSpanStart(root));
        } catch (SQLException | RuntimeException e) {
            try {
                root.close();
            } catch (SQLException c) {
                e.addSuppressed(c);
            }
            throw new DuckDbStorageException("cannot open DuckDB " + location + ": " + e.getMessage(), e);
        }
    }

    private static Instant latestSpanStart(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT max(epoch_us(start_time)) FROM spans")) {
            if (!rs.next()) return null;
            long us = rs.getLong(1);
            return rs.wasNull() ? null : Instant.EPOCH.plusNanos(us * 1_000L);
        }
    }

    /** The Appender writes by position: fail fast if a migration left columns in another order. */
    private void checkColumns(String table, List<String> expected) throws SQLException {
        List<String> actual = new ArrayList<>();
        try (PreparedStatement ps = root.prepareStatement("SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) actual.add(rs.getString(1));
            }
        }
        if (!actual.equals(expected)) {
            throw new SQLException("table " + table + " has columns " + actual + ", expected " + expected);
        }
    }

    private Conn newWriter() throws SQLException {
        Conn c = new Conn(duplicate());
        try (Statement s = c.raw.createStatement()) {
            s.execute("CREATE TEMP TABLE sessions_stage AS SELECT * FROM sessions LIMIT 0");
            s.execute("CREATE TEMP TABLE id_probe (id VARCHAR, h BIGINT)");
            s.execute("CREATE TEMP TABLE source_files_stage AS SELECT * FROM source_files LIMIT 0");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private DuckDBConnection duplicate() throws SQLException {
        synchronized (root) {
            return root.duplicate();
        }
    }

    public String location() { return location; }

    // =====================================================================================
    // write side
    // =====================================================================================

    @Override
    public Set<String> existingSpanIds(Collection<String> spanIds) {
        return existingIds("spans", "span_id", "span_id_hash", spanIds, null, null);
    }

    /**
     * Live spans are answered from {@link RecentSpanIds} without touching the database; the rest
     * (and hash hits) are looked up among stored spans whose start_time zone maps overlap theirs.
     */
    @Override
    public Set<String> existingSpans(Collection<Span> spans) {
        if (spans.isEmpty()) return Set.of();
        Instant min = null, max = null;
        List<String> ids = new ArrayList<>(spans.size());
        for (Span s : spans) {
            if (recent.covers(s.startTime()) && !recent.mightContain(s.spanId())) continue;
            ids.add(s.spanId());
            if (min == null || s.startTime().isBefore(min)) min = s.startTime();
            if (max == null || s.startTime().isAfter(max)) max = s.startTime();
        }
        if (ids.isEmpty()) return Set.of();
        // stored at microsecond precision: widen by a microsecond each way
        return existingIds("spans", "span_id", "span_id_hash", ids, min.minusNanos(1_000), max.plusNanos(1_000));
    }

    @Override
    public Set<String> existingPointIds(Collection<String> pointIds) {
        return existingIds("metric_points", "point_id", "point_id_hash", pointIds, null, null);
    }

    private Set<String> existingIds(String table, String idCol, String hashCol, Collection<String> ids,
                                    Instant from, Instant to) {
        if (ids.isEmpty()) return Set.of();
        List<String> probe = distinctNonNull(ids);
        if (probe.isEmpty()) return Set.of();
        return onWriter(c -> IdProbe.existing(c, table, idCol, hashCol, probe, from, to));
    }

    private static List<String> distinctNonNull(Collection<String> ids) {
        List<String> out = new ArrayList<>(new LinkedHashSet<>(ids));
        out.removeIf(java.util.Objects::isNull);
        return out;
    }

    @Override
    public Map<String, Session> sessions(Collection<String> sessionIds) {
        List<String> ids = distinctNonNull(sessionIds);
        if (ids.isEmpty()) return Map.of();
        return onWriter(c -> {
            Map<String, Session> out = new HashMap<>();
            String sql;
            Stmt ps;
            if (ids.size() <= SMALL_IN) {
                // pad to a power of two so that a handful of cached statements cover every size
                int n = Integer.highestOneBit(ids.size() * 2 - 1);
                ps = c.prepare("SELECT " + Rows.SESSION_SELECT + " FROM sessions WHERE session_id "
                        + (n == 1 ? "= ?" : "IN (" + placeholders(n) + ")"));
                for (int i = 0; i < n; i++) ps.setString(i + 1, ids.get(Math.min(i, ids.size() - 1)));
            } else {
                IdProbe.load(c, ids);
                ps = c.prepare("SELECT " + Rows.SESSION_SELECT + " FROM sessions WHERE session_id IN "
                        + "(SELECT id FROM id_probe)");
            }
            try (Stmt st = ps; ResultSet rs = st.executeQuery()) {
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
        return onWriter(c -> {
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
        return onWriter(c -> querySessions(c, "SELECT " + Rows.SESSION_SELECT + " FROM sessions "
                + "WHERE service_instance_id = ? AND status = 'active' ORDER BY started_at DESC, session_id",
                List.of(instanceId)));
    }

    @Override
    public void commit(WriteBatch batch) {
        if (batch.isEmpty()) return;
        TableWrites.requireDistinct(batch.spans().stream().map(Span::spanId).toList(), "span");
        TableWrites.requireDistinct(batch.points().stream().map(MetricPoint::pointId).toList(), "metric point");
        onWriter(c -> {
            try (Statement s = c.raw.createStatement()) {
                // An explicit BEGIN makes the Appenders below part of this transaction.
                s.execute("BEGIN TRANSACTION");
                DuckDBAppender open = null;
                try {
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
                    s.execute("COMMIT");
                    recent.addCommitted(batch.spans());
                } catch (SQLException | RuntimeException | Error e) {
                    if (open != null) {
                        try {
                            open.close(); // flushes leftovers into the transaction we roll back
                        } catch (SQLException | RuntimeException ce) {
                            e.addSuppressed(ce);
                        }
                    }
                    if (!TableWrites.rollbackQuietly(s, e)) replaceWriter(e);
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Path> journalDirectory() {
        return location.equals(":memory:") ? Optional.empty() : Optional.of(Path.of(location + ".journal"));
    }

    @Override
    public long journalPosition() {
        return read(c -> {
            try (Statement s = c.raw.createStatement(); ResultSet rs = s.executeQuery("SELECT max(applied_seq) FROM ingest_journal")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** A load on a connection of its own (see {@link DuckDbBulkLoad}); {@link #close()} ends any left open. */
    @Override
    public BulkLoad bulkLoad() {
        lifecycle.readLock().lock();
        try {
            if (closed) throw new IllegalStateException("storage " + location + " is closed");
            DuckDbBulkLoad load = new DuckDbBulkLoad(this, newWriter());
            bulkLoads.add(load);
            return load;
        } catch (SQLException e) {
            throw new DuckDbStorageException(e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Commits a bulk load's transaction. Under the writer's lock, and {@link RecentSpanIds} starts
     * over from the newest stored start: it only knows what this writer committed, and the load's
     * spans must now be found by a probe of the table.
     */
    void commitBulk(Statement st) throws SQLException {
        writeLock.lock();
        try {
            if (closed) throw new IllegalStateException("storage " + location + " is closed");
            st.execute("COMMIT");
            recent = new RecentSpanIds(RECENT_GENERATION, latestSpanStart(writer.raw));
        } finally {
            writeLock.unlock();
        }
    }

    void bulkClosed(DuckDbBulkLoad load, Conn c) {
        bulkLoads.remove(load);
        c.close(); // aborts whatever the load did not commit
    }

    /** After a failed rollback the writer's state is unknown: start over with a fresh connection. */
    private void replaceWriter(Throwable cause) {
        writer.close(); // closing a connection aborts whatever transaction it still had
        try {
            writer = newWriter();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            log.error("cannot reopen the DuckDB writer connection of {}", location, e);
        }
    }

    // =====================================================================================
    // read side
    // =====================================================================================

    @Override
    public Optional<Session> session(String sessionId) {
        if (sessionId == null) return Optional.empty();
        return read(c -> querySessions(c, "SELECT " + Rows.SESSION_SELECT + " FROM sessions WHERE session_id = ?",
                List.of(sessionId)).stream().findFirst());
    }

    @Override
    public List<Session> sessions(SessionStatusFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + Rows.SESSION_SELECT + " FROM sessions WHERE true");
        List<Object> params = new ArrayList<>();
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            params.add(filter.status().wire());
        }
        if (filter.agentId() != null) {
            sql.append(" AND agent_id = ?");
            params.add(filter.agentId());
        }
        sql.append(" ORDER BY started_at DESC, session_id");
        return read(c -> querySessions(c, sql.toString(), params));
    }

    @Override
    public List<Session> liveSessions(Instant cutoff, String agentIdOrNull) {
        List<Object> params = new ArrayList<>();
        params.add(odt(cutoff));
        String agent = "";
        if (agentIdOrNull != null) {
            agent = " AND agent_id = ?";
            params.add(agentIdOrNull);
        }
        String sql = "SELECT " + Rows.SESSION_SELECT + " FROM sessions WHERE status = 'active' "
                + "AND COALESCE(ended_at, started_at) > ?" + agent
                + " ORDER BY COALESCE(ended_at, started_at) DESC, session_id";
        return read(c -> querySessions(c, sql, params));
    }

    @Override
    public List<Session> archivedSessions(Instant cutoff, String agentIdOrNull, int limit) {
        if (limit <= 0) return List.of();
        List<Object> params = new ArrayList<>();
        params.add(odt(cutoff));
        String agent = "";
        if (agentIdOrNull != null) {
            agent = " AND agent_id = ?";
            params.add(agentIdOrNull);
        }
        params.add(limit);
        String sql = "SELECT " + Rows.SESSION_SELECT + " FROM sessions WHERE (status = 'closed' "
                + "OR (status = 'active' AND COALESCE(ended_at, started_at) <= ?))" + agent
                + " ORDER BY COALESCE(ended_at, started_at) DESC, session_id LIMIT ?";
        return read(c -> querySessions(c, sql, params));
    }

    @Override
    public List<String> agentIds() {
        return read(c -> {
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
        return read(c -> {
            Map<String, Double> out = new TreeMap<>();
            try (Stmt ps = c.prepare("SELECT COALESCE(agent_id, 'unknown'), "
                    + "COALESCE(SUM(cost_usd), 0) FROM spans WHERE start_time >= ?::TIMESTAMPTZ GROUP BY 1")) {
                ps.setObject(1, odt(since));
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
        return read(c -> {
            List<MinuteBucket> out = new ArrayList<>();
            for (List<String> chunk : chunks(agentIds)) {
                String sql = "SELECT COALESCE(agent_id, 'unknown') a, epoch_us(date_trunc('minute', start_time)) m, "
                        + "COALESCE(SUM(cost_usd), 0), COUNT(*), COUNT(*) FILTER (WHERE status_code = 'error') "
                        + "FROM spans WHERE start_time >= ?::TIMESTAMPTZ AND COALESCE(agent_id, 'unknown') IN ("
                        + placeholders(chunk.size()) + ") GROUP BY 1, 2 ORDER BY 1, 2";
                try (Stmt ps = c.prepare(sql)) {
                    ps.setObject(1, odt(since));
                    for (int i = 0; i < chunk.size(); i++) ps.setString(i + 2, chunk.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new MinuteBucket(rs.getString(1), Rows.instant(rs, 2), rs.getDouble(3),
                                    rs.getLong(4), rs.getLong(5)));
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
        return read(c -> {
            Map<String, Instant> out = new TreeMap<>();
            for (List<String> chunk : chunks(agentIds)) {
                String in = "agent_id IN (" + placeholders(chunk.size()) + ")";
                try (Stmt ps = c.prepare("SELECT agent_id, max(us) FROM ("
                        + "SELECT agent_id, epoch_us(last_seen) AS us FROM agents WHERE " + in
                        + " UNION ALL SELECT agent_id, epoch_us(COALESCE(ended_at, started_at)) FROM sessions WHERE " + in
                        + ") GROUP BY agent_id")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                        ps.setString(chunk.size() + i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.put(rs.getString(1), Rows.instant(rs, 2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Map<PlanTier, Long> planTierMix(String agentIdOrNull) {
        return read(c -> {
            Map<PlanTier, Long> out = new EnumMap<>(PlanTier.class);
            String sql = "SELECT plan_tier, COUNT(*) FROM sessions"
                    + (agentIdOrNull == null ? "" : " WHERE agent_id = ?") + " GROUP BY 1";
            try (Stmt ps = c.prepare(sql)) {
                if (agentIdOrNull != null) ps.setString(1, agentIdOrNull);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.merge(PlanTier.parse(rs.getString(1)), rs.getLong(2), Long::sum);
                }
            }
            return out;
        });
    }

    @Override
    public List<Span> spans(String sessionId) {
        return bySession("SELECT " + Rows.SPAN_SELECT + " FROM spans WHERE session_id = ? ORDER BY start_time, span_id",
                sessionId, Rows::readSpan);
    }

    @Override
    public List<MetricPoint> metricPoints(String sessionId) {
        return bySession("SELECT " + Rows.POINT_SELECT + " FROM metric_points WHERE session_id = ? ORDER BY time, point_id",
                sessionId, Rows::readPoint);
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> bySession(String sql, String sessionId, RowReader<T> reader) {
        if (sessionId == null) return List.of();
        return read(c -> {
            List<T> out = new ArrayList<>();
            try (Stmt ps = c.prepare(sql)) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(reader.read(rs));
                }
            }
            return out;
        });
    }

    @Override
    public long spanCount() {
        return read(c -> {
            try (ResultSet rs = c.prepare("SELECT COUNT(*) FROM spans").executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Token and cost sums per group over spans that have a model. Calendar groups use the query's
     * zone (UTC when null): DAY {@code YYYY-MM-DD}, WEEK the ISO week's Monday {@code YYYY-MM-DD},
     * MONTH {@code YYYY-MM}. AGENT and SESSION put a missing id under {@code unknown}; PROJECT is
     * the span's session's {@code service_namespace}, else {@code unknown}. TOOL is the exception to
     * "spans with a model": it groups tool-call spans (tool_name set, not a {@code tool_decision})
     * by tool name whatever their model, so its tokens and cost are usually 0. A null {@code until}
     * means no upper bound. Rows are ordered by group.
     */
    @Override
    public List<CostRow> cost(CostQuery q) { return read(c -> SpanCost.query(c, q)); }

    @Override
    public Map<String, SourceFile> sourceFiles() {
        return read(c -> {
            Map<String, SourceFile> out = new LinkedHashMap<>();
            try (ResultSet rs = c.prepare(
                    "SELECT path, size, epoch_us(modified), read_offset FROM source_files ORDER BY path").executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new SourceFile(rs.getString(1), rs.getLong(2), Rows.instant(rs, 3),
                            rs.getLong(4)));
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, String> labels() {
        return read(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (ResultSet rs = c.prepare(
                    "SELECT session_id, label FROM session_labels ORDER BY session_id").executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        });
    }

    /** A dashboard rename; runs on a reader connection (the writer never touches session_labels). */
    @Override
    public void setLabel(String sessionId, String label, Instant at) {
        read(c -> {
            try (Stmt ps = c.prepare("INSERT OR REPLACE INTO session_labels VALUES (?, ?, ?)")) {
                ps.setString(1, sessionId);
                ps.setString(2, label);
                ps.setObject(3, odt(at));
                ps.execute();
            }
            return null;
        });
    }

    @Override
    public void clearLabel(String sessionId) {
        read(c -> {
            try (Stmt ps = c.prepare("DELETE FROM session_labels WHERE session_id = ?")) {
                ps.setString(1, sessionId);
                ps.execute();
            }
            return null;
        });
    }

    @Override
    public List<AlertRef> activeAlerts(String agentIdOrNull, int limit) {
        if (limit <= 0) return List.of();
        return read(c -> {
            List<AlertRef> out = new ArrayList<>();
            String sql = "SELECT alert_id, agent_id, session_id, epoch_us(fired_at), type, severity, title FROM alerts "
                    + "WHERE NOT COALESCE(acknowledged, false) AND NOT COALESCE(suppressed, false)"
                    + (agentIdOrNull == null ? "" : " AND agent_id = ?") + " ORDER BY fired_at DESC, alert_id LIMIT ?";
            try (Stmt ps = c.prepare(sql)) {
                int i = 1;
                if (agentIdOrNull != null) ps.setString(i++, agentIdOrNull);
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AlertRef(rs.getString(1), rs.getString(2), rs.getString(3), Rows.instant(rs, 4),
                                rs.getString(5), rs.getString(6), rs.getString(7)));
                    }
                }
            }
            return out;
        });
    }

    // =====================================================================================
    // lifecycle
    // =====================================================================================

    /**
     * Runs CHECKPOINT so that the WAL is folded into the main file. DuckDB skips or refuses it while
     * other transactions are running; that is logged, not thrown: committed data is durable in the
     * WAL either way, and {@link #close()} checkpoints once no reader is left.
     */
    /** Checkpoints while nobody waits on a commit, once the write-ahead log has grown. */
    @Override
    public void idle() {
        if (location.equals(":memory:")) return;
        try {
            Path wal = Path.of(location + ".wal");
            if (Files.exists(wal) && Files.size(wal) > idleCheckpointBytes) checkpoint();
        } catch (IOException e) {
            log.debug("cannot size the log of {}", location, e);
        }
    }

    @Override
    public void checkpoint() {
        writeLock.lock();
        try {
            if (closed) return;
            try (Statement s = writer.raw.createStatement()) {
                s.execute("CHECKPOINT");
            } catch (SQLException e) {
                log.warn("CHECKPOINT of {} did not run: {}", location, e.getMessage());
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) return;
            lifecycle.writeLock().lock(); // waits for in-flight reads
            try {
                closed = true;
                for (DuckDbBulkLoad load : List.copyOf(bulkLoads)) load.close();
                try (Statement s = writer.raw.createStatement()) {
                    s.execute("CHECKPOINT");
                } catch (SQLException e) {
                    log.warn("final CHECKPOINT of {} failed: {}", location, e.getMessage());
                }
                for (Conn c; (c = idleReaders.poll()) != null; ) c.close();
                writer.close();
                closeQuietly(root);
            } finally {
                lifecycle.writeLock().unlock();
            }
        } finally {
            writeLock.unlock();
        }
    }

    // =====================================================================================
    // plumbing
    // =====================================================================================

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Conn c) throws SQLException;
    }

    private <T> T onWriter(SqlWork<T> work) {
        writeLock.lock();
        try {
            if (closed) throw new IllegalStateException("storage " + location + " is closed");
            try {
                return work.run(writer);
            } catch (SQLException e) {
                throw new DuckDbStorageException(e.getMessage(), e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T read(SqlWork<T> work) {
        lifecycle.readLock().lock();
        try {
            if (closed) throw new IllegalStateException("storage " + location + " is closed");
            Conn c = idleReaders.pollFirst();
            if (c == null) {
                try {
                    c = new Conn(duplicate());
                } catch (SQLException e) {
                    throw new DuckDbStorageException(e.getMessage(), e);
                }
            }
            boolean healthy = false;
            try {
                T t = work.run(c);
                healthy = true;
                return t;
            } catch (SQLException e) {
                throw new DuckDbStorageException(e.getMessage(), e);
            } finally {
                if (healthy && idleReaders.size() < MAX_IDLE_READERS) {
                    idleReaders.offerFirst(c);
                } else {
                    c.close();
                }
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static List<Session> querySessions(Conn c, String sql, List<?> params) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (Stmt ps = c.prepare(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(Rows.readSession(rs));
            }
        }
        return out;
    }

    static void bind(Stmt ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
    }

    static OffsetDateTime odt(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static String placeholders(int n) {
        return "?" + ", ?".repeat(n - 1);
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(ids));
        all.removeIf(java.util.Objects::isNull);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        return out;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing a DuckDB connection failed", e);
        }
    }

    @Override
    public String toString() {
        return "DuckDbStorage[" + location + "]";
    }
}
