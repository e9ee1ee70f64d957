package dev.tj.core.storage;

/**
 * The store was closed: nothing more can be read or written through it. A typed signal, so that
 * callers (the writer stops and leaves journaled records for the next start) can tell it from any
 * other failure, including a driver's own {@link IllegalStateException}.
 */
public final class StorageClosedException extends RuntimeException {
    public StorageClosedException(String store) {
        super("storage " + store + " is closed");
    }
}
