package dev.tj.core.ingest;

/**
 * What the ingest front answers a request, before a transport renders it (an HTTP status and body,
 * a gRPC status).
 *
 * @param <R> what an accepted request yields: an {@link IngestResult} for OTLP, the backfill summary
 */
public sealed interface IngestAnswer<R> {

    /** Every accepted record is durable. */
    record Accepted<R>(R result) implements IngestAnswer<R> {}

    /**
     * Nothing of the request was stored.
     *
     * @param retryAfterSeconds when the client should try again, 0 when trying again cannot help
     */
    record Refused<R>(Refusal kind, int retryAfterSeconds, String message) implements IngestAnswer<R> {
        /** The same refusal, typed for another kind of result. */
        @SuppressWarnings("unchecked")
        public <T> Refused<T> as() {
            return (Refused<T>) this;
        }
    }
}
