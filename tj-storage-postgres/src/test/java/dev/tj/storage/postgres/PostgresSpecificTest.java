package dev.tj.storage.postgres;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tj.core.session.Session;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.WriteBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the PostgreSQL backend has: hostile strings, schema versions, node journals, masked URLs. */
class PostgresSpecificTest {
    @TempDir
    Path dir;

    @Test
    void hostileLabelsAndProjectsAreStoredAsData() {
        List<String> hostile = List.of(
                "'; DROP TABLE sessions; --",
                "Robert'); DELETE FROM spans WHERE ('1'='1",
                "$$; SELECT pg_sleep(10); $$",
                "\\\\x00 \\\" ? $1 :name %s",
                "\"quoted\" `back` \u00e9\u4e2d\ud83d\ude00");
        try (PostgresStorage store = TestDatabase.open(dir)) {
            IngestStore w = store.ingestStore();
            for (int i = 0; i < hostile.size(); i++) {
                String h = hostile.get(i);
                Session s = session(h)
                        .agent(h)
                        .resource(new ResourceIdentity(h, h, h, null))
                        .build();
                w.commit(new WriteBatch(List.of(span("sp" + i, h, h, T0).build()), List.of(), List.of(s)));
                w.setLabel(h, h, T0);
                assertThat(store.sessions().session(h)).contains(s);
                assertThat(store.sessions().labels()).contains(entry(h, h));
                assertThat(store.runs().members(h)).containsExactly(s);
            }
            assertThat(store.sessions().spanCount()).isEqualTo(hostile.size());
            assertThat(store.index().existingSpanIds(List.of("sp0", "' OR '1'='1")))
                    .containsExactly("sp0");
        }
    }

    @Test
    void aNulCharacterIsKeptAsAReplacementInsteadOfFailingTheBatch() {
        try (PostgresStorage store = TestDatabase.open(dir)) {
            store.ingestStore()
                    .commit(new WriteBatch(
                            List.of(span("n\u0000ul", "s", "a", T0)
                                    .model("m\u0000")
                                    .build()),
                            List.of(),
                            List.of()));
            assertThat(store.sessions().spans("s").get(0).model()).isEqualTo("m\ufffd");
            assertThat(store.index().existingSpanIds(List.of("n\u0000ul"))).containsExactly("n\u0000ul");
        }
    }

    /** Spans go in through COPY's text format: its own characters must arrive as data. */
    @Test
    void copysOwnCharactersAndNumberFormsRoundTrip() {
        String odd = "tab\there\nnew\\line\\N \\. \r end\\";
        try (PostgresStorage store = TestDatabase.open(dir)) {
            Span sent = span("c\t1", "s\n", "a\\", T0)
                    .name(odd)
                    .statusMessage("\\N")
                    .model(odd)
                    .attributes(java.util.Map.of("k\t", "v\n\\"))
                    .costUsd(1.0e-7)
                    .durationMs(Double.MAX_VALUE)
                    .build();
            store.ingestStore().commit(new WriteBatch(List.of(sent), List.of(), List.of()));
            Span back = store.sessions().spans("s\n").get(0);
            assertThat(back).isEqualTo(sent);
        }
    }

    /** A batch holding a span stored already (by another node): that one is skipped, the rest go in. */
    @Test
    void aBatchWithAStoredSpanStoresTheOthersOnce() {
        try (PostgresStorage store = TestDatabase.open(dir)) {
            IngestStore w = store.ingestStore();
            w.commit(new WriteBatch(List.of(span("b", "s", "a", T0).build()), List.of(), List.of()));
            w.commit(new WriteBatch(
                    List.of(
                            span("a", "s", "a", T0).build(),
                            span("b", "s", "a", T0).build(),
                            span("c", "s", "a", T0).build()),
                    List.of(),
                    List.of()));
            assertThat(store.sessions().spanCount()).isEqualTo(3);
            assertThat(store.index().existingSpanIds(List.of("a", "b", "c"))).containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void aDatabaseOfANewerTjIsRefused() throws Exception {
        TestDatabase.open(dir).close();
        try (Connection c = TestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + TestDatabase.schemaFor(dir) + ".schema_migrations VALUES (99, now())");
        }
        assertThatThrownBy(() -> TestDatabase.open(dir))
                .isInstanceOf(PostgresStorageException.class)
                .hasMessageContaining("schema version 99 is newer");
    }

    @Test
    void migrationsRunOnceAndEachNodeKeepsItsOwnJournalPosition() {
        try (PostgresStorage a = TestDatabase.open(dir, "a");
                PostgresStorage b = TestDatabase.open(dir, "b")) {
            a.ingestStore().commit(new WriteBatch(List.of(), List.of(), List.of(), List.of(), 40));
            b.ingestStore().commit(new WriteBatch(List.of(), List.of(), List.of(), List.of(), 7));
            assertThat(a.journalPosition()).isEqualTo(40);
            assertThat(b.journalPosition()).isEqualTo(7);
            assertThat(a.journalDirectory()).contains(dir.resolve("a").resolve("journal"));
            assertThat(b.journalDirectory()).contains(dir.resolve("b").resolve("journal"));
        }
        try (PostgresStorage a = TestDatabase.open(dir, "a")) {
            assertThat(a.journalPosition()).as("the node id survives a restart").isEqualTo(40);
        }
    }

    @Test
    void aWrongPasswordFailsWithoutShowingIt() {
        String url = TestDatabase.url();
        PgUrl pg = PgUrl.parse(url);
        String host = pg.jdbcUrl().substring("jdbc:postgresql://".length());
        String withPassword = "postgresql://nobody:s3cret-pw@" + host;
        assertThatThrownBy(() -> PostgresStorage.open(withPassword, dir.resolve("node")))
                .isInstanceOf(PostgresStorageException.class)
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain("s3cret-pw").contains("nobody:***@"));
    }
}
