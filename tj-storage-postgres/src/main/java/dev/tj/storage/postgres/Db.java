package dev.tj.storage.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.tj.core.storage.StorageClosedException;
import dev.tj.core.storage.StorageUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool of one open store. Reads run in auto-commit on any pooled connection and see
 * committed transactions only; writes run in one transaction each, retried whole when PostgreSQL
 * aborts them for a deadlock or a serialization failure (other nodes write the same rows).
 */
final class Db {
    private static final Logger log = LoggerFactory.getLogger(Db.class);
    private static final int ATTEMPTS = 8;
    static final String UNKNOWN = "unknown";

    /** Where the database is, without the password. */
    final String location;

    private final HikariDataSource pool;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    Db(HikariDataSource pool, String location) {
        this.pool = pool;
        this.location = location;
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Conn c) throws SQLException;
    }

    /** Runs on a pooled connection in auto-commit. */
    <T> T read(SqlWork<T> work) {
        lifecycle.readLock().lock();
        try {
            if (closed) throw new StorageClosedException(location);
            try (Conn c = new Conn(pool.getConnection())) {
                return work.run(c);
            } catch (SQLException e) {
                throw failure(e);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Runs in one transaction and commits it; a deadlock or serialization failure runs the whole
     * work again (it must not keep state across attempts), anything else rolls back and throws.
     */
    <T> T transaction(SqlWork<T> work) {
        lifecycle.readLock().lock();
        try {
            if (closed) throw new StorageClosedException(location);
            for (int attempt = 1; ; attempt++) {
                try (Conn c = new Conn(pool.getConnection())) {
                    Connection raw = c.raw;
                    raw.setAutoCommit(false);
                    try {
                        T t = work.run(c);
                        raw.commit();
                        return t;
                    } catch (SQLException | RuntimeException | Error e) {
                        try {
                            raw.rollback();
                        } catch (SQLException r) {
                            e.addSuppressed(r);
                        }
                        throw e;
                    } finally {
                        try {
                            raw.setAutoCommit(true);
                        } catch (SQLException ignored) {
                            // a broken connection: the pool retires it
                        }
                    }
                } catch (SQLException e) {
                    if (attempt < ATTEMPTS && retriable(e)) {
                        log.debug("transaction on {} retried after {}", location, e.getSQLState());
                        pause(attempt);
                        continue;
                    }
                    throw failure(e);
                }
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** 40001 serialization failure, 40P01 deadlock: the transaction did nothing and may run again. */
    static boolean retriable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState())))
                return true;
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            // jittered, so that the two sides of a deadlock do not meet again at once
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 10 * attempt));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private RuntimeException failure(SQLException e) {
        if (closed) return new StorageClosedException(location);
        if (unreachable(e))
            return new StorageUnavailableException("PostgreSQL " + location + " is unavailable: " + e.getMessage(), e);
        return new PostgresStorageException(e.getMessage(), e);
    }

    /**
     * The server cannot be reached or is going away: class 08 (connection exception), 57P01-57P03
     * (shut down, crashed, starting up), or the pool timing out waiting for a connection. The work
     * did not commit (or, for a commit cut off mid-answer, did so whole): running it again is safe.
     */
    static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"))
                    return true;
            }
        }
        return false;
    }

    boolean isClosed() {
        return closed;
    }

    /** Waits for in-flight work, then closes the pool. */
    void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            pool.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    // ---- statement helpers ----

    static List<dev.tj.core.session.Session> querySessions(Conn c, String sql, List<?> params) throws SQLException {
        List<dev.tj.core.session.Session> out = new ArrayList<>();
        PreparedStatement ps = c.prepare(sql);
        bind(ps, params);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(PgRows.readSession(rs));
        }
        return out;
    }

    static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
    }

    static String placeholders(int n) {
        return "?" + ", ?".repeat(n - 1);
    }

    private static final int IN_CHUNK = 1000;

    static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = distinctNonNull(ids);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        return out;
    }

    static OffsetDateTime odt(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static List<String> distinctNonNull(Collection<String> ids) {
        List<String> out = new ArrayList<>(new LinkedHashSet<>(ids));
        out.removeIf(Objects::isNull);
        return out;
    }
}
