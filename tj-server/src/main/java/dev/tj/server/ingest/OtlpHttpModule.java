package dev.tj.server.ingest;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.ingest.IngestMetrics;
import dev.tj.core.ingest.IngestPipeline;
import dev.tj.core.ingest.IngestResult;
import dev.tj.core.ingest.Overloaded;
import dev.tj.core.ingest.Rejection;
import dev.tj.otlp.MalformedPayload;
import dev.tj.otlp.OtlpDecoder;
import dev.tj.otlp.OtlpFormat;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP receivers: {@code POST /v1/logs}, {@code /v1/traces} (and TokenJam's
 * {@code /api/v1/spans}), {@code /v1/metrics}. JSON or protobuf, optionally gzipped, bounded in
 * size before and after decompression. The answer is written only after the writer has committed
 * the records, so a 2xx means they are durable.
 */
public final class OtlpHttpModule implements RouteModule {
    private static final Logger log = LoggerFactory.getLogger(OtlpHttpModule.class);
    static final String PROTOBUF = "application/x-protobuf";
    /** Rejections listed one by one in a JSON answer; the count is always exact. */
    static final int MAX_LISTED_REJECTIONS = 1000;

    private final OtlpDecoder decoder;
    private final Executor responder;
    private final BooleanSupplier closing;

    public OtlpHttpModule(OtlpDecoder decoder, Executor responder, BooleanSupplier closing) {
        this.decoder = decoder;
        this.responder = responder;
        this.closing = closing;
    }

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        config.routes.post("/v1/logs", ctx -> handle(ctx, sc, Signal.LOGS));
        config.routes.post("/v1/traces", ctx -> handle(ctx, sc, Signal.TRACES));
        config.routes.post("/api/v1/spans", ctx -> handle(ctx, sc, Signal.TRACES));
        config.routes.post("/v1/metrics", ctx -> handle(ctx, sc, Signal.METRICS));
    }

    /** application/json or application/x-protobuf (parameters such as charset ignored), else null. */
    static OtlpFormat formatOf(String contentType) {
        if (contentType == null) return null;
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return switch (media) {
            case "application/json" -> OtlpFormat.JSON;
            case PROTOBUF -> OtlpFormat.PROTOBUF;
            default -> null;
        };
    }

    private void handle(Context ctx, ServerContext sc, Signal signal) {
        IngestMetrics metrics = sc.metrics();
        metrics.requests.incrementAndGet();
        OtlpFormat format = formatOf(ctx.contentType());
        if (format == null) {
            refuse(ctx, metrics, null, 415, "Unsupported Content-Type '" + ctx.contentType()
                    + "': send application/json or application/x-protobuf");
            return;
        }
        if (closing.getAsBoolean()) {
            ctx.header("Retry-After", "5");
            refuse(ctx, metrics, format, 503, "tj is shutting down");
            return;
        }
        BodyReader.Body body;
        try {
            body = BodyReader.read(ctx.bodyInputStream(), ctx.req().getContentLengthLong(),
                    ctx.header("Content-Encoding"), sc.config().security().maxBodyBytes());
        } catch (BodyReader.TooLarge e) {
            refuse(ctx, metrics, format, 413, e.getMessage());
            return;
        } catch (BodyReader.UnsupportedEncoding e) {
            refuse(ctx, metrics, null, 415, e.getMessage());
            return;
        } catch (BodyReader.BadEncoding e) {
            refuse(ctx, metrics, format, 400, e.getMessage());
            return;
        } catch (IOException e) {
            refuse(ctx, metrics, format, 400, "Could not read the request body");
            return;
        }
        metrics.bytes.addAndGet(body.wireBytes());

        IngestBatch batch;
        try {
            batch = signal.decode(decoder, body.bytes(), format);
        } catch (MalformedPayload e) {
            refuse(ctx, metrics, format, 400, e.getMessage() == null ? "Malformed payload" : e.getMessage());
            return;
        } catch (RuntimeException e) {
            // Whatever the decoder choked on came from the client: answer 400, keep the detail in the log.
            log.warn("decoder failed on a {} {} request", format, signal, e);
            refuse(ctx, metrics, format, 400, "Malformed " + format.name().toLowerCase(Locale.ROOT) + " payload");
            return;
        }

        CompletableFuture<IngestResult> written;
        try {
            written = sc.pipeline().ingest(batch);
        } catch (Overloaded e) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, e.retryAfterSeconds())));
            refuse(ctx, metrics, format, 503, e.getMessage());
            return;
        }
        ctx.future(() -> written.handleAsync((result, failure) -> {
            try {
                if (failure == null) {
                    answer(ctx, signal, format, result);
                } else {
                    Throwable t = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    int retry = t instanceof Overloaded o ? Math.max(1, o.retryAfterSeconds()) : 5;
                    ctx.header("Retry-After", String.valueOf(retry));
                    if (!(t instanceof Overloaded)) log.warn("write failed; answering 503", t);
                    refuse(ctx, metrics, format, 503, t instanceof Overloaded ? t.getMessage()
                            : "Storage write failed; nothing of this request was stored, retry later");
                }
            } catch (RuntimeException e) {
                log.error("could not write the ingest response", e);
                ctx.status(500);
            }
            return null;
        }, responder));
    }

    private void answer(Context ctx, Signal signal, OtlpFormat format, IngestResult r) {
        String message = IngestOutcomes.summary(r);
        if (format == OtlpFormat.PROTOBUF) {
            ctx.status(200).contentType(PROTOBUF).result(signal.response(r.rejected(), message).toByteArray());
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (r.rejected() > 0) {
            Map<String, Object> partial = new LinkedHashMap<>();
            partial.put(signal.jsonRejectedField, String.valueOf(r.rejected()));
            partial.put("errorMessage", message);
            out.put("partialSuccess", partial);
        }
        out.put("ingested", r.stored());
        out.put("rejected", r.rejected());
        List<Map<String, Object>> rejections = new ArrayList<>();
        for (Rejection x : r.rejections()) {
            if (rejections.size() == MAX_LISTED_REJECTIONS) break;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(signal.rejectionIdKey, x.recordId());
            m.put("reason", x.reason());
            rejections.add(m);
        }
        out.put("rejections", rejections);
        out.put("duplicates", r.duplicates());
        out.put("ignored", r.ignored());
        ctx.status(200).json(out);
    }

    /**
     * An error answer in the request's format: OTLP wants a google.rpc.Status for protobuf
     * requests; JSON (or an unknown format) gets {@code {"error": "..."}}.
     */
    static void refuse(Context ctx, IngestMetrics metrics, OtlpFormat format, int status, String message) {
        metrics.requestsRefused.incrementAndGet();
        ctx.status(status);
        if (format == OtlpFormat.PROTOBUF) {
            ctx.contentType(PROTOBUF).result(com.google.rpc.Status.newBuilder()
                    .setCode(grpcCode(status)).setMessage(message).build().toByteArray());
        } else {
            ctx.json(Map.of("error", message));
        }
    }

    private static int grpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> 3;  // INVALID_ARGUMENT
            case 401 -> 16; // UNAUTHENTICATED
            case 413 -> 8;  // RESOURCE_EXHAUSTED
            case 415 -> 3;
            case 503 -> 14; // UNAVAILABLE
            default -> 13;  // INTERNAL
        };
    }
}
