package dev.tj.storage.duckdb;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A connection with its prepared statements: DuckDB plans a statement in ~0.5-1 ms, so reuse pays. */
final class Conn {
    private static final Logger log = LoggerFactory.getLogger(Conn.class);
    private static final int MAX_STATEMENTS = 64;
    final DuckDBConnection raw;
    /** A transaction left open across calls (the writer's group): statements must not begin their own. */
    boolean inGroup;

    private final Map<String, Stmt> statements = new LinkedHashMap<>(32, 0.75f, true);

    Conn(DuckDBConnection raw) {
        this.raw = raw;
    }

    Stmt prepare(String sql) throws SQLException {
        Stmt st = statements.get(sql);
        if (st == null) {
            st = new Stmt(raw.prepareStatement(sql));
            statements.put(sql, st);
            if (statements.size() > MAX_STATEMENTS) {
                var eldest = statements.entrySet().iterator();
                eldest.next().getValue().discard();
                eldest.remove();
            }
        }
        return st;
    }

    void close() {
        for (Stmt st : statements.values()) st.discard();
        statements.clear();
        try {
            raw.close();
        } catch (SQLException e) {
            log.debug("closing a DuckDB connection failed", e);
        }
    }
}
