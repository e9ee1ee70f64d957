package dev.tj.otlp;

import dev.tj.core.ingest.MalformedRequest;

/**
 * The whole request is unusable: not valid JSON or protobuf, not an object, or a field of the
 * wrong type. The ingest front answers it as malformed (HTTP 400, gRPC INVALID_ARGUMENT) with
 * {@link #getMessage()}. Problems confined to one record are reported as rejections in the batch
 * instead.
 */
public final class MalformedPayload extends MalformedRequest {
    public MalformedPayload(String message) {
        super(message);
    }

    public MalformedPayload(String message, Throwable cause) {
        super(message, cause);
    }
}
