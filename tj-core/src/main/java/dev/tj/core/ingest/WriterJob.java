package dev.tj.core.ingest;

import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.SourceFile;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What goes through the writer's two stages, in submission order. */
sealed interface WriterJob {
    int records();

    void fail(Throwable t);

    /** New records, before the journal. */
    record Ingest(List<Span> spans, List<MetricPoint> points, CompletableFuture<WriteOutcome> f) implements WriterJob {
        public int records() {
            return spans.size() + points.size();
        }

        public void fail(Throwable t) {
            f.completeExceptionally(t);
        }
    }

    /**
     * New records in the journal as frame {@code seq}; already answered. {@code unchecked}: not
     * compared with storage before journaling (replayed after a crash, or journaled while storage was
     * unreachable), so the apply stage leaves out what storage has already.
     */
    record Journaled(long seq, List<Span> spans, List<MetricPoint> points, boolean unchecked) implements WriterJob {
        public int records() {
            return spans.size() + points.size();
        }

        public void fail(Throwable t) {}
    }

    /**
     * The ids of a frame storage has applied (or that was set aside), for the journal stage to drop
     * from its pending sets: only the ids, so the frame's records need not stay in memory meanwhile.
     */
    record Applied(List<String> spanIds, List<String> pointIds) {
        static Applied of(Journaled w) {
            List<String> spans = new java.util.ArrayList<>(w.spans().size());
            for (Span s : w.spans()) spans.add(s.spanId());
            List<String> points = new java.util.ArrayList<>(w.points().size());
            for (MetricPoint p : w.points()) points.add(p.pointId());
            return new Applied(spans, points);
        }
    }

    /** Closes sessions of a terminal and/or one session (see {@link BatchWriter#closeSessions}). */
    record Close(String instanceId, String sessionId, Instant now, CompletableFuture<Integer> f) implements WriterJob {
        public int records() {
            return 0;
        }

        public void fail(Throwable t) {
            f.completeExceptionally(t);
        }
    }

    /** Sets (label non-null) or clears a dashboard rename. */
    record Label(String sessionId, String label, Instant at, CompletableFuture<Void> f) implements WriterJob {
        public int records() {
            return 0;
        }

        public void fail(Throwable t) {
            f.completeExceptionally(t);
        }
    }

    /** Method snapshots to keep (each replaces the one of its session and kind). */
    record Snapshots(List<MethodSnapshot> snapshots, CompletableFuture<Void> f) implements WriterJob {
        public int records() {
            return 0;
        }

        public void fail(Throwable t) {
            f.completeExceptionally(t);
        }
    }

    /** Read positions of transcript files, committed after everything submitted before. */
    record ReadPositions(List<SourceFile> files, CompletableFuture<Void> f) implements WriterJob {
        public int records() {
            return 0;
        }

        public void fail(Throwable t) {
            f.completeExceptionally(t);
        }
    }

    /**
     * Waits up to 200 ms for a first job, then takes whatever else is queued, up to a batch.
     *
     * @return false when nothing came
     */
    static <J extends WriterJob> boolean drain(
            java.util.concurrent.BlockingQueue<J> queue, List<J> into, int batchLimit) throws InterruptedException {
        return drain(queue, into, batchLimit, 200);
    }

    /** As {@link #drain(java.util.concurrent.BlockingQueue, List, int)}, waiting up to {@code waitMs}. */
    static <J extends WriterJob> boolean drain(
            java.util.concurrent.BlockingQueue<J> queue, List<J> into, int batchLimit, long waitMs)
            throws InterruptedException {
        J first = queue.poll(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) return false;
        into.add(first);
        int records = first.records();
        while (records < batchLimit) {
            J next = queue.poll();
            if (next == null) break;
            into.add(next);
            records += next.records();
        }
        return true;
    }

    static int records(List<? extends WriterJob> jobs) {
        int n = 0;
        for (WriterJob j : jobs) n += j.records();
        return n;
    }
}
