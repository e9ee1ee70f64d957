package dev.tj.storage.duckdb;

import dev.tj.core.config.TjConfig;
import dev.tj.core.storage.CostReads;
import dev.tj.core.storage.FinishedCalls;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.IngestTokens;
import dev.tj.core.storage.QuotaSnapshots;
import dev.tj.core.storage.RunReads;
import dev.tj.core.storage.SessionReads;
import dev.tj.core.storage.SessionRollupReads;
import dev.tj.core.storage.SnapshotReads;
import dev.tj.core.storage.SpanIndex;
import dev.tj.core.storage.StatusQueries;
import dev.tj.core.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default backend: one DuckDB file, one writer connection, a small pool of reader
 * connections ({@link Db}). This class opens, migrates and closes the file and hands out the
 * contracts: the write side ({@link DuckDbWriter}), de-duplication probes ({@link DuckDbSpanIndex}),
 * session reads ({@link DuckDbSessionReads}), rollups ({@link DuckDbRollupReads}), runs
 * ({@link DuckDbRunReads}), status read models ({@link DuckDbStatusQueries}) and
 * cost reports ({@link SpanCost}).
 */
public final class DuckDbStorage implements Storage {
    private static final Logger log = LoggerFactory.getLogger(DuckDbStorage.class);
    /** The largest log before an automatic checkpoint; see {@link Limits#checkpointThreshold}. */
    static final long CHECKPOINT_THRESHOLD = 256L * 1000 * 1000;

    /**
     * What DuckDB may use of the machine.
     *
     * @param memoryLimit DuckDB's {@code memory_limit} (e.g. {@code "256MB"}): its buffer pool, past
     *                    which it evicts cached blocks and spills; the default is 80% of RAM
     * @param threads     worker threads for one query (tj's default 1; 0 keeps DuckDB's, one per core)
     */
    public record Limits(String memoryLimit, int threads) {
        public static final Limits DEFAULT =
                new Limits(TjConfig.Storage.DEFAULT_MEMORY_LIMIT, TjConfig.Storage.DEFAULT_THREADS);

        public Limits {
            if (memoryLimit == null
                    || !memoryLimit.matches("(?i)\\s*\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\\s*")) {
                throw new IllegalArgumentException("memory_limit must be a size such as 256MB or 1GB: " + memoryLimit);
            }
            if (threads < 0) throw new IllegalArgumentException("threads must be 0 (default) or more: " + threads);
        }

        /** The memory limit in bytes (DuckDB's units: KB = 1000 bytes, KiB = 1024). */
        long memoryBytes() {
            String v = memoryLimit.trim().toUpperCase(java.util.Locale.ROOT).replace(" ", "");
            int unit = 0;
            while (unit < v.length() && (Character.isDigit(v.charAt(unit)) || v.charAt(unit) == '.')) unit++;
            double n = Double.parseDouble(v.substring(0, unit));
            long scale = switch (v.substring(unit)) {
                case "KB" -> 1000L;
                case "MB" -> 1000L * 1000;
                case "GB" -> 1000L * 1000 * 1000;
                case "TB" -> 1000L * 1000 * 1000 * 1000;
                case "KIB" -> 1L << 10;
                case "MIB" -> 1L << 20;
                case "GIB" -> 1L << 30;
                case "TIB" -> 1L << 40;
                default -> 1L;
            };
            return (long) (n * scale);
        }

        /**
         * Committed rows live in DuckDB's memory until a checkpoint writes them into the file, so
         * the log may grow to half the memory limit at most: past the limit DuckDB would write
         * them to a temporary file first and to the database again at the checkpoint.
         */
        long checkpointThreshold() {
            return Math.max(1L << 20, Math.min(CHECKPOINT_THRESHOLD, memoryBytes() / 2));
        }
    }

    private final Db db;
    private final DuckDbSpanIndex index;
    private final DuckDbWriter writer;
    private final DuckDbSessionReads sessions;
    private final DuckDbStatusQueries status;
    private final DuckDbRollupReads rollups;
    private final DuckDbRunReads runs;
    private final DuckDbCallReads calls;
    private final DuckDbSnapshotReads snapshots;
    private final DuckDbIngestTokens tokens;
    private final DuckDbQuotaSnapshots quota;
    private final AtomicBoolean writerTaken = new AtomicBoolean();

    /** Opens (creating if needed, with parent directories) and migrates a DuckDB file. */
    public static DuckDbStorage open(Path file) {
        return open(file, Limits.DEFAULT);
    }

