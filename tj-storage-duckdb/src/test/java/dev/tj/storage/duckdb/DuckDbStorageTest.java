package dev.tj.storage.duckdb;

import dev.tj.core.storage.Storage;
import dev.tj.storage.tests.StorageConformanceSuite;
import java.nio.file.Path;

/** The whole storage contract against a real DuckDB file. */
class DuckDbStorageTest extends StorageConformanceSuite {
    @Override
    protected Storage open(Path dir) {
        return DuckDbStorage.open(dir.resolve("data").resolve("tj.duckdb"));
    }
}
