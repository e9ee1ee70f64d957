package dev.tj.storage.duckdb;

/** A DuckDB failure surfaced through the storage SPI; the message keeps DuckDB's own words. */
public final class DuckDbStorageException extends RuntimeException {
    public DuckDbStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
