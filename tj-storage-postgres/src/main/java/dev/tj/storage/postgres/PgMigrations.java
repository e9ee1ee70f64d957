package dev.tj.storage.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;

/**
 * Versioned schema migrations, in the connection's current schema. Each runs once, in order, in its
 * own transaction with the row that records it, so a crash mid-migration leaves no trace. Several
 * nodes may start at once: an advisory lock (per schema) lets one of them migrate while the others
 * wait, then find nothing left to do.
 *
 * <p>The tables mean what DuckDB's mean (see the DuckDB backend's migrations), in PostgreSQL's
 * dialect and with the keys a shared database needs: span and point ids are primary keys (several
 * nodes de-duplicate against each other with {@code ON CONFLICT DO NOTHING}), sessions are keyed by
 * id (nodes add their totals to one row), and the journal position is kept per node. Never edit a
 * released migration: append a new one. Text columns use the "C" collation: ids and names sort by
 * code point, as in DuckDB, whatever the locale the database was made with.
 */
final class PgMigrations {
    private PgMigrations() {}

    record Migration(int version, String description, List<String> statements) {}

    static final List<Migration> ALL = List.of(
            new Migration(
                    1,
                    "tables of a shared tj database",
                    List.of(
                            // microseconds since the epoch, as DuckDB's epoch_us(): the read side's one clock unit
                            """
                    CREATE FUNCTION epoch_us(t timestamptz) RETURNS bigint
                      LANGUAGE sql IMMUTABLE PARALLEL SAFE
                      AS 'SELECT (extract(epoch FROM $1) * 1000000)::bigint'""",
                            """
                    CREATE TABLE agents (
                      agent_id text COLLATE "C" PRIMARY KEY,
                      name text COLLATE "C",
                      version text COLLATE "C",
                      provider text COLLATE "C",
                      first_seen timestamptz NOT NULL,
                      last_seen timestamptz NOT NULL)""",
                            """
                    CREATE TABLE sessions (
                      session_id text COLLATE "C" PRIMARY KEY,
                      agent_id text COLLATE "C" NOT NULL,
                      conversation_id text COLLATE "C",
                      started_at timestamptz NOT NULL,
                      ended_at timestamptz,
                      status text COLLATE "C" NOT NULL DEFAULT 'active',
                      terminal_at timestamptz,
                      total_cost_usd double precision,
                      reported_cost_usd double precision,
                      input_tokens bigint DEFAULT 0,
                      output_tokens bigint DEFAULT 0,
                      cache_tokens bigint DEFAULT 0,
                      cache_write_tokens bigint DEFAULT 0,
                      cache_write_1h_tokens bigint DEFAULT 0,
                      tool_call_count bigint DEFAULT 0,
                      error_count bigint DEFAULT 0,
                      span_count bigint DEFAULT 0,
                      llm_call_count bigint DEFAULT 0,
                      fallback_priced_spans integer DEFAULT 0,
                      active_ms double precision DEFAULT 0,
                      plan_tier text COLLATE "C" DEFAULT 'unknown',
                      service_namespace text COLLATE "C",
                      service_instance_id text COLLATE "C",
                      run_id text COLLATE "C",
                      parent_session_id text COLLATE "C")""",
                            "CREATE INDEX sessions_conversation ON sessions (conversation_id)",
                            "CREATE INDEX sessions_instance ON sessions (service_instance_id)",
                            "CREATE INDEX sessions_run ON sessions (run_id)",
                            "CREATE INDEX sessions_parent ON sessions (parent_session_id)",
                            """
                    CREATE TABLE spans (
                      span_id text COLLATE "C" PRIMARY KEY,
                      trace_id text COLLATE "C" NOT NULL,
                      parent_span_id text COLLATE "C",
                      session_id text COLLATE "C",
                      agent_id text COLLATE "C",
                      sub_agent_id text COLLATE "C",
                      name text COLLATE "C" NOT NULL,
                      kind text COLLATE "C" NOT NULL,
                      status_code text COLLATE "C" NOT NULL,
                      status_message text COLLATE "C",
                      start_time timestamptz NOT NULL,
                      end_time timestamptz,
                      duration_ms double precision,
                      attributes text COLLATE "C" NOT NULL DEFAULT '{}',
                      events text COLLATE "C" DEFAULT '[]',
                      provider text COLLATE "C",
                      model text COLLATE "C",
                      tool_name text COLLATE "C",
                      input_tokens bigint,
                      output_tokens bigint,
                      cache_tokens bigint,
                      cache_write_tokens bigint,
                      cache_write_1h_tokens bigint,
                      cost_usd double precision,
                      reported_cost_usd double precision,
                      priced_by_fallback boolean NOT NULL DEFAULT false,
                      request_type text COLLATE "C",
                      conversation_id text COLLATE "C",
                      billing_account text COLLATE "C",
                      service_namespace text COLLATE "C",
                      service_instance_id text COLLATE "C",
                      run_id text COLLATE "C",
                      parent_session_id text COLLATE "C")""",
                            "CREATE INDEX spans_session ON spans (session_id, start_time)",
                            "CREATE INDEX spans_start ON spans (start_time)",
                            """
                    CREATE TABLE session_labels (
                      session_id text COLLATE "C" PRIMARY KEY,
                      label text COLLATE "C" NOT NULL,
                      updated_at timestamptz NOT NULL)""",
                            """
                    CREATE TABLE metric_points (
                      point_id text COLLATE "C" PRIMARY KEY,
                      session_id text COLLATE "C",
                      agent_id text COLLATE "C",
                      name text COLLATE "C" NOT NULL,
                      unit text COLLATE "C",
                      time timestamptz NOT NULL,
                      value double precision NOT NULL,
                      attributes text COLLATE "C")""",
                            "CREATE INDEX metric_points_session ON metric_points (session_id, time)",
                            """
                    CREATE TABLE source_files (
                      path text COLLATE "C" PRIMARY KEY,
                      size bigint NOT NULL,
                      modified timestamptz,
                      read_offset bigint NOT NULL)""",
                            // one row per node: each node replays its own local journal after its own position
                            """
                    CREATE TABLE ingest_journal (
                      node_id text COLLATE "C" PRIMARY KEY,
                      applied_seq bigint NOT NULL)""",
                            """
                    CREATE TABLE method_snapshots (
                      session_id text COLLATE "C" NOT NULL,
                      kind text COLLATE "C" NOT NULL,
                      created_at timestamptz NOT NULL,
                      source_size bigint,
                      source_modified timestamptz,
                      payload text COLLATE "C" NOT NULL,
                      PRIMARY KEY (session_id, kind))""")),
            new Migration(2, "ingest tokens per machine, by hash only", List.of("""
                    CREATE TABLE ingest_tokens (
                      id text COLLATE "C" PRIMARY KEY,
                      machine text COLLATE "C" NOT NULL,
                      prefix text NOT NULL,
                      token_hash text NOT NULL UNIQUE,
                      created_at timestamptz NOT NULL,
                      last_used_at timestamptz,
                      revoked_at timestamptz)""")),
            // Machine identity: a team server's spans and sessions come from many machines and users.
            new Migration(
                    3,
                    "machine and user of spans and sessions",
                    List.of(
                            "ALTER TABLE spans ADD COLUMN machine text COLLATE \"C\"",
                            "ALTER TABLE spans ADD COLUMN user_name text COLLATE \"C\"",
                            "ALTER TABLE sessions ADD COLUMN machine text COLLATE \"C\"",
                            "ALTER TABLE sessions ADD COLUMN user_name text COLLATE \"C\"")),
            // Statusline snapshots: the official 5-hour and weekly windows over time (QuotaRow's layout).
            new Migration(
                    4,
                    "quota snapshots",
                    List.of(
                            """
                    CREATE TABLE quota_snapshots (
                      at_us bigint NOT NULL,
                      user_name text COLLATE "C",
                      machine text COLLATE "C",
                      session_id text COLLATE "C",
                      prompt_id text COLLATE "C",
                      model text,
                      session_cost_usd double precision,
                      context_pct double precision,
                      five_hour_pct double precision,
                      five_hour_resets_us bigint,
                      seven_day_pct double precision,
                      seven_day_resets_us bigint,
                      other_windows text,
                      spend_used_usd double precision,
                      spend_limit_usd double precision,
                      spend_period text)""",
                            "CREATE INDEX quota_snapshots_at ON quota_snapshots (at_us)",
                            "CREATE INDEX quota_snapshots_user_at ON quota_snapshots (user_name, at_us)")));

    static int latestVersion() {
        return ALL.get(ALL.size() - 1).version();
    }

    /**
     * Applies what is missing. Refuses a database written by a newer tj (a version we don't know),
     * since an older binary would misread its tables.
     */
    static void run(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // one migrating node per schema at a time; released at the end of this transaction
            s.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))");
            s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                    + "applied_at timestamptz NOT NULL)");
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
                try {
                    for (String sql : m.statements()) s.execute(sql);
                    s.execute("INSERT INTO schema_migrations VALUES (" + m.version() + ", now())");
                } catch (SQLException e) {
                    throw new SQLException(
                            "migration " + m.version() + " (" + m.description() + ") failed: " + e.getMessage(),
                            e.getSQLState(),
                            e);
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
