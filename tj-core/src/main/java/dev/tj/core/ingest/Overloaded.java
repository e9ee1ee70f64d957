package dev.tj.core.ingest;

/** The write queue is full; the client should retry after a short pause. Nothing was accepted. */
public final class Overloaded extends RuntimeException {
    private final int retryAfterSeconds;

    public Overloaded(String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
