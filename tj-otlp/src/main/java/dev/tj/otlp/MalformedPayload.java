package dev.tj.otlp;

/**
 * The whole request is unusable: not valid JSON or protobuf, not an object, or a field of the
 * wrong type. The server answers 400 with {@link #getMessage()}. Problems confined to one record
 * are reported as rejections in the batch instead.
 */
public final class MalformedPayload extends RuntimeException {
    public MalformedPayload(String message) { super(message); }

    public MalformedPayload(String message, Throwable cause) { super(message, cause); }
}
