package dev.tj.storage.tests;

import dev.tj.core.session.Session;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.CostReads;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.SessionReads;
import dev.tj.core.storage.SpanIndex;
import dev.tj.core.storage.StatusQueries;
import dev.tj.core.storage.Storage;
import dev.tj.core.storage.WriteBatch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh store per test for the conformance suites. {@link #open(Path)} must return an
 * <em>empty</em> store the first time it is called for a test's directory, and {@link #reopen} must
 * return one that sees everything committed before. A backend without files (PostgreSQL) can key a
 * fresh schema or database on the directory.
 */
public abstract class StorageSuiteBase {
    @TempDir
    protected Path dir;

    protected Storage storage;
    private Storage writerOf;
    private IngestStore writer;

    /** A store at this directory: empty the first time, holding what was committed on later calls. */
    protected abstract Storage open(Path dir);

    /** Closes the store and opens the same place again. */
    protected Storage reopen(Storage old, Path dir) {
        old.close();
        return open(dir);
    }

    @BeforeEach
    void openStorage() {
        storage = open(dir);
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) storage.close();
    }

    /** The current store's write side, taken once per store (the tests are its single writer). */
    protected IngestStore writer() {
        if (writerOf != storage) {
            writer = storage.ingestStore();
            writerOf = storage;
        }
        return writer;
    }

    protected SpanIndex index() {
        return storage.index();
    }

    protected SessionReads reads() {
        return storage.sessions();
    }

    protected StatusQueries status() {
        return storage.status();
    }

    protected CostReads costs() {
        return storage.costs();
    }

    protected void commit(List<Span> spans, List<MetricPoint> points, List<Session> sessions) {
        writer().commit(new WriteBatch(spans, points, sessions));
    }

    protected void commitSpans(Span... spans) {
        writer().commit(new WriteBatch(List.of(spans), List.of(), List.of()));
    }

    protected void commitSessions(Session... sessions) {
        writer().commit(new WriteBatch(List.of(), List.of(), List.of(sessions)));
    }
}
