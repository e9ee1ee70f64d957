package dev.tj.storage.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One borrowed pool connection and the statements prepared on it, all closed when it goes back
 * (pgjdbc caches the server-side plans per connection, so closing a statement costs no re-plan).
 */
final class Conn implements AutoCloseable {
    final Connection raw;
    private final List<PreparedStatement> open = new ArrayList<>();

    Conn(Connection raw) {
        this.raw = raw;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = raw.prepareStatement(sql);
        open.add(ps);
        return ps;
    }

    /** A statement without parameters or results (savepoints). */
    void execute(String sql) throws SQLException {
        try (java.sql.Statement st = raw.createStatement()) {
            st.execute(sql);
        }
    }

    Array array(String type, Object[] values) throws SQLException {
        return raw.createArrayOf(type, values);
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement ps : open) {
            try {
                ps.close();
            } catch (SQLException e) {
                if (first == null) first = e;
            }
        }
        open.clear();
        try {
            raw.close();
        } catch (SQLException e) {
            if (first == null) first = e;
        }
        if (first != null) throw first;
    }
}
