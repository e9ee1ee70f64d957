package dev.tj.storage.postgres;

/** A database failure, with words that never include the password. */
public final class PostgresStorageException extends RuntimeException {
    PostgresStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
