package dev.tj.cli;

import dev.tj.core.config.TjConfig;
import dev.tj.core.storage.Storage;
import dev.tj.storage.duckdb.DuckDbStorage;
import dev.tj.storage.postgres.PostgresStorage;
import java.nio.file.Path;

/**
 * Opens the store {@code [storage]} names: the one place the CLI knows which backends exist. DuckDB
 * (a file) is the default; {@code [storage] url} / {@code TJ_STORAGE_URL} / {@code --storage-url}
 * choose a PostgreSQL database shared with other nodes, this node keeping its id and journal in
 * its own directory next to the configured path.
 */
final class Stores {
    private Stores() {}

    static Storage open(TjConfig.Storage config) {
        return open(config, config.path());
    }

    /** The configured backend at another location (a command's {@code --db}). */
    static Storage open(TjConfig.Storage config, Path path) {
        if (config.isPostgres()) return PostgresStorage.open(config.url(), config.nodeDirectory());
        if (!TjConfig.Storage.DUCKDB.equals(config.backend())) {
            throw new IllegalArgumentException("unknown [storage] backend: " + config.backend());
        }
        return DuckDbStorage.open(path, new DuckDbStorage.Limits(config.memoryLimit(), config.threads()));
    }

    /** Whether there is a store to read (a shared database always is; a DuckDB file once made). */
    static boolean exists(TjConfig.Storage config) {
        return config.isPostgres() || java.nio.file.Files.exists(config.path());
    }
}
