package dev.tj.storage.postgres;

import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.WriteBatch;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * This node's write side. A batch is one transaction: spans and points are COPYed in, sorted by id
 * (when another node stored one of them first, a multi-row insert {@code ON CONFLICT DO NOTHING
 * RETURNING} their ids instead, so such a record is skipped and known); sessions are merged into their stored rows
 * ({@link SessionMerge}) with the contribution of such skipped spans taken out; read positions, the
 * agents roll-up and this node's journal position are upserted in the same transaction.
 *
 * <p>The sessions this writer last read or committed are its bases (see {@link SessionMerge}). The
 * writer's fold caches at most {@code BatchWriter.SESSION_CACHE} sessions and reads the others again
 * (which records a fresh base), so keeping many more bases than that keeps every base the fold uses.
 */
final class PgWriter implements IngestStore {
    /** Bases kept; well above the sessions the fold keeps in memory. */
    static final int BASES = 200_000;

    private final Db db;
    private final String nodeId;
    private final Map<String, Session> bases = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> e) {
            return size() > BASES;
        }
    };

    PgWriter(Db db, String nodeId) {
        this.db = db;
        this.nodeId = nodeId;
    }

    @Override
    public Map<String, Session> sessions(Collection<String> sessionIds) {
        List<String> ids = Db.distinctNonNull(sessionIds);
        if (ids.isEmpty()) return Map.of();
        Map<String, Session> out = new HashMap<>();
        db.read(c -> {
            PreparedStatement ps =
                    c.prepare("SELECT " + PgRows.SESSION_SELECT + " FROM sessions WHERE session_id = ANY(?)");
            ps.setArray(1, c.array("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Session s = PgRows.readSession(rs);
                    out.put(s.sessionId(), s);
                }
            }
            return null;
        });
        synchronized (bases) {
            bases.putAll(out);
        }
        return out;
    }

    @Override
    public Optional<String> sessionIdForConversation(String conversationId) {
        if (conversationId == null) return Optional.empty();
        return db.read(c -> {
            PreparedStatement ps = c.prepare("SELECT session_id FROM sessions WHERE conversation_id = ? "
                    + "ORDER BY started_at DESC, session_id DESC LIMIT 1");
            ps.setString(1, conversationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public List<Session> activeSessionsOfInstance(String instanceId) {
        if (instanceId == null) return List.of();
        List<Session> out = db.read(c -> Db.querySessions(
                c,
                "SELECT " + PgRows.SESSION_SELECT + " FROM sessions "
                        + "WHERE service_instance_id = ? AND status = 'active' ORDER BY started_at DESC, session_id",
                List.of(instanceId)));
        // the fold prefers its own copy of a session it knows: only the unknown ones get this base
        synchronized (bases) {
            for (Session s : out) bases.putIfAbsent(s.sessionId(), s);
        }
        return out;
    }

    @Override
    public void commit(WriteBatch batch) {
        if (batch.isEmpty()) return;
        requireDistinct(batch.spans().stream().map(Span::spanId).toList(), "span");
        requireDistinct(batch.points().stream().map(MetricPoint::pointId).toList(), "metric point");
        List<Span> spans = new ArrayList<>(batch.spans());
        spans.sort(Comparator.comparing(Span::spanId, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<MetricPoint> points = new ArrayList<>(batch.points());
        points.sort(Comparator.comparing(MetricPoint::pointId, Comparator.nullsFirst(Comparator.naturalOrder())));
        Map<String, Session> last = lastPerId(batch.sessions());
        Map<String, Session> basesNow;
        synchronized (bases) {
            basesNow = new HashMap<>();
            for (String id : last.keySet()) {
                Session b = bases.get(id);
                if (b != null) basesNow.put(id, b);
            }
        }
        db.transaction(c -> {
            Set<String> newSpans = insertSpans(c, spans);
            insertPoints(c, points);
            Map<String, List<Span>> repeats = new HashMap<>();
            for (Span s : spans) {
                if (!newSpans.contains(s.spanId()) && s.sessionId() != null) {
                    repeats.computeIfAbsent(s.sessionId(), k -> new ArrayList<>())
                            .add(s);
                }
            }
            List<Session> sessions = new ArrayList<>(last.size());
            for (Session s : last.values()) {
                sessions.add(SessionMerge.withoutRepeats(s, repeats.getOrDefault(s.sessionId(), List.of())));
            }
            SessionMerge.write(c, sessions, basesNow);
            if (!batch.sourceFiles().isEmpty()) upsertSourceFiles(c, batch.sourceFiles());
            upsertAgents(c, batch);
            if (batch.journalSeq() > 0) advanceJournal(c, batch.journalSeq());
            return null;
        });
        // what the fold now holds for these sessions is what it handed over
        synchronized (bases) {
            bases.putAll(last);
        }
    }

    /**
     * Spans are almost always new here (the journal stage dropped those storage already had), so
     * they are COPYed straight into the table. Only when another node stored one of them meanwhile
     * does the COPY fail on the key; then, back at the savepoint, the multi-row insert skips the
     * stored ones and says which went in.
     *
     * @return the ids of the spans this batch inserted
     */
    private static Set<String> insertSpans(Conn c, List<Span> spans) throws SQLException {
        if (spans.isEmpty()) return new HashSet<>();
        CopyRows rows = new CopyRows(PgRows.SPAN_COLUMNS.size());
        for (Span s : spans) rows.add(PgRows.spanValues(s));
        if (copied(c, "spans", rows)) {
            Set<String> inserted = new HashSet<>(spans.size() * 2);
            for (Span s : spans) inserted.add(s.spanId());
            return inserted;
        }
        return insertSpansSkippingStored(c, spans);
    }

    /**
     * COPYs the rows behind a savepoint: true when they all went in, false (and nothing of them
     * kept) when a key was stored already.
     */
    private static boolean copied(Conn c, String table, CopyRows rows) throws SQLException {
        c.execute("SAVEPOINT copy_rows");
        try {
            rows.copyInto(c, table, table.equals("spans") ? PgRows.SPAN_COLUMNS : PgRows.POINT_COLUMNS);
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) throw e;
            c.execute("ROLLBACK TO SAVEPOINT copy_rows");
            return false;
        }
    }

    private static final String UNIQUE_VIOLATION = "23505";

    private static Set<String> insertSpansSkippingStored(Conn c, List<Span> spans) throws SQLException {
        Set<String> inserted = new HashSet<>();
        ArrayRows rows = new ArrayRows(PgRows.SPAN_TYPES);
        for (Span s : spans) rows.add(PgRows.spanValues(s));
        String cols = String.join(", ", PgRows.SPAN_COLUMNS);
        PreparedStatement ps = c.prepare("INSERT INTO spans (" + cols + ") SELECT " + cols + " FROM "
                + rows.unnest("u", PgRows.SPAN_COLUMNS)
                + " ORDER BY span_id ON CONFLICT (span_id) DO NOTHING RETURNING span_id");
        rows.bind(c, ps, 1);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) inserted.add(rs.getString(1));
        }
        return inserted;
    }

    private static void insertPoints(Conn c, List<MetricPoint> points) throws SQLException {
        if (points.isEmpty()) return;
        CopyRows copy = new CopyRows(PgRows.POINT_COLUMNS.size());
        for (MetricPoint p : points) copy.add(PgRows.pointValues(p));
        if (copied(c, "metric_points", copy)) return;
        ArrayRows rows = new ArrayRows(PgRows.POINT_TYPES);
        for (MetricPoint p : points) rows.add(PgRows.pointValues(p));
        String cols = String.join(", ", PgRows.POINT_COLUMNS);
        PreparedStatement ps = c.prepare("INSERT INTO metric_points (" + cols + ") SELECT " + cols + " FROM "
                + rows.unnest("u", PgRows.POINT_COLUMNS) + " ORDER BY point_id ON CONFLICT (point_id) DO NOTHING");
        rows.bind(c, ps, 1);
        ps.executeUpdate();
    }

    private void advanceJournal(Conn c, long seq) throws SQLException {
        PreparedStatement ps = c.prepare("INSERT INTO ingest_journal (node_id, applied_seq) VALUES (?, ?) "
                + "ON CONFLICT (node_id) DO UPDATE SET applied_seq = greatest(ingest_journal.applied_seq, "
                + "excluded.applied_seq)");
        ps.setString(1, nodeId);
        ps.setLong(2, seq);
        ps.executeUpdate();
    }

    /** Last of each id wins, sorted by id (the order rows are locked and inserted in). */
    private static Map<String, Session> lastPerId(List<Session> sessions) {
        Map<String, Session> byId = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (Session s : sessions) byId.put(s.sessionId(), s);
        return byId;
    }

    static void requireDistinct(List<String> ids, String what) {
        Set<String> seen = new HashSet<>(ids.size() * 2);
        for (String id : ids) {
            if (id != null && !seen.add(id)) {
                throw new IllegalArgumentException("batch contains " + what + " id " + id + " twice");
            }
        }
    }

    /** One statement for the whole batch: a backfill records thousands of files per commit. */
    private static void upsertSourceFiles(Conn c, List<SourceFile> files) throws SQLException {
        Map<String, SourceFile> last = new TreeMap<>();
        for (SourceFile f : files) last.put(f.path(), f);
        ArrayRows rows = new ArrayRows(List.of("text", "int8", "timestamptz", "int8"));
        for (SourceFile f : last.values()) {
            rows.add(new Object[] {PgRows.text(f.path()), f.size(), PgRows.ts(f.modified()), f.offset()});
        }
        List<String> names = List.of("path", "size", "modified", "read_offset");
        PreparedStatement ps = c.prepare("INSERT INTO source_files (path, size, modified, read_offset) SELECT * FROM "
                + rows.unnest("u", names) + " ON CONFLICT (path) DO UPDATE SET size = excluded.size, "
                + "modified = excluded.modified, read_offset = excluded.read_offset");
        rows.bind(c, ps, 1);
        ps.executeUpdate();
    }

    /**
     * Folds spans not covered by a session of their own agent in this batch into the agents
     * roll-up (sessions record their agent's activity themselves), as DuckDB's writer does.
     */
    private static void upsertAgents(Conn c, WriteBatch batch) throws SQLException {
        Map<String, String> sessionAgent = new HashMap<>();
        for (Session s : batch.sessions()) sessionAgent.put(s.sessionId(), s.agentId());
        Map<String, Instant[]> seen = new TreeMap<>();
        for (Span s : batch.spans()) {
            String agent = s.agentId() == null ? Db.UNKNOWN : s.agentId();
            if (s.sessionId() != null && agent.equals(sessionAgent.get(s.sessionId()))) continue;
            Instant[] v = seen.get(agent);
            if (v == null) {
                seen.put(agent, new Instant[] {s.startTime(), s.lastActivity()});
            } else {
                if (s.startTime().isBefore(v[0])) v[0] = s.startTime();
                if (s.lastActivity().isAfter(v[1])) v[1] = s.lastActivity();
            }
        }
        if (seen.isEmpty()) return;
        ArrayRows rows = new ArrayRows(List.of("text", "timestamptz", "timestamptz"));
        for (Map.Entry<String, Instant[]> e : seen.entrySet()) {
            rows.add(new Object[] {PgRows.text(e.getKey()), PgRows.ts(e.getValue()[0]), PgRows.ts(e.getValue()[1])});
        }
        PreparedStatement ps = c.prepare("INSERT INTO agents (agent_id, first_seen, last_seen) SELECT * FROM "
                + rows.unnest("u", List.of("agent_id", "first_seen", "last_seen"))
                + " ON CONFLICT (agent_id) DO UPDATE SET first_seen = least(agents.first_seen, excluded.first_seen), "
                + "last_seen = greatest(agents.last_seen, excluded.last_seen)");
        rows.bind(c, ps, 1);
        ps.executeUpdate();
    }

    @Override
    public void setLabel(String sessionId, String label, Instant at) {
        db.transaction(c -> {
            PreparedStatement ps = c.prepare("INSERT INTO session_labels VALUES (?, ?, ?) ON CONFLICT (session_id) "
                    + "DO UPDATE SET label = excluded.label, updated_at = excluded.updated_at");
            ps.setString(1, PgRows.text(sessionId));
            ps.setString(2, PgRows.text(label));
            ps.setObject(3, Db.odt(at));
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public void clearLabel(String sessionId) {
        db.transaction(c -> {
            PreparedStatement ps = c.prepare("DELETE FROM session_labels WHERE session_id = ?");
            ps.setString(1, PgRows.text(sessionId));
            ps.executeUpdate();
            return null;
        });
    }

    @Override
    public void saveSnapshot(MethodSnapshot s) {
        db.transaction(c -> {
            PreparedStatement ps = c.prepare("INSERT INTO method_snapshots VALUES (?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (session_id, kind) DO UPDATE SET created_at = excluded.created_at, "
                    + "source_size = excluded.source_size, source_modified = excluded.source_modified, "
                    + "payload = excluded.payload");
            ps.setString(1, PgRows.text(s.sessionId()));
            ps.setString(2, PgRows.text(s.kind()));
            ps.setObject(3, Db.odt(s.createdAt()));
            ps.setObject(4, s.sourceSize());
            ps.setObject(5, Db.odt(s.sourceModified()));
            ps.setString(6, PgRows.text(s.payload()));
            ps.executeUpdate();
            return null;
        });
    }

    /** Every commit is durable when it returns: PostgreSQL has no log for tj to fold. */
    @Override
    public void checkpoint() {}
}