    public static DuckDbStorage open(Path file, Limits limits) {
        Path abs = file.toAbsolutePath();
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new DuckDbStorageException("cannot create directory for " + abs + ": " + e.getMessage(), e);
        }
        return new DuckDbStorage("jdbc:duckdb:" + abs, abs.toString(), limits);
    }

    /**
     * Loads DuckDB's native library on a background thread. The driver unpacks it from the jar on
     * every start (~70 MB, about 0.4 s); a command that is going to open a database anyway overlaps
     * that with its own start-up. Failures surface, as always, from {@link #open}.
     */
    public static void preloadInBackground() {
        Thread t = new Thread(
                () -> {
                    try {
                        Class.forName("org.duckdb.DuckDBNative", true, DuckDbStorage.class.getClassLoader());
                    } catch (Throwable e) {
                        log.debug("preloading DuckDB failed", e);
                    }
                },
                "tj-duckdb-preload");
        t.setDaemon(true);
        t.start();
    }

    /** A private in-memory database, gone on close. */
    public static DuckDbStorage openInMemory() {
        return new DuckDbStorage("jdbc:duckdb:", ":memory:", Limits.DEFAULT);
    }

    private DuckDbStorage(String url, String location, Limits limits) {
        DuckDBConnection root;
        try {
            root = (DuckDBConnection) DriverManager.getConnection(url);
        } catch (SQLException e) {
            // keep DuckDB's words ("Conflicting lock", "already open"): the CLI keys on them
            throw new DuckDbStorageException("cannot open DuckDB " + location + ": " + e.getMessage(), e);
        }
        try {
            try (Statement s = root.createStatement()) {
                s.execute("SET GLOBAL TimeZone = 'UTC'");
                // A checkpoint stalls the commit that triggers it for up to a second (it rewrites the
                // table's last, partly filled row group), and with it every acknowledgement queued
                // behind. So checkpoints run when the writer is idle (idle(), past IDLE_CHECKPOINT_BYTES
                // of log); the automatic one caps the log, and the memory it holds, under sustained load.
                s.execute("SET GLOBAL checkpoint_threshold = '" + limits.checkpointThreshold() + "B'");
                // Bounded by default: DuckDB would otherwise keep up to 80% of RAM of cached blocks.
                s.execute("SET GLOBAL memory_limit = '" + limits.memoryLimit().trim() + "'");
                if (limits.threads() > 0) s.execute("SET GLOBAL threads = " + limits.threads());
            }
            Migrations.run(root);
            checkColumns(root, "spans", Rows.SPAN_COLUMNS);
            checkColumns(root, "sessions", Rows.SESSION_COLUMNS);
            checkColumns(root, "metric_points", Rows.POINT_COLUMNS);
            this.db = new Db(root, location);
            this.index = new DuckDbSpanIndex(db);
        } catch (SQLException | RuntimeException e) {
            try {
                root.close();
            } catch (SQLException c) {
                e.addSuppressed(c);
            }
            throw new DuckDbStorageException("cannot open DuckDB " + location + ": " + e.getMessage(), e);
        }
        this.writer = new DuckDbWriter(db, index);
        this.sessions = new DuckDbSessionReads(db);
        this.status = new DuckDbStatusQueries(db);
        this.rollups = new DuckDbRollupReads(db);
        this.runs = new DuckDbRunReads(db);
        this.calls = new DuckDbCallReads(db);
        this.snapshots = new DuckDbSnapshotReads(db);
        this.tokens = new DuckDbIngestTokens(db);
        this.quota = new DuckDbQuotaSnapshots(db);
    }

    /** The Appender writes by position: fail fast if a migration left columns in another order. */
    private static void checkColumns(DuckDBConnection root, String table, List<String> expected) throws SQLException {
        List<String> actual = new ArrayList<>();
        try (PreparedStatement ps = root.prepareStatement("SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) actual.add(rs.getString(1));
            }
        }
        if (!actual.equals(expected)) {
            throw new SQLException("table " + table + " has columns " + actual + ", expected " + expected);
        }
    }

    public String location() {
        return db.location;
    }

    /** The connections (for tests of this package). */
    Db db() {
        return db;
    }

    @Override
    public SpanIndex index() {
        return index;
    }

    @Override
    public SessionReads sessions() {
        return sessions;
    }

    @Override
    public StatusQueries status() {
        return status;
    }

    @Override
    public CostReads costs() {
        return q -> db.read(c -> SpanCost.query(c, q));
    }

    @Override
    public dev.tj.core.storage.CallReads calls() {
        return calls;
    }

    @Override
    public SessionRollupReads rollups() {
        return rollups;
    }

    @Override
    public RunReads runs() {
        return runs;
    }

    @Override
    public SnapshotReads snapshots() {
        return snapshots;
    }

    @Override
    public IngestTokens tokens() {
        return tokens;
    }

    @Override
    public QuotaSnapshots quota() {
        return quota;
    }

    @Override
    public FinishedCalls finishedCalls() {
        return (from, to) -> db.read(c -> DuckDbQuotaSnapshots.finished(c, from, to));
    }

    @Override
    public IngestStore ingestStore() {
        if (!writerTaken.compareAndSet(false, true)) {
            throw new IllegalStateException("the writer of " + db.location + " is held already");
        }
        return writer;
    }

    @Override
    public long journalPosition() {
        return db.read(c -> {
            try (Statement s = c.raw.createStatement();
                    ResultSet rs = s.executeQuery("SELECT max(applied_seq) FROM ingest_journal")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public java.util.Optional<Path> journalDirectory() {
        return db.location.equals(":memory:")
                ? java.util.Optional.empty()
                : java.util.Optional.of(Path.of(db.location + ".journal"));
    }

    @Override
    public void close() {
        db.close(writer::closeLoads);
    }

    @Override
    public String toString() {
        return "DuckDbStorage[" + db.location + "]";
    }
}
