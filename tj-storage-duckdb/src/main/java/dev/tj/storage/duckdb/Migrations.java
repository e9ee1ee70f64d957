package dev.tj.storage.duckdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;

/**
 * Versioned schema migrations. Each runs once, in order, inside its own transaction together with
 * the row that records it in {@code schema_migrations}, so a crash mid-migration leaves no trace.
 *
 * <p>Never edit a released migration: append a new one. {@code ALTER TABLE ... ADD COLUMN} appends
 * at the end of a table, and the Appender writes columns by position, so a new span/session column
 * must also be appended to {@link Rows}' column lists (checked at open by {@link DuckDbStorage}).
 *
 * <p>Indexes are deliberately few. {@code spans} has none: an ART index on 5M string span ids costs
 * hundreds of MB of RAM, slows the Appender, and DuckDB does not use it for bulk {@code IN} lookups
 * anyway. Duplicate checks scan the 8-byte {@code span_id_hash} column instead, and time filters rely
 * on the zone maps of {@code start_time} (data arrives roughly in time order). {@code sessions} has no
 * index either, not even its primary key: the writer replaces a few hundred rows per commit, and with
 * an ART index that got slower with every commit (INSERT OR REPLACE of 400 rows into 20k went from 7 to
 * 130 ms before a checkpoint) while a plain DELETE + INSERT stays at ~5 ms. Session ids stay unique
 * because only the writer's commit inserts sessions and it deletes every id it inserts first; the
 * table is small enough (tens of thousands of rows) to scan in a millisecond.
 */
final class Migrations {
    private Migrations() {}

    record Migration(int version, String description, List<String> statements) {}

