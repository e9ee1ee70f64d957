package dev.tj.storage.duckdb;

import dev.tj.core.storage.Storage;
import dev.tj.storage.tests.BulkLoadConformanceSuite;
import java.nio.file.Path;

/** The bulk-load contract against a real DuckDB file. */
class DuckDbBulkLoadTest extends BulkLoadConformanceSuite {
    @Override
    protected Storage open(Path dir) {
        return DuckDbStorage.open(dir.resolve("data").resolve("tj.duckdb"));
    }
}
