package dev.tj.server.ingest;

import dev.tj.core.ingest.IngestAnswer.Refused;
import dev.tj.core.ingest.Refusal;
import dev.tj.otlp.OtlpFormat;
import io.javalin.http.Context;
import java.util.Map;

/** How a refusal reads over HTTP, for every route that ingests or writes through the writer. */
public final class HttpRefusals {
    private HttpRefusals() {}

    static final String PROTOBUF = "application/x-protobuf";

    public static int status(Refusal kind) {
        return switch (kind) {
            case MALFORMED -> 400;
            case TOO_LARGE -> 413;
            case UNSUPPORTED -> 415;
            case OVERLOADED, CLOSING, STORAGE_CLOSED, FAILED -> 503;
        };
    }

    /** {@code {"error": "..."}} with the status and, when retrying helps, Retry-After. */
    public static void json(Context ctx, Refused<?> r) {
        write(ctx, null, r);
    }

    /**
     * An error answer in the request's format: OTLP wants a google.rpc.Status for protobuf
     * requests; JSON (or an unknown format) gets {@code {"error": "..."}}.
     */
    static void write(Context ctx, OtlpFormat format, Refused<?> r) {
        int status = status(r.kind());
        ctx.status(status);
        if (r.retryAfterSeconds() > 0) ctx.header("Retry-After", String.valueOf(r.retryAfterSeconds()));
        if (format == OtlpFormat.PROTOBUF) {
            ctx.contentType(PROTOBUF)
                    .result(com.google.rpc.Status.newBuilder()
                            .setCode(grpcCode(status))
                            .setMessage(r.message())
                            .build()
                            .toByteArray());
        } else {
            ctx.json(Map.of("error", r.message()));
        }
    }

    private static int grpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> 3; // INVALID_ARGUMENT
            case 401 -> 16; // UNAUTHENTICATED
            case 413 -> 8; // RESOURCE_EXHAUSTED
            case 415 -> 3;
            case 503 -> 14; // UNAVAILABLE
            default -> 13; // INTERNAL
        };
    }
}
