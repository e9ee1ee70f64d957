package dev.tj.core.ingest;

/**
 * A request body that cannot be decoded, with a message fit for the client. Decoders throw it (or a
 * subclass such as the OTLP decoder's); the ingest front answers it as {@link Refusal#MALFORMED}.
 */
public class MalformedRequest extends RuntimeException {
    public MalformedRequest(String message) {
        super(message);
    }

    public MalformedRequest(String message, Throwable cause) {
        super(message, cause);
    }
}
