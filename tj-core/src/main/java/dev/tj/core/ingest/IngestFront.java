package dev.tj.core.ingest;

import dev.tj.core.ingest.IngestAnswer.Accepted;
import dev.tj.core.ingest.IngestAnswer.Refused;
import dev.tj.core.span.Machine;
import dev.tj.core.storage.StorageClosedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one accept path of a transport (OTLP/HTTP, OTLP/gRPC, backfill through the daemon): decode →
 * pipeline → {@link IngestAnswer}, counted in that transport's metrics. The transport only reads its
 * bytes and renders the answer, so every transport refuses for the same reasons in the same words
 * (Zipkin's {@code Collector.acceptSpans} is the model).
 *
 * <p>An accepted answer completes once every accepted record is in the journal (fsynced), before it
 * is applied to storage; it completes on the responder executor, never on the writer's threads.
 */
public final class IngestFront {
    private static final Logger log = LoggerFactory.getLogger(IngestFront.class);

    /** The work after decoding: the pipeline for OTLP, more for a backfill batch. */
    @FunctionalInterface
    public interface Ingest<B, R> {
        /** @throws Overloaded when the writer queue is full; any other failure is answered as {@link Refusal#FAILED} */
        CompletableFuture<R> apply(B batch) throws Exception;
    }

    private final IngestPipeline pipeline;
    private final IngestMetrics.Transport metrics;
    private final BooleanSupplier closing;
    private final Executor responder;

    /**
     * @param pipeline  the shared pipeline; this front's copy counts records into {@code metrics}
     * @param closing   true once the daemon is shutting down: new requests are refused
     * @param responder where answers are completed (not the writer's threads)
     */
    public IngestFront(
            IngestPipeline pipeline, IngestMetrics.Transport metrics, BooleanSupplier closing, Executor responder) {
        this.pipeline = pipeline.countingAs(metrics);
        this.metrics = metrics;
        this.closing = closing;
        this.responder = responder;
    }

    /** The pipeline as this transport uses it (its records are counted under this transport). */
    public IngestPipeline pipeline() {
        return pipeline;
    }

    public IngestMetrics.Transport metrics() {
        return metrics;
    }

    /**
     * Decoded OTLP records through the pipeline.
     *
     * @param wireBytes the request's size on the wire
     * @param format    how the payload is encoded ("json", "protobuf"), for the words of a refusal
     */
    public CompletableFuture<IngestAnswer<IngestResult>> accept(
            long wireBytes, String format, Supplier<IngestBatch> decode) {
        return accept(wireBytes, format, decode, pipeline::ingest);
    }

    /**
     * Decoded OTLP records another machine sent with its ingest token.
     *
     * @param origin the token's machine, for records that do not name theirs; null: this tj's own
     */
    public CompletableFuture<IngestAnswer<IngestResult>> accept(
            long wireBytes, String format, Supplier<IngestBatch> decode, Machine origin) {
        if (origin == null) return accept(wireBytes, format, decode);
        return accept(wireBytes, format, decode, b -> pipeline.ingest(b, origin));
    }

    /**
     * Decode, then {@code ingest}. A decoder failure is {@link Refusal#MALFORMED}: a
     * {@link MalformedRequest} with its own message, anything else with a generic one (the detail
     * goes to the log, it came from the client's bytes).
     */
    public <B, R> CompletableFuture<IngestAnswer<R>> accept(
            long wireBytes, String format, Supplier<B> decode, Ingest<B, R> ingest) {
        metrics.incrementRequests();
        metrics.incrementBytes(wireBytes);
        if (closing.getAsBoolean()) {
            return CompletableFuture.completedFuture(counted(closingRefusal()));
        }
        B batch;
        try {
            batch = decode.get();
        } catch (MalformedRequest e) {
            return CompletableFuture.completedFuture(counted(new Refused<>(
                    Refusal.MALFORMED,
                    0,
                    e.getMessage() == null ? "Malformed " + format + " payload" : e.getMessage())));
        } catch (RuntimeException e) {
            log.warn("decoder failed on a {} payload", format, e);
            return CompletableFuture.completedFuture(
                    counted(new Refused<>(Refusal.MALFORMED, 0, "Malformed " + format + " payload")));
        }
        CompletableFuture<R> written;
        try {
            written = ingest.apply(batch);
        } catch (Exception e) {
            return CompletableFuture.completedFuture(counted(refusedBy(e)));
        }
        return written.handleAsync(
                (r, failure) -> failure == null ? new Accepted<>(r) : counted(refusedBy(failure)), responder);
    }

    /**
     * A refusal the transport decided before decoding (too large, unsupported media type or
     * encoding); counted as a request and a refusal of this transport.
     */
    public <R> Refused<R> refuse(Refusal kind, String message) {
        metrics.incrementRequests();
        return counted(new Refused<>(kind, kind.retryable() ? Refusal.RETRY_LATER_SECONDS : 0, message));
    }

    private <R> Refused<R> counted(Refused<R> r) {
        metrics.incrementRequestsRefused();
        if (r.kind() == Refusal.OVERLOADED) metrics.incrementOverloaded();
        return r;
    }

    private <R> Refused<R> refusedBy(Throwable failure) {
        // the writer refuses with Overloaded once it stops; that is the daemon closing, not a full queue
        if (unwrap(failure) instanceof Overloaded && closing.getAsBoolean()) return closingRefusal();
        return refusal(failure);
    }

    private static <R> Refused<R> closingRefusal() {
        return new Refused<>(Refusal.CLOSING, Refusal.RETRY_LATER_SECONDS, Refusal.CLOSING_MESSAGE);
    }

    /**
     * How a failed write is answered, wherever it comes from (an ingest, closing sessions):
     * {@link Overloaded} with its own words and pause, a closed store, or anything else as a storage
     * failure (logged here, once).
     */
    public static <R> Refused<R> refusal(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof Overloaded o) {
            return new Refused<>(Refusal.OVERLOADED, Math.max(1, o.retryAfterSeconds()), o.getMessage());
        }
        // a closed store says so with its own type, as the writer's apply stage reads it
        if (t instanceof StorageClosedException) {
            log.warn("write refused, storage is closed: {}", t.getMessage());
            return new Refused<>(Refusal.STORAGE_CLOSED, Refusal.RETRY_LATER_SECONDS, Refusal.STORAGE_CLOSED_MESSAGE);
        }
        log.warn("write failed; nothing of the request was stored", t);
        return new Refused<>(Refusal.FAILED, Refusal.RETRY_LATER_SECONDS, Refusal.FAILED_MESSAGE);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
