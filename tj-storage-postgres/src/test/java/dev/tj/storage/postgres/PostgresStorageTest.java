package dev.tj.storage.postgres;

import dev.tj.core.storage.Storage;
import dev.tj.storage.tests.AtomicitySuite;
import dev.tj.storage.tests.BulkLoadConformanceSuite;
import dev.tj.storage.tests.CallReadsSuite;
import dev.tj.storage.tests.ConcurrencySuite;
import dev.tj.storage.tests.CostReadsSuite;
import dev.tj.storage.tests.IngestStoreSuite;
import dev.tj.storage.tests.IngestTokensSuite;
import dev.tj.storage.tests.QuotaSnapshotsSuite;
import dev.tj.storage.tests.RunReadsSuite;
import dev.tj.storage.tests.SessionReadsSuite;
import dev.tj.storage.tests.SessionRollupReadsSuite;
import dev.tj.storage.tests.SnapshotStoreSuite;
import dev.tj.storage.tests.SpanIndexSuite;
import dev.tj.storage.tests.StatusQueriesSuite;
import dev.tj.storage.tests.StorageComponentSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * Every storage contract against a real PostgreSQL ({@code TJ_TEST_PG_URL}), one {@code @Nested}
 * suite per contract, each test in a schema of its own. PostgreSQL honours them all.
 */
class PostgresStorageTest {
    static Storage openAt(Path dir) {
        return TestDatabase.open(dir);
    }

    @Nested
    class Component extends StorageComponentSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Index extends SpanIndexSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Sessions extends SessionReadsSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Status extends StatusQueriesSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Costs extends CostReadsSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Atomicity extends AtomicitySuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Writes extends IngestStoreSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Concurrency extends ConcurrencySuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Rollups extends SessionRollupReadsSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Calls extends CallReadsSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Runs extends RunReadsSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Snapshots extends SnapshotStoreSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Tokens extends IngestTokensSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Quota extends QuotaSnapshotsSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }

    @Nested
    class Bulk extends BulkLoadConformanceSuite {
        @Override
        protected Storage open(Path dir) {
            return openAt(dir);
        }
    }
}
