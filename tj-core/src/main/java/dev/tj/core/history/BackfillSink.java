package dev.tj.core.history;

import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import java.util.List;
import java.util.Map;

/** Where backfilled spans go: the DuckDB file directly, or the running daemon. */
public interface BackfillSink extends AutoCloseable {
    /** Read positions saved by earlier runs. */
    Map<String, SourceFile> sourceFiles();

    /**
     * Stores the spans not stored yet (and not already seen live), updates their sessions, and saves
     * the read positions, together.
     */
    Written write(List<Span> spans, List<SourceFile> files);

    /**
     * Whether the sink prices spans itself (the daemon's ingest pipeline does): then the backfill
     * sends them unpriced, so that every span is priced exactly once.
     */
    default boolean pricesOnArrival() {
        return false;
    }

    /** Spans per {@link #write}: big batches pay off for a sink that commits each write, small ones for one that streams. */
    default int batchSpans() {
        return 200_000;
    }

    /** After the last write, on the thread that wrote: a sink that holds writes open stores them now. */
    default void finish() {}

    /**
     * Writes in parts of at most {@code chunk} spans, the read positions with the last part (alone
     * when there are no spans), so a position is never saved before its spans.
     */
    static Written inChunks(
            List<Span> spans,
            List<SourceFile> files,
            int chunk,
            java.util.function.BiFunction<List<Span>, List<SourceFile>, Written> part) {
        Written total = Written.NONE;
        for (int i = 0; i < spans.size() || (i == 0 && !files.isEmpty()); i += chunk) {
            List<Span> some = spans.subList(Math.min(i, spans.size()), Math.min(spans.size(), i + chunk));
            boolean last = i + chunk >= spans.size();
            total = total.plus(part.apply(some, last ? files : List.of()));
            if (spans.isEmpty()) break;
        }
        return total;
    }

    @Override
    default void close() {}

    /**
     * @param stored      new spans stored
     * @param existing    spans that were already stored (earlier runs)
     * @param liveSkipped spans skipped because the same work arrived live (OTLP)
     * @param newSessions sessions created by this write
     */
    record Written(int stored, int existing, int liveSkipped, int newSessions, double storedCostUsd) {
        public Written plus(Written o) {
            return new Written(
                    stored + o.stored,
                    existing + o.existing,
                    liveSkipped + o.liveSkipped,
                    newSessions + o.newSessions,
                    storedCostUsd + o.storedCostUsd);
        }

        public static final Written NONE = new Written(0, 0, 0, 0, 0.0);
    }
}
