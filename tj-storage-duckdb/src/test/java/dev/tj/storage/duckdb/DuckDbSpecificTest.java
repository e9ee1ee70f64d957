package dev.tj.storage.duckdb;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.core.span.Span;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.StorageClosedException;
import dev.tj.core.storage.WriteBatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the DuckDB backend has: the Appender's transaction semantics, migrations, the WAL. */
class DuckDbSpecificTest {
    @TempDir
    Path dir;

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** [storage] memory_limit and threads reach DuckDB, and the log is checkpointed before it fills half the limit. */
    @Test
    void limitsAreAppliedAtOpen() throws Exception {
        try (DuckDbStorage s = DuckDbStorage.open(dir.resolve("l.duckdb"), new DuckDbStorage.Limits("96MB", 1))) {
            assertThat(setting(s, "memory_limit")).isEqualTo(asDuckDbShowsIt("memory_limit", "96MB"));
            assertThat(setting(s, "threads")).isEqualTo("1");
            assertThat(setting(s, "checkpoint_threshold")).isEqualTo(asDuckDbShowsIt("checkpoint_threshold", "48MB"));
        }
        try (DuckDbStorage s = DuckDbStorage.open(dir.resolve("d.duckdb"))) {
            assertThat(setting(s, "memory_limit")).isEqualTo(asDuckDbShowsIt("memory_limit", "128MB"));
            assertThat(setting(s, "threads")).isEqualTo("1"); // one worker unless configured
        }
        try (DuckDbStorage s = DuckDbStorage.open(dir.resolve("z.duckdb"), new DuckDbStorage.Limits("96MB", 0))) {
            try (Connection scratch = DriverManager.getConnection("jdbc:duckdb:")) {
                assertThat(setting(s, "threads")) // 0: DuckDB's own default, as a database opened plainly has it
                        .isEqualTo(setting(scratch, "threads"));
            }
        }
        assertThat(new DuckDbStorage.Limits("1GiB", 0).checkpointThreshold()).isEqualTo(256_000_000L); // capped
        assertThat(new DuckDbStorage.Limits(" 64 mb ", 0).memoryBytes()).isEqualTo(64_000_000L);
    }

