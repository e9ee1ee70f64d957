package dev.tj.core.history;

import dev.tj.core.ingest.BatchWriter;
import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.ingest.IngestPipeline;
import dev.tj.core.ingest.IngestResult;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SessionReads;
import dev.tj.core.storage.SourceFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's side of a backfill: a batch from {@code tj backfill} loses the spans already seen
 * live ({@link LiveFilter}) and goes through the same ingest pipeline as OTLP, so the single writer
 * dedups span ids and its {@link dev.tj.core.session.SessionFolder} folds the new spans into
 * sessions. Read positions are queued to the same writer behind the spans, so they commit only
 * once the spans are stored (a lost position only means a harmless re-read).
 */
public final class DaemonIngest {
    private DaemonIngest() {}

    public static Map<String, Object> ingest(
            SessionReads reads, IngestPipeline pipeline, BatchWriter writer, List<Span> spans, List<SourceFile> files)
            throws Exception {
        LiveFilter.Split split = new LiveFilter(reads, false).apply(spans);
        List<Span> keep = split.kept();
        IngestResult r = keep.isEmpty()
                ? null
                : pipeline.ingest(new IngestBatch(keep, List.of(), List.of(), 0))
                        .get();
        if (!files.isEmpty()) writer.saveReadPositions(files).get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stored", r == null ? 0 : r.stored());
        out.put("existing", r == null ? 0 : r.duplicates());
        out.put("live_skipped", split.skipped());
        out.put("rejected", r == null ? 0 : r.rejections().size());
        out.put("new_sessions", split.newSessions());
        return out;
    }
}
