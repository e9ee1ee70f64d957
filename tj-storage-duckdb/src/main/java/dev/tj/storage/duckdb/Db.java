package dev.tj.storage.duckdb;

import dev.tj.core.session.Session;
import dev.tj.core.storage.StorageClosedException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one open database: the root, the single writer connection (under a lock), and
 * a pool of reader connections. DuckDB connections are not safe for concurrent use, but many
 * connections of one database are: each reader statement runs in its own auto-commit transaction,
 * sees only committed batches and runs in parallel with the writer.
 */
final class Db {
    private static final Logger log = LoggerFactory.getLogger(Db.class);
    private static final int MAX_IDLE_READERS = 8;
    private static final int IN_CHUNK = 1000;
    static final String UNKNOWN = "unknown";

    final String location;
    private final DuckDBConnection root;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ConcurrentLinkedDeque<Conn> idleReaders = new ConcurrentLinkedDeque<>();
    private Conn writer; // guarded by writeLock
    private volatile boolean closed;

    Db(DuckDBConnection root, String location) throws SQLException {
        this.root = root;
        this.location = location;
        this.writer = newWriter();
    }

    DuckDBConnection root() {
        return root;
    }

    boolean isClosed() {
        return closed;
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Conn c) throws SQLException;
    }

    /** A connection of its own with the writer's temp tables (the writer's, a bulk load's). */
    Conn newWriter() throws SQLException {
        Conn c = new Conn(duplicate());
        try (Statement s = c.raw.createStatement()) {
            s.execute("CREATE TEMP TABLE sessions_stage AS SELECT * FROM sessions LIMIT 0");
            s.execute("CREATE TEMP TABLE id_probe (id VARCHAR, h BIGINT)");
            s.execute("CREATE TEMP TABLE source_files_stage AS SELECT * FROM source_files LIMIT 0");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private Conn newReader() throws SQLException {
        Conn c = new Conn(duplicate());
        try (Statement s = c.raw.createStatement()) {
            // connection-local: de-duplication probes run on readers, never waiting for the writer
            s.execute("CREATE TEMP TABLE id_probe (id VARCHAR, h BIGINT)");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private DuckDBConnection duplicate() throws SQLException {
        synchronized (root) {
            return root.duplicate();
        }
    }

    /** Runs on the writer connection, under the writer's lock. */
    <T> T onWriter(SqlWork<T> work) {
        writeLock.lock();
        try {
            if (closed) throw new StorageClosedException(location);
            try {
                return work.run(writer);
            } catch (SQLException e) {
                throw new DuckDbStorageException(e.getMessage(), e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs under the writer's lock on a caller's connection (a bulk load's commit). */
    <T> T underWriteLock(SqlWork<T> work) throws SQLException {
        writeLock.lock();
        try {
            if (closed) throw new StorageClosedException(location);
            return work.run(writer);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs on a pooled reader connection. */
    <T> T read(SqlWork<T> work) {
        lifecycle.readLock().lock();
        try {
            if (closed) throw new StorageClosedException(location);
            Conn c = idleReaders.pollFirst();
            if (c == null) {
                try {
                    c = newReader();
                } catch (SQLException e) {
                    throw new DuckDbStorageException(e.getMessage(), e);
                }
            }
            boolean healthy = false;
            try {
                T t = work.run(c);
                healthy = true;
                return t;
            } catch (SQLException e) {
                throw new DuckDbStorageException(e.getMessage(), e);
            } finally {
                if (healthy && idleReaders.size() < MAX_IDLE_READERS) {
                    idleReaders.offerFirst(c);
                } else {
                    c.close();
                }
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Holds off {@link #close} while a connection is being handed out. */
    <T> T whileOpen(SqlWork<T> work) {
        lifecycle.readLock().lock();
        try {
            if (closed) throw new StorageClosedException(location);
            return work.run(null);
        } catch (SQLException e) {
            throw new DuckDbStorageException(e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** After a failed rollback the writer's state is unknown: start over with a fresh connection. */
    void replaceWriter(Throwable cause) {
        writer.close(); // closing a connection aborts whatever transaction it still had
        try {
            writer = newWriter();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            log.error("cannot reopen the DuckDB writer connection of {}", location, e);
        }
    }

    /**
     * Runs CHECKPOINT so that the WAL is folded into the main file. DuckDB skips or refuses it while
     * other transactions are running; that is logged, not thrown: committed data is durable in the
     * WAL either way, and {@link #close} checkpoints once no reader is left.
     */
    void checkpoint() {
        writeLock.lock();
        try {
            if (closed) return;
            try (Statement s = writer.raw.createStatement()) {
                s.execute("CHECKPOINT");
            } catch (SQLException e) {
                log.warn("CHECKPOINT of {} did not run: {}", location, e.getMessage());
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Waits for in-flight reads and the writer, runs {@code beforeClose}, checkpoints and closes all. */
    void close(Runnable beforeClose) {
        writeLock.lock();
        try {
            if (closed) return;
            lifecycle.writeLock().lock(); // waits for in-flight reads
            try {
                closed = true;
                beforeClose.run();
                try (Statement s = writer.raw.createStatement()) {
                    s.execute("CHECKPOINT");
                } catch (SQLException e) {
                    log.warn("final CHECKPOINT of {} failed: {}", location, e.getMessage());
                }
                for (Conn c; (c = idleReaders.poll()) != null; ) c.close();
                writer.close();
                closeQuietly(root);
            } finally {
                lifecycle.writeLock().unlock();
            }
        } finally {
            writeLock.unlock();
        }
    }

    // ---- statement helpers ----

    static List<Session> querySessions(Conn c, String sql, List<?> params) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (Stmt ps = c.prepare(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(Rows.readSession(rs));
            }
        }
        return out;
    }

    static void bind(Stmt ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
    }

    static OffsetDateTime odt(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** Lists of ids at most this long are bound as parameters ({@link #prepareIn}); longer ones go through a temp table. */
    static final int SMALL_IN = 32;

    /**
     * {@code head} followed by {@code = ?} or {@code IN (?, ...)} for these (at most {@link #SMALL_IN},
     * distinct) ids, bound. The list is padded to a power of two by repeating the last id, so that a
     * handful of cached statements cover every size.
     */
    static Stmt prepareIn(Conn c, String head, List<String> ids) throws SQLException {
        int n = Integer.highestOneBit(ids.size() * 2 - 1);
        Stmt ps = c.prepare(head + (n == 1 ? " = ?" : " IN (" + placeholders(n) + ")"));
        for (int i = 0; i < n; i++) ps.setString(i + 1, ids.get(Math.min(i, ids.size() - 1)));
        return ps;
    }

    static String placeholders(int n) {
        return "?" + ", ?".repeat(n - 1);
    }

    static List<String> distinctNonNull(Collection<String> ids) {
        List<String> out = new ArrayList<>(new LinkedHashSet<>(ids));
        out.removeIf(Objects::isNull);
        return out;
    }

    static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = distinctNonNull(ids);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        return out;
    }

    static Instant latestSpanStart(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT max(epoch_us(start_time)) FROM spans")) {
            if (!rs.next()) return null;
            long us = rs.getLong(1);
            return rs.wasNull() ? null : Instant.EPOCH.plusNanos(us * 1_000L);
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing a DuckDB connection failed", e);
        }
    }
}
