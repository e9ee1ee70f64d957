package dev.tj.storage.duckdb;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A cached prepared statement; {@code close()} only clears its parameters for the next use. */
final class Stmt implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Stmt.class);
    private final PreparedStatement ps;

    Stmt(PreparedStatement ps) {
        this.ps = ps;
    }

    void setString(int i, String v) throws SQLException {
        ps.setString(i, v);
    }

    void setLong(int i, long v) throws SQLException {
        ps.setLong(i, v);
    }

    void setInt(int i, int v) throws SQLException {
        ps.setInt(i, v);
    }

    void setObject(int i, Object v) throws SQLException {
        ps.setObject(i, v);
    }

    ResultSet executeQuery() throws SQLException {
        return ps.executeQuery();
    }

    void execute() throws SQLException {
        ps.execute();
    }

    @Override
    public void close() throws SQLException {
        ps.clearParameters();
    }

    void discard() {
        try {
            ps.close();
        } catch (SQLException e) {
            log.debug("closing a prepared statement failed", e);
        }
    }
}