    private static String setting(DuckDbStorage s, String name) {
        return s.db().read(c -> setting(c.raw, name));
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('" + name + "')::VARCHAR")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** DuckDB prints sizes its own way: ask a scratch database how it prints this one. */
    private static String asDuckDbShowsIt(String name, String value) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("SET " + name + " = '" + value + "'");
            return setting(c, name);
        }
    }

    /** The premise of commit(): an Appender joins an explicitly begun transaction and rolls back with it. */
    @Test
    void appenderJoinsAnExplicitTransaction() throws Exception {
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("a.db"));
                DuckDBConnection other = c.duplicate();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id VARCHAR, n BIGINT NOT NULL)");
            s.execute("BEGIN TRANSACTION");
            try (DuckDBAppender a = c.createAppender("main", "t")) {
                for (int i = 0; i < 5_000; i++)
                    a.beginRow().append("r" + i).append((long) i).endRow(); // > 1 chunk
                a.flush();
            }
            assertThat(count(c, "SELECT COUNT(*) FROM t")).isEqualTo(5_000);
            assertThat(count(other, "SELECT COUNT(*) FROM t"))
                    .as("uncommitted rows are invisible")
                    .isZero();
            s.execute("ROLLBACK");
            assertThat(count(c, "SELECT COUNT(*) FROM t")).isZero();

            s.execute("BEGIN TRANSACTION");
            try (DuckDBAppender a = c.createAppender("main", "t")) {
                a.beginRow().append("x").append(1L).endRow();
                a.flush();
            }
            s.execute("COMMIT");
            assertThat(count(other, "SELECT COUNT(*) FROM t")).isEqualTo(1);
        }
    }

    /**
     * Driver canary (duckdb_jdbc 2.0.0.1): with setAutoCommit(false) alone, no transaction is active
     * until a statement runs, so an Appender flush commits on its own and a rollback cannot undo it.
     * This is why commit() issues BEGIN TRANSACTION explicitly. If a driver upgrade makes this test
     * fail, the driver got stricter; commit() stays correct either way.
     */
    @Test
    void autoCommitOffAloneDoesNotEnlistTheAppender() throws Exception {
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("b.db"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id VARCHAR)");
            c.setAutoCommit(false);
            try (DuckDBAppender a = c.createAppender("main", "t")) {
                a.beginRow().append("leaked").endRow();
                a.flush();
            }
            c.rollback();
            c.setAutoCommit(true);
            assertThat(count(c, "SELECT COUNT(*) FROM t")).isEqualTo(1);
        }
    }

    @Test
    void appenderCloseSwallowsFlushErrors() throws Exception {
        // Why commit() always calls flush() before close(): close() alone would lose this error.
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id VARCHAR NOT NULL)");
            DuckDBAppender a = c.createAppender("main", "t");
            a.beginRow().appendNull().endRow();
            a.close();
            assertThat(count(c, "SELECT COUNT(*) FROM t")).isZero();
        }
    }

    @Test
    void migrationsRunOnceInOrderAndSurviveReopen() throws Exception {
        Path file = dir.resolve("m").resolve("tj.duckdb");
        DuckDbStorage.open(file).close();
        DuckDbStorage.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations ORDER BY version")) {
            List<Integer> versions = new ArrayList<>();
            while (rs.next()) versions.add(rs.getInt(1));
            assertThat(versions).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(Migrations.latestVersion()).isEqualTo(8);
        }
    }

    @Test
    void refusesADatabaseFromANewerTj() throws Exception {
        Path file = dir.resolve("tj.duckdb");
        DuckDbStorage.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_migrations VALUES (99, now())");
        }
        assertThatThrownBy(() -> DuckDbStorage.open(file))
                .isInstanceOf(DuckDbStorageException.class)
                .hasMessageContaining("newer");
    }

    @Test
    void theAlertsTableIsGoneUntilAlertsExist() throws Exception {
        Path file = dir.resolve("tj.duckdb");
        DuckDbStorage.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'alerts'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    /**
     * A group: staged batches are seen by the writer's own lookups and by nobody else until the group
     * commits; a failing batch takes the whole group with it; a plain commit ends an open group.
     */
    @Test
    void aGroupIsInvisibleUntilCommittedAndFailsWhole() throws Exception {
        try (DuckDbStorage storage = DuckDbStorage.open(dir.resolve("g.duckdb"))) {
            IngestStore w = storage.ingestStore();
            assertThat(w.groupRows()).isEqualTo(122_880);
            w.stage(new WriteBatch(
                    List.of(span("g1", "sg", "a", T0).build()),
                    List.of(),
                    List.of(session("sg").build())));
            w.stage(new WriteBatch(
                    List.of(span("g2", "sg", "a", T0.plusSeconds(1)).build()), List.of(), List.of()));
            assertThat(w.sessions(List.of("sg"))).containsKey("sg"); // the writer's lookups see the group
            assertThat(storage.sessions().session("sg")).isEmpty(); // readers do not
            assertThat(storage.sessions().spans("sg")).isEmpty();
            w.commitGroup();
            assertThat(storage.sessions().spans("sg")).extracting(Span::spanId).containsExactlyInAnyOrder("g1", "g2");
            w.commitGroup(); // nothing open: nothing happens

            // a batch that fails rolls back the batches staged before it
            w.stage(new WriteBatch(
                    List.of(span("g3", "sg", "a", T0.plusSeconds(2)).build()), List.of(), List.of()));
            Span dup = span("g4", "sg", "a", T0.plusSeconds(3)).build();
            assertThatThrownBy(() -> w.stage(new WriteBatch(List.of(dup, dup), List.of(), List.of())))
                    .isInstanceOf(IllegalArgumentException.class);
            w.commitGroup();
            assertThat(storage.sessions().spans("sg")).extracting(Span::spanId).containsExactlyInAnyOrder("g1", "g2");
            w.stage(new WriteBatch(
                    List.of(span("g5", "sg", "a", T0.plusSeconds(4)).build()), List.of(), List.of()));
            w.abandonGroup();
            assertThat(storage.sessions().spans("sg")).extracting(Span::spanId).containsExactlyInAnyOrder("g1", "g2");

            // a plain commit takes an open group with it
            w.stage(new WriteBatch(
                    List.of(span("g6", "sg", "a", T0.plusSeconds(5)).build()), List.of(), List.of()));
            w.commit(new WriteBatch(
                    List.of(span("g7", "sg", "a", T0.plusSeconds(6)).build()), List.of(), List.of()));
            assertThat(storage.sessions().spans("sg"))
                    .extracting(Span::spanId)
                    .containsExactlyInAnyOrder("g1", "g2", "g6", "g7");
        }
        try (DuckDbStorage memory = DuckDbStorage.openInMemory()) {
            assertThat(memory.ingestStore().groupRows())
                    .as("no file to write row groups into")
                    .isZero();
        }
    }

    @Test
    void deduplicationProbesDoNotWaitForTheWriter() throws Exception {
        try (DuckDbStorage storage = DuckDbStorage.open(dir.resolve("tj.duckdb"))) {
            DuckDbWriter writer = (DuckDbWriter) storage.ingestStore();
            writer.commit(new WriteBatch(List.of(span("old", "s", "a", T0).build()), List.of(), List.of()));
            CountDownLatch holding = new CountDownLatch(1), release = new CountDownLatch(1);
            // a commit in progress holds the writer connection: stand in for it
            Thread writerBusy = new Thread(() -> storage.db().onWriter(c -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            writerBusy.start();
            holding.await();
            try {
                // probes of spans older than the newest stored start go to the database: on a reader
                assertThat(storage.index()
                                .existingSpans(List.of(
                                        span("old", "s", "a", T0).build(),
                                        span("new", "s", "a", T0.minusSeconds(5))
                                                .build())))
                        .containsExactly("old");
                assertThat(storage.index().existingPointIds(List.of("p"))).isEmpty();
            } finally {
                release.countDown();
                writerBusy.join();
            }
        }
    }

    @Test
    void aHashCollisionNeverHidesANewSpan() throws Exception {
        Path file = dir.resolve("tj.duckdb");
        try (DuckDbStorage storage = DuckDbStorage.open(file)) {
            storage.ingestStore()
                    .commit(new WriteBatch(List.of(span("real", "s", "a", T0).build()), List.of(), List.of()));
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement s = c.createStatement()) {
            // forge a stored row whose hash equals the hash of a different, never-stored id
            s.execute("UPDATE spans SET span_id_hash = " + IdHash.of("innocent") + " WHERE span_id = 'real'");
        }
        try (DuckDbStorage storage = DuckDbStorage.open(file)) {
            // the stored row matches "innocent" by hash only: the id check must reject it
            assertThat(storage.index().existingSpanIds(List.of("innocent", "other")))
                    .isEmpty();
            assertThat(storage.index().existingSpanIds(List.of("innocent", "real")))
                    .containsExactly("real");
        }
    }

    @Test
    void idHashIsStable() {
        // persisted in span_id_hash / point_id_hash: changing these values needs a migration
        assertThat(IdHash.of("")).isEqualTo(IdHash.of(""));
        assertThat(IdHash.of("a")).isNotEqualTo(IdHash.of("b"));
        assertThat(List.of(IdHash.of(""), IdHash.of("span-1"), IdHash.of("0123456789abcdef")))
                .containsExactly(-1166397803181037274L, 6353071721367159278L, -6925088362447118650L);
    }

    @Test
    void inMemoryStore() {
        try (DuckDbStorage storage = DuckDbStorage.openInMemory()) {
            storage.ingestStore()
                    .commit(new WriteBatch(
                            List.of(span("1", "s", "a", T0).build()),
                            List.of(),
                            List.of(session("s").agent("a").build())));
            assertThat(storage.sessions().spanCount()).isEqualTo(1);
            assertThat(storage.location()).isEqualTo(":memory:");
        }
    }

    @Test
    void createsParentDirectories() {
        Path file = dir.resolve("x").resolve("y").resolve("tj.duckdb");
        DuckDbStorage.open(file).close();
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void writeMethodsRefuseAfterClose() {
        DuckDbStorage storage = DuckDbStorage.open(dir.resolve("tj.duckdb"));
        IngestStore writer = storage.ingestStore();
        storage.close();
        // a typed signal, not any IllegalStateException (the writer stops on exactly this one)
        assertThatThrownBy(() -> storage.sessions().spanCount()).isInstanceOf(StorageClosedException.class);
        assertThatThrownBy(() -> writer.commit(
                        new WriteBatch(List.of(span("1", "s", "a", T0).build()), List.of(), List.of())))
                .isInstanceOf(StorageClosedException.class);
    }

    /** A committed batch lives in the WAL: SIGKILL right after commit() returns loses nothing. */
    @Test
    void aCommittedBatchSurvivesKillDashNine() throws Exception {
        Path file = dir.resolve("kill").resolve("tj.duckdb");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), KillTarget.class.getName(), file.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals("COMMITTED"))
                seen.append(line).append('\n');
            assertThat(line).as("child output:\n" + seen).isEqualTo("COMMITTED");
            p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close, no checkpoint
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isNotZero();
        try (DuckDbStorage storage = DuckDbStorage.open(file)) {
            assertThat(storage.sessions().spanCount()).isEqualTo(5_000);
            assertThat(storage.sessions().spans("s-kill"))
                    .hasSize(5_000)
                    .extracting(Span::spanId)
                    .contains("k-0", "k-4999");
            assertThat(storage.sessions().session("s-kill")).isPresent();
            assertThat(storage.sessions().sourceFiles()).containsKey("/k.jsonl");
            assertThat(storage.status().spanCostByAgentSince(T0)).containsEntry("agent-k", 2_500.0);
        }
    }
}