    static final List<Migration> ALL = List.of(
            new Migration(
                    1,
                    "TokenJam-shaped core tables: agents, sessions, spans, alerts, session_labels",
                    List.of(
                            """
                    CREATE TABLE agents (
                      agent_id VARCHAR PRIMARY KEY,
                      name VARCHAR,
                      version VARCHAR,
                      provider VARCHAR,
                      first_seen TIMESTAMPTZ NOT NULL,
                      last_seen TIMESTAMPTZ NOT NULL)""",
                            """
                    CREATE TABLE sessions (
                      session_id VARCHAR NOT NULL,
                      agent_id VARCHAR NOT NULL,
                      conversation_id VARCHAR,
                      started_at TIMESTAMPTZ NOT NULL,
                      ended_at TIMESTAMPTZ,
                      status VARCHAR NOT NULL DEFAULT 'active',
                      terminal_at TIMESTAMPTZ,
                      total_cost_usd DOUBLE,
                      reported_cost_usd DOUBLE,
                      input_tokens BIGINT DEFAULT 0,
                      output_tokens BIGINT DEFAULT 0,
                      cache_tokens BIGINT DEFAULT 0,
                      cache_write_tokens BIGINT DEFAULT 0,
                      cache_write_1h_tokens BIGINT DEFAULT 0,
                      tool_call_count BIGINT DEFAULT 0,
                      error_count BIGINT DEFAULT 0,
                      span_count BIGINT DEFAULT 0,
                      llm_call_count BIGINT DEFAULT 0,
                      fallback_priced_spans INTEGER DEFAULT 0,
                      active_ms DOUBLE DEFAULT 0,
                      plan_tier VARCHAR DEFAULT 'unknown',
                      service_namespace VARCHAR,
                      service_instance_id VARCHAR,
                      run_id VARCHAR,
                      parent_session_id VARCHAR)""",
                            """
                    CREATE TABLE spans (
                      span_id VARCHAR NOT NULL,
                      span_id_hash BIGINT NOT NULL,
                      trace_id VARCHAR NOT NULL,
                      parent_span_id VARCHAR,
                      session_id VARCHAR,
                      agent_id VARCHAR,
                      sub_agent_id VARCHAR,
                      name VARCHAR NOT NULL,
                      kind VARCHAR NOT NULL,
                      status_code VARCHAR NOT NULL,
                      status_message VARCHAR,
                      start_time TIMESTAMPTZ NOT NULL,
                      end_time TIMESTAMPTZ,
                      duration_ms DOUBLE,
                      attributes JSON NOT NULL DEFAULT '{}',
                      events JSON DEFAULT '[]',
                      provider VARCHAR,
                      model VARCHAR,
                      tool_name VARCHAR,
                      input_tokens BIGINT,
                      output_tokens BIGINT,
                      cache_tokens BIGINT,
                      cache_write_tokens BIGINT,
                      cache_write_1h_tokens BIGINT,
                      cost_usd DOUBLE,
                      reported_cost_usd DOUBLE,
                      priced_by_fallback BOOLEAN NOT NULL DEFAULT false,
                      request_type VARCHAR,
                      conversation_id VARCHAR,
                      billing_account VARCHAR,
                      service_namespace VARCHAR,
                      service_instance_id VARCHAR,
                      run_id VARCHAR,
                      parent_session_id VARCHAR)""",
                            """
                    CREATE TABLE alerts (
                      alert_id VARCHAR PRIMARY KEY,
                      agent_id VARCHAR,
                      session_id VARCHAR,
                      span_id VARCHAR,
                      fired_at TIMESTAMPTZ NOT NULL,
                      type VARCHAR NOT NULL,
                      severity VARCHAR NOT NULL,
                      title VARCHAR NOT NULL,
                      detail JSON NOT NULL,
                      acknowledged BOOLEAN DEFAULT false,
                      suppressed BOOLEAN DEFAULT false)""",
                            "CREATE INDEX idx_alerts_agent_id ON alerts(agent_id)",
                            "CREATE INDEX idx_alerts_fired_at ON alerts(fired_at)",
                            """
                    CREATE TABLE session_labels (
                      session_id VARCHAR PRIMARY KEY,
                      label VARCHAR NOT NULL,
                      updated_at TIMESTAMPTZ NOT NULL)""")),
            new Migration(2, "metric points and transcript read positions", List.of("""
                    CREATE TABLE metric_points (
                      point_id VARCHAR NOT NULL,
                      point_id_hash BIGINT NOT NULL,
                      session_id VARCHAR,
                      agent_id VARCHAR,
                      name VARCHAR NOT NULL,
                      unit VARCHAR,
                      time TIMESTAMPTZ NOT NULL,
                      value DOUBLE NOT NULL,
                      attributes JSON)""", """
                    CREATE TABLE source_files (
                      path VARCHAR PRIMARY KEY,
                      size BIGINT NOT NULL,
                      modified TIMESTAMPTZ,
                      read_offset BIGINT NOT NULL)""")),
            new Migration(
                    3,
                    "position of the ingest journal applied to this database",
                    List.of(
                            "CREATE TABLE ingest_journal (applied_seq BIGINT NOT NULL)",
                            "INSERT INTO ingest_journal VALUES (0)")),
            // Alerts do not exist yet: an empty table nobody writes was only a shape locked in early.
            new Migration(
                    4,
                    "drop the alerts table until alerts exist",
                    List.of(
                            "DROP INDEX IF EXISTS idx_alerts_agent_id",
                            "DROP INDEX IF EXISTS idx_alerts_fired_at",
                            "DROP TABLE IF EXISTS alerts")),
            // A session's story and asks, kept for when its transcript is pruned: small, one row per
            // session and kind, replaced by the writer (so a primary key is cheap here).
            new Migration(5, "method snapshots", List.of("""
                    CREATE TABLE method_snapshots (
                      session_id VARCHAR NOT NULL,
                      kind VARCHAR NOT NULL,
                      created_at TIMESTAMPTZ NOT NULL,
                      source_size BIGINT,
                      source_modified TIMESTAMPTZ,
                      payload VARCHAR NOT NULL,
                      PRIMARY KEY (session_id, kind))""")),
            // Ingest tokens per machine, by hash only: a handful of rows, looked up by hash on every
            // ingest request that carries one (hence the unique index), written rarely.
            new Migration(6, "ingest tokens per machine", List.of("""
                    CREATE TABLE ingest_tokens (
                      id VARCHAR PRIMARY KEY,
                      machine VARCHAR NOT NULL,
                      prefix VARCHAR NOT NULL,
                      token_hash VARCHAR NOT NULL UNIQUE,
                      created_at TIMESTAMPTZ NOT NULL,
                      last_used_at TIMESTAMPTZ,
                      revoked_at TIMESTAMPTZ)""")),
            // Machine identity: a team server's spans and sessions come from many machines and users.
            // Added at the end, where the appender's column order expects them.
            new Migration(
                    7,
                    "machine and user of spans and sessions",
                    List.of(
                            "ALTER TABLE spans ADD COLUMN machine VARCHAR",
                            "ALTER TABLE spans ADD COLUMN user_name VARCHAR",
                            "ALTER TABLE sessions ADD COLUMN machine VARCHAR",
                            "ALTER TABLE sessions ADD COLUMN user_name VARCHAR")),
            // Statusline snapshots: the official 5-hour and weekly windows over time (QuotaRow's layout).
            new Migration(8, "quota snapshots", List.of("""
                    CREATE TABLE quota_snapshots (
                      at_us BIGINT NOT NULL,
                      user_name VARCHAR,
                      machine VARCHAR,
                      session_id VARCHAR,
                      prompt_id VARCHAR,
                      model VARCHAR,
                      session_cost_usd DOUBLE,
                      context_pct DOUBLE,
                      five_hour_pct DOUBLE,
                      five_hour_resets_us BIGINT,
                      seven_day_pct DOUBLE,
                      seven_day_resets_us BIGINT,
                      other_windows VARCHAR,
                      spend_used_usd DOUBLE,
                      spend_limit_usd DOUBLE,
                      spend_period VARCHAR)""")));

    static int latestVersion() {
        return ALL.get(ALL.size() - 1).version();
    }

    /**
     * Applies what is missing. Refuses a database written by a newer tj (a version we don't know),
     * since an older binary would misread its tables.
     */
    static void run(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                    + "applied_at TIMESTAMPTZ NOT NULL)");
            TreeSet<Integer> applied = new TreeSet<>();
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations")) {
                while (rs.next()) applied.add(rs.getInt(1));
            }
            if (!applied.isEmpty() && applied.last() > latestVersion()) {
                throw new SQLException("database schema version " + applied.last()
                        + " is newer than this tj understands (" + latestVersion() + "); upgrade tj");
            }
            for (Migration m : ALL) {
                if (applied.contains(m.version())) continue;
                s.execute("BEGIN TRANSACTION");
                try {
                    for (String sql : m.statements()) s.execute(sql);
                    s.execute("INSERT INTO schema_migrations VALUES (" + m.version() + ", now())");
                    s.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    try {
                        s.execute("ROLLBACK");
                    } catch (SQLException r) {
                        e.addSuppressed(r);
                    }
                    throw new SQLException(
                            "migration " + m.version() + " (" + m.description() + ") failed: " + e.getMessage(), e);
                }
            }
        }
    }
}
