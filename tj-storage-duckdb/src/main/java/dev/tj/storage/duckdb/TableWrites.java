package dev.tj.storage.duckdb;

import dev.tj.core.session.Session;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.WriteBatch;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;

/**
 * The statements one write transaction runs besides appending spans and points: sessions replaced,
 * read positions, the agents roll-up, the journal position. Shared by the writer's commit and a
 * bulk load, each on its own connection inside its own open transaction.
 */
final class TableWrites {
    private TableWrites() {}

    static void advanceJournal(Conn c, long seq) throws SQLException {
        try (Stmt ps = c.prepare("UPDATE ingest_journal SET applied_seq = greatest(applied_seq, ?)")) {
            ps.setLong(1, seq);
            ps.execute();
        }
    }

    /**
     * Replaces these sessions (the last of each id wins). A few (a live commit between bursts) are
     * deleted by id and appended; many go through the connection's staging table, one join for all.
     */
    static void replaceSessions(Conn c, Statement s, List<Session> sessions) throws SQLException {
        if (sessions.isEmpty()) return;
        Collection<Session> rows = lastPerId(sessions);
        List<String> ids = rows.stream().map(Session::sessionId).toList();
        if (ids.size() <= Db.SMALL_IN && !ids.contains(null)) {
            try (Stmt ps = Db.prepareIn(c, "DELETE FROM sessions WHERE session_id", ids)) {
                ps.execute();
            }
            append(c.raw.createAppender("main", "sessions"), rows);
            return;
        }
        s.execute("DELETE FROM sessions_stage");
        append(c.raw.createAppender("temp", "main", "sessions_stage"), rows);
        s.execute("DELETE FROM sessions WHERE session_id IN (SELECT session_id FROM sessions_stage)");
        s.execute("INSERT INTO sessions SELECT * FROM sessions_stage");
    }

    private static void append(DuckDBAppender appender, Collection<Session> rows) throws SQLException {
        try (DuckDBAppender a = appender) {
            for (Session session : rows) Rows.appendSession(a, session);
            a.flush(); // close() swallows flush errors: always flush explicitly
        }
    }

    static void requireDistinct(List<String> ids, String what) {
        Set<String> seen = new HashSet<>(ids.size() * 2);
        for (String id : ids) {
            if (id != null && !seen.add(id)) {
                throw new IllegalArgumentException("batch contains " + what + " id " + id + " twice");
            }
        }
    }

    private static Collection<Session> lastPerId(List<Session> sessions) {
        if (sessions.size() == 1) return sessions;
        Map<String, Session> byId = new LinkedHashMap<>();
        List<Session> noId = new ArrayList<>();
        for (Session s : sessions) {
            if (s.sessionId() == null) noId.add(s);
            else byId.put(s.sessionId(), s);
        }
        if (noId.isEmpty()) return byId.values();
        List<Session> all = new ArrayList<>(byId.values());
        all.addAll(noId); // rejected by the NOT NULL constraint, failing the batch
        return all;
    }

    /** One statement for the whole batch: a backfill records thousands of files per commit. */
    static void upsertSourceFiles(Conn c, List<SourceFile> files) throws SQLException {
        Map<String, SourceFile> last = new LinkedHashMap<>();
        for (SourceFile f : files) last.put(f.path(), f);
        try (Statement s = c.raw.createStatement()) {
            s.execute("DELETE FROM source_files_stage");
            try (DuckDBAppender a = c.raw.createAppender("temp", "main", "source_files_stage")) {
                for (SourceFile f : last.values()) {
                    a.beginRow().append(f.path()).append(f.size());
                    Rows.ts(a, f.modified());
                    a.append(f.offset()).endRow();
                }
                a.flush();
            }
            s.execute("INSERT OR REPLACE INTO source_files SELECT * FROM source_files_stage");
        }
    }

    /**
     * Folds spans not covered by a session of their own agent in this batch into the agents roll-up. Sessions already
     * record their agent's activity (agentIds and lastSeen read both), so a writer batch — whose
     * spans always come with their sessions — costs no agents statement at all.
     */
    static void upsertAgents(Conn c, WriteBatch batch) throws SQLException {
        Map<String, String> sessionAgent = new HashMap<>();
        for (Session s : batch.sessions()) sessionAgent.put(s.sessionId(), s.agentId());
        Map<String, Instant[]> seen = new TreeMap<>();
        for (Span s : batch.spans()) {
            String agent = s.agentId() == null ? Db.UNKNOWN : s.agentId();
            if (s.sessionId() != null && agent.equals(sessionAgent.get(s.sessionId()))) continue;
            see(seen, agent, s.startTime(), s.lastActivity());
        }
        upsertAgentActivity(c, seen);
    }

    /** Folds first/last activity per agent into the agents roll-up. */
    static void upsertAgentActivity(Conn c, Map<String, Instant[]> seen) throws SQLException {
        if (seen.isEmpty()) return;
        try (Stmt ps = c.prepare("INSERT INTO agents (agent_id, first_seen, last_seen) "
                + "VALUES (?, ?, ?) ON CONFLICT (agent_id) DO UPDATE SET "
                + "first_seen = least(agents.first_seen, excluded.first_seen), "
                + "last_seen = greatest(agents.last_seen, excluded.last_seen)")) {
            for (Map.Entry<String, Instant[]> e : seen.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setObject(2, Db.odt(e.getValue()[0]));
                ps.setObject(3, Db.odt(e.getValue()[1]));
                ps.execute();
            }
        }
    }

    /** Widens an agent's first/last activity in {@code seen}. */
    static void see(Map<String, Instant[]> seen, String agent, Instant first, Instant last) {
        Instant[] v = seen.get(agent);
        if (v == null) {
            seen.put(agent, new Instant[] {first, last});
        } else {
            if (first.isBefore(v[0])) v[0] = first;
            if (last.isAfter(v[1])) v[1] = last;
        }
    }

    static boolean rollbackQuietly(Statement s, Throwable cause) {
        try {
            s.execute("ROLLBACK");
            return true;
        } catch (SQLException | RuntimeException r) {
            cause.addSuppressed(r);
            return false;
        }
    }
}
