package dev.tj.core.ingest;

/**
 * Why a request was refused as a whole. Each transport maps a kind to its own status (HTTP
 * 400/413/415/503, gRPC INVALID_ARGUMENT/RESOURCE_EXHAUSTED/UNAVAILABLE); the words come from here,
 * so every transport refuses alike.
 */
public enum Refusal {
    /** The payload cannot be decoded: the client must not retry it unchanged. */
    MALFORMED,
    /** The body, or its decompressed form, is larger than allowed. */
    TOO_LARGE,
    /** A content type or content encoding we cannot read. */
    UNSUPPORTED,
    /** The write queue is full: retry after a short pause. */
    OVERLOADED,
    /** tj is shutting down. */
    CLOSING,
    /** Storage was closed under the request (tj is stopping). */
    STORAGE_CLOSED,
    /** Anything else that failed on our side; nothing of the request was stored. */
    FAILED;

    static final String CLOSING_MESSAGE = "tj is shutting down";
    static final String STORAGE_CLOSED_MESSAGE =
            "Storage is closed (tj is shutting down); nothing of this request was stored, retry later";
    static final String FAILED_MESSAGE = "Storage write failed; nothing of this request was stored, retry later";
    /** Retry-After for refusals that do not say better: long enough for a restart. */
    static final int RETRY_LATER_SECONDS = 5;

    /** Whether the client should send the same request again later (HTTP 503, gRPC UNAVAILABLE). */
    public boolean retryable() {
        return this == OVERLOADED || this == CLOSING || this == STORAGE_CLOSED || this == FAILED;
    }
}
