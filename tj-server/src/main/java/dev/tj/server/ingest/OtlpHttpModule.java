package dev.tj.server.ingest;

import dev.tj.core.ingest.IngestAnswer;
import dev.tj.core.ingest.IngestFront;
import dev.tj.core.ingest.IngestResult;
import dev.tj.core.ingest.Refusal;
import dev.tj.core.ingest.Rejection;
import dev.tj.otlp.OtlpDecoder;
import dev.tj.otlp.OtlpFormat;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import dev.tj.server.http.HttpGuards;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * OTLP/HTTP receivers: {@code POST /v1/logs}, {@code /v1/traces} (and TokenJam's
 * {@code /api/v1/spans}), {@code /v1/metrics} ({@link IngestRoutes}). JSON or protobuf, optionally
 * gzipped, bounded in size before and after decompression. The module reads the body and renders the
 * {@link IngestFront}'s answer; the answer is written once the records are in the journal (fsynced),
 * so a 2xx means they are durable, before they are applied to the database.
 */
public final class OtlpHttpModule implements RouteModule {
    static final String PROTOBUF = HttpRefusals.PROTOBUF;
    /** Rejections listed one by one in a JSON answer; the count is always exact. */
    static final int MAX_LISTED_REJECTIONS = 1000;

    private final OtlpDecoder decoder;
    private final IngestFront front;

    public OtlpHttpModule(OtlpDecoder decoder, IngestFront front) {
        this.decoder = decoder;
        this.front = front;
    }

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        long maxBody = sc.config().security().maxBodyBytes();
        IngestRoutes.OTLP_RECEIVERS.forEach(
                (path, signal) -> config.routes.post(path, ctx -> handle(ctx, signal, maxBody)));
    }

    /** application/json or application/x-protobuf (parameters such as charset ignored), else null. */
    static OtlpFormat formatOf(String contentType) {
        if (contentType == null) return null;
        int semi = contentType.indexOf(';');
        String media =
                (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return switch (media) {
            case "application/json" -> OtlpFormat.JSON;
            case PROTOBUF -> OtlpFormat.PROTOBUF;
            default -> null;
        };
    }

    private void handle(Context ctx, Signal signal, long maxBody) {
        OtlpFormat format = formatOf(ctx.contentType());
        if (format == null) {
            HttpRefusals.write(
                    ctx,
                    null,
                    front.refuse(
                            Refusal.UNSUPPORTED,
                            "Unsupported Content-Type '" + ctx.contentType()
                                    + "': send application/json or application/x-protobuf"));
            return;
        }
        BodyReader.Body body;
        try {
            body = BodyReader.read(
                    ctx.bodyInputStream(), ctx.req().getContentLengthLong(), ctx.header("Content-Encoding"), maxBody);
        } catch (BodyReader.TooLarge e) {
            HttpRefusals.write(ctx, format, front.refuse(Refusal.TOO_LARGE, e.getMessage()));
            return;
        } catch (BodyReader.UnsupportedEncoding e) {
            HttpRefusals.write(ctx, null, front.refuse(Refusal.UNSUPPORTED, e.getMessage()));
            return;
        } catch (BodyReader.BadEncoding e) {
            HttpRefusals.write(ctx, format, front.refuse(Refusal.MALFORMED, e.getMessage()));
            return;
        } catch (IOException e) {
            HttpRefusals.write(ctx, format, front.refuse(Refusal.MALFORMED, "Could not read the request body"));
            return;
        }
        CompletableFuture<IngestAnswer<IngestResult>> answer = front.accept(
                body.wireBytes(),
                format.name().toLowerCase(Locale.ROOT),
                () -> signal.decode(decoder, body.bytes(), format),
                HttpGuards.origin(ctx));
        if (answer.isDone()) {
            render(ctx, signal, format, answer.join());
        } else {
            ctx.future(() -> answer.thenAccept(a -> render(ctx, signal, format, a)));
        }
    }

    private void render(Context ctx, Signal signal, OtlpFormat format, IngestAnswer<IngestResult> a) {
        if (a instanceof IngestAnswer.Accepted<IngestResult> ok) answer(ctx, signal, format, ok.result());
        else HttpRefusals.write(ctx, format, (IngestAnswer.Refused<IngestResult>) a);
    }

    private void answer(Context ctx, Signal signal, OtlpFormat format, IngestResult r) {
        String message = IngestOutcomes.summary(r);
        if (format == OtlpFormat.PROTOBUF) {
            ctx.status(200)
                    .contentType(PROTOBUF)
                    .result(signal.response(r.rejected(), message).toByteArray());
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
}
