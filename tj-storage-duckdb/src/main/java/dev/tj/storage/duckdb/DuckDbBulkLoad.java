package dev.tj.storage.duckdb;

import dev.tj.core.session.Session;
import dev.tj.core.span.Span;
import dev.tj.core.storage.BulkLoad;
import dev.tj.core.storage.SourceFile;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;

/**
 * A bulk load on its own connection: spans go through one Appender straight into {@code spans}
 * inside a transaction that stays open until {@link #commit}. Nothing is buffered on the Java side,
 * and a transaction of more than a row group (122,880 rows) lets DuckDB write full row groups to the
 * file directly instead of through the write-ahead log. Its own connection (own transaction) means
 * the store's writer is never blocked by a load, and closing the load aborts whatever it did not
 * commit.
 */
final class DuckDbBulkLoad implements BulkLoad {
    private final DuckDbWriter storage;
    private final Conn c;
    private Statement st;
    private DuckDBAppender appender; // open while a transaction is
    /** Hashes of every span id of this load: a repeat is checked exactly before it can commit. */
    private final RecentSpanIds.LongSet ids = new RecentSpanIds.LongSet(1 << 16);

    private final List<Long> repeatedHashes = new ArrayList<>();
    /** Per session and agent of the spans since the last commit: first start, last activity. */
    private final Map<List<String>, Instant[]> activity = new HashMap<>();

    private String seenSession, seenAgent;
    private Instant[] seen;
    private boolean failed, closed;

    DuckDbBulkLoad(DuckDbWriter storage, Conn c) {
        this.storage = storage;
        this.c = c;
    }

    @Override
    public void add(List<Span> spans) {
        usable();
        try {
            if (appender == null) begin();
            for (Span s : spans) {
                long h = IdHash.of(s.spanId());
                if (ids.contains(h)) repeatedHashes.add(h);
                else ids.add(h);
                Rows.appendSpan(appender, s);
                // runs of spans share session and agent: look the pair up only when it changes
                if (seen == null
                        || !java.util.Objects.equals(s.sessionId(), seenSession)
                        || !java.util.Objects.equals(s.agentId(), seenAgent)) {
                    seenSession = s.sessionId();
                    seenAgent = s.agentId();
                    seen = activity.computeIfAbsent(java.util.Arrays.asList(seenSession, seenAgent), k ->
                            new Instant[] {s.startTime(), s.lastActivity()});
                }
                if (s.startTime().isBefore(seen[0])) seen[0] = s.startTime();
                if (s.lastActivity().isAfter(seen[1])) seen[1] = s.lastActivity();
            }
        } catch (SQLException | RuntimeException e) {
            throw fail(e);
        }
    }

    @Override
    public void commit(List<Session> sessions, List<SourceFile> sourceFiles) {
        usable();
        if (appender == null && sessions.isEmpty() && sourceFiles.isEmpty()) return;
        try {
            if (appender == null) begin();
            appender.flush(); // close() swallows flush errors: always flush explicitly
            appender.close();
            appender = null;
            requireNoRepeats();
            TableWrites.replaceSessions(c, st, sessions);
            if (!sourceFiles.isEmpty()) TableWrites.upsertSourceFiles(c, sourceFiles);
            TableWrites.upsertAgentActivity(c, uncovered(sessions));
            activity.clear();
            seen = null;
            storage.commitBulk(st);
        } catch (SQLException | RuntimeException e) {
            throw fail(e);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (appender != null) {
            try {
                appender.close(); // flushes into the transaction the connection's close aborts
            } catch (SQLException | RuntimeException e) {
                // nothing of it is committed either way
            }
        }
        try {
            if (st != null) st.close();
        } catch (SQLException e) {
            // the connection goes next
        }
        storage.bulkClosed(this, c);
    }

    private void begin() throws SQLException {
        if (st == null) st = c.raw.createStatement();
        // An explicit BEGIN makes the Appender part of this transaction (see DuckDbStorage.commit).
        st.execute("BEGIN TRANSACTION");
        appender = c.raw.createAppender("main", "spans");
    }

    /** A repeated hash is a repeated id or (rarely) two ids with one hash: the rows tell which. */
    private void requireNoRepeats() throws SQLException {
        if (repeatedHashes.isEmpty()) return;
        try (Stmt ps =
                c.prepare("SELECT span_id FROM spans WHERE span_id_hash = ? GROUP BY span_id HAVING count(*) > 1")) {
            for (long h : repeatedHashes) {
                ps.setLong(1, h);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next())
                        throw new IllegalArgumentException("bulk load contains span id " + rs.getString(1) + " twice");
                }
            }
        }
        repeatedHashes.clear();
    }

    /** Agent activity of spans whose session in this commit does not already record it under that agent. */
    private Map<String, Instant[]> uncovered(List<Session> sessions) {
        Map<String, String> sessionAgent = new HashMap<>();
        for (Session s : sessions) sessionAgent.put(s.sessionId(), s.agentId());
        Map<String, Instant[]> out = new java.util.TreeMap<>();
        for (var e : activity.entrySet()) {
            String session = e.getKey().get(0);
            String agent = e.getKey().get(1) == null ? Db.UNKNOWN : e.getKey().get(1);
            if (session != null && agent.equals(sessionAgent.get(session))) continue;
            TableWrites.see(out, agent, e.getValue()[0], e.getValue()[1]);
        }
        return out;
    }

    private void usable() {
        if (closed) throw new IllegalStateException("bulk load is closed");
        if (failed) throw new IllegalStateException("bulk load failed earlier; close it");
    }

    /** A failed load rolls back what it did not commit and takes nothing more. */
    private RuntimeException fail(Exception e) {
        failed = true;
        if (appender != null) {
            try {
                appender.close();
            } catch (SQLException | RuntimeException ce) {
                e.addSuppressed(ce);
            }
            appender = null;
        }
        if (st != null) TableWrites.rollbackQuietly(st, e);
        return e instanceof RuntimeException re ? re : new DuckDbStorageException(e.getMessage(), e);
    }
}
