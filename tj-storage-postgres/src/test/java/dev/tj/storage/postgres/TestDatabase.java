package dev.tj.storage.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL the tests run against: {@code TJ_TEST_PG_URL} (bin/test starts a throwaway cluster
 * and sets it). Each test directory gets a schema of its own, so every test starts empty and a
 * reopen of the same directory sees what it committed. Without the variable the tests fail: a
 * skipped backend would hide that it was never tested.
 */
final class TestDatabase {
    private TestDatabase() {}

    static String url() {
        String url = System.getenv("TJ_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("TJ_TEST_PG_URL is not set: the PostgreSQL tests need a server "
                    + "(bin/test starts one; by hand: jdbc:postgresql://127.0.0.1:PORT/postgres?user=tj)");
        }
        return url.trim();
    }

    /** The schema of a test directory, created if missing. */
    static String schemaFor(Path dir) {
        String schema =
                "t_" + Integer.toUnsignedString(dir.toAbsolutePath().toString().hashCode(), 36);
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
        return schema;
    }

    static Connection connect() throws SQLException {
        PgUrl pg = PgUrl.parse(url());
        Properties p = new Properties();
        p.putAll(pg.properties());
        return DriverManager.getConnection(pg.jdbcUrl(), p);
    }

    /** The test URL with this schema as the current one. */
    static String urlWithSchema(String schema) {
        String url = url();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A node of the store at a test directory (the node's own files under {@code dir/node}). */
    static PostgresStorage open(Path dir) {
        return open(dir, "node");
    }

    static PostgresStorage open(Path dir, String node) {
        return PostgresStorage.open(urlWithSchema(schemaFor(dir)), dir.resolve(node));
    }
}
