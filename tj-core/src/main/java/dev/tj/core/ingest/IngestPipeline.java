package dev.tj.core.ingest;

import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Machine;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Decoded records → sanitize → price → the single writer. Every transport (OTLP/HTTP, OTLP/gRPC,
 * transcript backfill through the daemon) goes through here, so they price alike; each counts its
 * records in its own metrics ({@link #countingAs}).
 */
public final class IngestPipeline {
    private final Sanitizer sanitizer;
    private final Pricing pricing;
    private final BatchWriter writer;
    private final IngestMetrics.Transport metrics;
    private final Clock clock;
    private final Machine local;

    /** @param local this tj's {@code [machine]}: stamped on records that do not say where they came from */
    public IngestPipeline(
            Sanitizer sanitizer,
            Pricing pricing,
            BatchWriter writer,
            IngestMetrics.Transport metrics,
            Clock clock,
            Machine local) {
        this.sanitizer = sanitizer;
        this.pricing = pricing;
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
        this.local = local == null ? Machine.UNKNOWN : local;
    }

    /** The same pipeline, counting its records in {@code metrics}. */
    public IngestPipeline countingAs(IngestMetrics.Transport metrics) {
        return new IngestPipeline(sanitizer, pricing, writer, metrics, clock, local);
    }

    /** This tj's own machine, for records that reach it locally. */
    public Machine local() {
        return local;
    }

    /** Records that reached this tj locally: {@link #ingest(IngestBatch, Machine)} on its own machine. */
    public CompletableFuture<IngestResult> ingest(IngestBatch batch) {
        return ingest(batch, local);
    }

    /**
     * @param origin the machine (and user) of records that do not name theirs: this tj's own, or the
     *               machine of the ingest token another machine sent them with
     * @return completes when every accepted record is durable
     * @throws Overloaded when the writer queue is full; nothing of the batch was accepted
     */
    public CompletableFuture<IngestResult> ingest(IngestBatch batch, Machine origin) {
        var now = clock.instant();
        List<Rejection> rejections = new ArrayList<>(batch.rejections());
        List<Span> accepted = new ArrayList<>(batch.spans().size());
        for (Span s : batch.spans()) {
            String why = sanitizer.check(s, now);
            if (why != null) {
                rejections.add(new Rejection(s.spanId(), why));
            } else {
                accepted.add(price(s.on(origin)));
            }
        }
        List<MetricPoint> points = new ArrayList<>(batch.points().size());
        for (MetricPoint p : batch.points()) {
            String why = sanitizer.checkAttributes(p.attributes());
            if (why == null && p.time().toEpochMilli() <= 0) why = "missing timestamp";
            if (why != null) rejections.add(new Rejection(p.pointId(), why));
            else points.add(p);
        }
        metrics.incrementRecordsRejected(rejections.size());
        metrics.incrementRecordsIgnored(batch.ignored());
        return writer.submit(accepted, points).thenApply(o -> {
            metrics.incrementRecordsStored(o.stored());
            metrics.incrementRecordsDuplicate(o.duplicates());
            return new IngestResult(o.stored(), o.duplicates(), batch.ignored(), rejections);
        });
    }

    /** Prices an LLM call from our rates table ({@link Pricing#price}, the one price point). */
    public Span price(Span s) {
        return pricing.price(s);
    }
}
