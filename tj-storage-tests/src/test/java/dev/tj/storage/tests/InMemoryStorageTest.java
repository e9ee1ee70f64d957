package dev.tj.storage.tests;

import dev.tj.core.storage.InMemoryStorage;
import dev.tj.core.storage.Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Core's {@link InMemoryStorage} against the storage contracts it honours: a second implementation
 * keeps the contracts from being whatever DuckDB happens to do. It is not durable, so a test that
 * reopens a store is disabled here with its reason: the way any backend opts out of one inherited
 * test. Not composed yet: the span-index, cost, persistence and bulk-load suites (in-memory gaps
 * listed in the javadoc of {@link InMemoryStorage}).
 */
class InMemoryStorageTest {
    @Nested
    class Component extends StorageComponentSuite {
        @Override
        protected Storage open(Path dir) {
            return new InMemoryStorage();
        }
    }

    @Nested
    class Sessions extends SessionReadsSuite {
        @Override
        protected Storage open(Path dir) {
            return new InMemoryStorage();
        }
    }

    @Nested
    class Status extends StatusQueriesSuite {
        @Override
        protected Storage open(Path dir) {
            return new InMemoryStorage();
        }
    }

    @Nested
    class Atomicity extends AtomicitySuite {
        @Override
        protected Storage open(Path dir) {
            return new InMemoryStorage();
        }

        @Override
        @Test // without it the override is no test at all, and the reason would never be shown
        @Disabled("in memory: nothing survives a reopen, failed batch or not")
        protected void aFailedBatchDoesNotSurviveAReopen() {}
    }

    @Nested
    class Concurrency extends ConcurrencySuite {
        @Override
        protected Storage open(Path dir) {
            return new InMemoryStorage();
        }
    }

    @Nested
    class Rollups extends SessionRollupReadsSuite {
        @Override
        protected Storage open(Path dir) {
            return new InMemoryStorage();
        }
    }

    @Nested
    class Calls extends CallReadsSuite {
        @Override
        protected Storage open(Path dir) {
            return new InMemoryStorage();
        }
    }

    @Nested
    class Runs extends RunReadsSuite {
        @Override
        protected Storage open(Path dir) {
            return new InMemoryStorage();
        }
    }

    @Nested
    class Snapshots extends SnapshotStoreSuite {
        @Override
        protected Storage open(Path dir) {
            return new InMemoryStorage();
        }

        @Override
        @Test // without it the override is no test at all, and the reason would never be shown
        @Disabled("in memory: nothing survives a reopen")
        protected void snapshotsSurviveAReopen() {}
    }

    @Nested
    class Tokens extends IngestTokensSuite {
        @Override
        protected Storage open(Path dir) {
            return new InMemoryStorage();
        }

        @Override
        @Test
        @Disabled("in memory: nothing survives a reopen")
        protected void tokensSurviveAReopen() {}
    }

    @Nested
    class Quota extends QuotaSnapshotsSuite {
        @Override
        protected Storage open(Path dir) {
            return new InMemoryStorage();
        }

        @Override
        @Test
        @Disabled("in memory: nothing survives a reopen")
        protected void snapshotsSurviveAReopen() {}
    }
}
