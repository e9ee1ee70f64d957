package dev.tj.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One tj node's view of a PostgreSQL database that several nodes share. The data lives in the
 * database; what is this node's own lives on its local disk, in {@code nodeDir}: its id (a file
 * made once) and its ingest journal. The journal position is stored per node id, in the same
 * transaction as the batch that applies it, so each node replays its own journal after a crash.
 */
public final class PostgresStorage implements Storage {
    private static final int POOL = 8;
    /** How long a connection is waited for (at start: how long a database still starting has). */
    private static final long CONNECT_WAIT_MS = 10_000;

    private final Db db;
    private final Path nodeDir;
    private final String nodeId;
    private final PgSpanIndex index;
    private final PgWriter writer;
    private final PgSessionReads sessions;
    private final PgStatusQueries status;
    private final PgRollupReads rollups;
    private final PgRunReads runs;
    private final PgCallReads calls;
    private final PgSnapshotReads snapshots;
    private final PgIngestTokens tokens;
    private final PgQuotaSnapshots quota;
    private final AtomicBoolean writerTaken = new AtomicBoolean();

    /**
     * Connects (a pool), migrates, and takes this node's identity from {@code nodeDir}.
     *
     * @param url     {@code postgresql://user:pass@host:port/db?params} or a {@code jdbc:postgresql:} URL
     * @param nodeDir this node's local directory (its id and journal), created if missing
     */
    public static PostgresStorage open(String url, Path nodeDir) {
        PgUrl pg = PgUrl.parse(url);
        String nodeId = nodeId(nodeDir);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.jdbcUrl());
        config.setDataSourceProperties(pg.properties());
        config.setMaximumPoolSize(POOL);
        config.setMinimumIdle(1);
        config.setPoolName("tj-pg");
        config.setDriverClassName("org.postgresql.Driver"); // a shaded jar may merge driver services badly
        config.setConnectionTimeout(CONNECT_WAIT_MS);
        config.setInitializationFailTimeout(-1); // fail below, with our words
        // One clock for every read: date_trunc and friends work in the session's time zone. And a plan
        // per execution: a generic plan cached while a table was nearly empty (a new database) scans
        // it whole ever after, e.g. a probe of 100 span ids took 200 ms at 30k spans instead of 1 ms.
        config.setConnectionInitSql("SET TIME ZONE 'UTC'; SET plan_cache_mode = force_custom_plan");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new PostgresStorageException("cannot open PostgreSQL " + pg.masked() + ": " + e.getMessage(), e);
        }
        try (Connection c = pool.getConnection()) {
            PgMigrations.run(c);
        } catch (SQLException e) {
            pool.close();
            if (Db.unreachable(e)) {
                // A node cannot start without the database: it must migrate it and learn how much of its
                // journal was applied. Say so plainly; a supervisor restarting tj is the cure.
                throw new PostgresStorageException(
                        "cannot reach PostgreSQL " + pg.masked() + " (waited " + CONNECT_WAIT_MS / 1000 + " s): "
                                + rootMessage(e) + "; is it running? tj serve needs it at start, and keeps answering "
                                + "from its journal if it goes away later",
                        e);
            }
            throw new PostgresStorageException("cannot open PostgreSQL " + pg.masked() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw new PostgresStorageException("cannot open PostgreSQL " + pg.masked() + ": " + e.getMessage(), e);
        }
        return new PostgresStorage(new Db(pool, pg.masked()), nodeDir, nodeId);
    }

    private PostgresStorage(Db db, Path nodeDir, String nodeId) {
        this.db = db;
        this.nodeDir = nodeDir;
        this.nodeId = nodeId;
        this.index = new PgSpanIndex(db);
        this.writer = new PgWriter(db, nodeId);
        this.sessions = new PgSessionReads(db);
        this.status = new PgStatusQueries(db);
        this.rollups = new PgRollupReads(db);
        this.runs = new PgRunReads(db);
        this.calls = new PgCallReads(db);
        this.snapshots = new PgSnapshotReads(db);
        this.tokens = new PgIngestTokens(db);
        this.quota = new PgQuotaSnapshots(db);
    }

    /** The driver's own words for why it could not connect ("Connection to host:port refused ..."). */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** This node's id: made once, kept in {@code nodeDir/node-id}. */
    private static String nodeId(Path nodeDir) {
        Path file = nodeDir.resolve("node-id");
        try {
            Files.createDirectories(nodeDir);
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!id.isEmpty()) return id;
            }
            String id = UUID.randomUUID().toString();
            Path tmp = nodeDir.resolve("node-id.tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException e) {
            throw new PostgresStorageException("cannot keep this node's id in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Where the database is, without the password. */
    public String location() {
        return db.location;
    }

    public String nodeId() {
        return nodeId;
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
        return q -> db.read(c -> PgSpanCost.query(c, q));
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
        return (from, to) -> db.read(c -> PgQuotaSnapshots.finished(c, from, to));
    }

    @Override
    public IngestStore ingestStore() {
        if (!writerTaken.compareAndSet(false, true)) {
            throw new IllegalStateException("the writer of " + db.location + " is held already");
        }
        return writer;
    }

    /** This node's position: other nodes' journals are theirs. */
    @Override
    public long journalPosition() {
        return db.read(c -> {
            PreparedStatement ps = c.prepare("SELECT applied_seq FROM ingest_journal WHERE node_id = ?");
            ps.setString(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** On this node's local disk: answers are durable before the shared database has them. */
    @Override
    public Optional<Path> journalDirectory() {
        return Optional.of(nodeDir.resolve("journal"));
    }

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "PostgresStorage[" + db.location + ", node " + nodeId + "]";
    }
}
