package dev.tj.cli;

import dev.tj.core.config.TjConfig;
import dev.tj.core.storage.Storage;
import dev.tj.storage.duckdb.DuckDbStorage;
import java.nio.file.Path;

/**
 * Opens the store {@code [storage] backend} names: the one place the CLI knows which backends
 * exist (only {@code duckdb} so far; a second one is a case here and a module).
 */
final class Stores {
    private Stores() {}

    static Storage open(TjConfig.Storage config) {
        return open(config, config.path());
    }

    /** The configured backend at another location (a command's {@code --db}). */
    static Storage open(TjConfig.Storage config, Path path) {
        if (!TjConfig.Storage.DUCKDB.equals(config.backend())) {
            throw new IllegalArgumentException("unknown [storage] backend: " + config.backend());
        }
        return DuckDbStorage.open(path, new DuckDbStorage.Limits(config.memoryLimit(), config.threads()));
    }
}
