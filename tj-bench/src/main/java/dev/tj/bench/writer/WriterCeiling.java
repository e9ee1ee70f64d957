package dev.tj.bench.writer;

import dev.tj.bench.ingest.ClaudeCodeLogs;
import dev.tj.core.config.TjConfig;
import dev.tj.core.ingest.BatchWriter;
import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.ingest.IngestMetrics;
import dev.tj.core.ingest.IngestPipeline;
import dev.tj.core.ingest.Sanitizer;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.otlp.OtlpDecoder;
import dev.tj.storage.duckdb.DuckDbStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The writer's ceiling without HTTP: pre-decoded 100-record Claude Code requests pushed through the
 * real pipeline, writer and DuckDB file with a fixed number in flight.
 *
 * <pre>java -cp tj-bench.jar dev.tj.bench.writer.WriterCeiling DB [requests] [inflight]</pre>
 */
public final class WriterCeiling {
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int inflight = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        ClaudeCodeLogs gen = new ClaudeCodeLogs(1, "wc" + System.nanoTime());
        OtlpDecoder decoder = new OtlpDecoder();
        long start = System.currentTimeMillis() * 1_000_000L;
        List<IngestBatch> batches = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) batches.add(decoder.logs(gen.request(i, 100, start + i * 1_000_000L)));
        TjConfig config = TjConfig.defaults(db.getParent());
        try (DuckDbStorage storage = DuckDbStorage.open(db)) {
            IngestMetrics metrics = new IngestMetrics();
            BatchWriter writer = new BatchWriter(
                    storage,
                    new SessionAccumulator(a -> PlanTier.API, a -> null),
                    metrics,
                    config.ingest(),
                    dev.tj.core.ingest.IngestJournal.open(
                            storage.journalDirectory().orElseThrow(), storage.journalPosition()));
            IngestPipeline pipeline = new IngestPipeline(
                    new Sanitizer(config.security()),
                    Pricing.packaged(),
                    writer,
                    metrics.forTransport("bench"),
                    Clock.systemUTC(),
                    null);
            Semaphore slots = new Semaphore(inflight);
            long t0 = System.nanoTime();
            int refused = 0;
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (IngestBatch b : batches) {
                slots.acquire();
                while (true) {
                    try {
                        all.add(pipeline.ingest(b).whenComplete((r, e) -> slots.release()));
                        break;
                    } catch (dev.tj.core.ingest.Overloaded o) {
                        refused++;
                        Thread.sleep(20); // as a client would on 503 + Retry-After
                    }
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            double acked = (System.nanoTime() - t0) / 1e9;
            writer.awaitApplied(java.time.Duration.ofMinutes(5));
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("acked all in %.2f s = %.0f rec/s%n", acked, requests * 100 / acked);
            System.out.printf(
                    "%d records in %.2f s = %.0f rec/s, %d commits, %d refusals%n",
                    requests * 100L, s, requests * 100 / s, metrics.commits(), refused);
            writer.close();
        }
    }
}
