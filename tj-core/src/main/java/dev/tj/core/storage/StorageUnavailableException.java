package dev.tj.core.storage;

/**
 * The store cannot be reached now (its server is down or restarting, the network is gone): the work
 * did not happen, or happened whole, and the same work may run again once the store is back. A typed
 * signal, so that the writer waits and retries journaled records instead of setting them aside as
 * bad, and answers new ones from the journal alone.
 */
public final class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
