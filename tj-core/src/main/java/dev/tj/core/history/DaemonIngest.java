package dev.tj.core.history;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.ingest.IngestPipeline;
import dev.tj.core.ingest.IngestResult;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.Storage;
import dev.tj.core.storage.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's side of a backfill: a batch from {@code tj backfill} goes through the same ingest
 * pipeline as OTLP (the single writer dedups span ids and folds new spans into sessions), after
 * spans of sessions already seen live are filtered out ({@link LiveOverlap}). Read positions are
 * saved after the spans are durable (a lost position only means a harmless re-read).
 */
public final class DaemonIngest {
    private DaemonIngest() {}

    public static Map<String, Object> ingest(Storage storage, IngestPipeline pipeline, List<Span> spans,
                                             List<SourceFile> files) throws Exception {
        Map<String, List<Span>> bySession = new LinkedHashMap<>();
        for (Span s : spans) bySession.computeIfAbsent(s.sessionId(), k -> new ArrayList<>()).add(s);
        Map<String, dev.tj.core.session.Session> existing = storage.sessions(bySession.keySet());
        List<Span> keep = new ArrayList<>(spans.size());
        List<Span> skipped = new ArrayList<>();
        Map<String, LiveOverlap> live = new HashMap<>();
        for (var e : bySession.entrySet()) {
            LiveOverlap o = existing.containsKey(e.getKey()) ? LiveOverlap.of(storage, e.getKey()) : null;
            if (o == null) keep.addAll(e.getValue());
            else {
                live.put(e.getKey(), o);
                keep.addAll(o.filter(e.getValue(), skipped));
            }
        }
        IngestResult r = keep.isEmpty() ? null : pipeline.ingest(new IngestBatch(keep, List.of(), List.of(), 0)).get();
        if (!files.isEmpty()) storage.commit(new WriteBatch(List.of(), List.of(), List.of(), files));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stored", r == null ? 0 : r.stored());
        out.put("existing", r == null ? 0 : r.duplicates());
        out.put("live_skipped", skipped.size());
        out.put("rejected", r == null ? 0 : r.rejections().size());
        out.put("new_sessions", bySession.size() - existing.size());
        return out;
    }
}
