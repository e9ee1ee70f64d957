package dev.tj.core.history;

import dev.tj.core.session.Session;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.span.Span;
import dev.tj.core.storage.BulkLoad;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.Storage;
import dev.tj.core.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes backfilled spans straight into storage (the CLI, when no daemon holds the file). Only new
 * spans are folded into their sessions, so a session's totals stay the sum over its stored spans;
 * spans, sessions and read positions of one write commit in one transaction.
 *
 * <p>Into a store without spans (the first backfill) nothing can be stored or seen live yet, so
 * there is nothing to look up: spans stream into a {@link BulkLoad} as they come and commit with
 * their sessions and read positions every {@link #BULK_COMMIT_SPANS} spans and at {@link #finish}.
 */
public final class StorageSink implements BackfillSink {
    private final Storage storage;
    private final SessionAccumulator accumulator;
    private final boolean storageHadSpans;
    private final Map<String, Session> sessions = new HashMap<>();
    /** Sessions that existed before this run, with their live view (null = no live spans). */
    private final Map<String, LiveOverlap> preexisting = new HashMap<>();
    private final Set<String> checked = new HashSet<>();
    /** Spans per bulk transaction: bounds what an interrupted first backfill loses. */
    static final int BULK_COMMIT_SPANS = 2_000_000;
    private BulkLoad load;
    private final Map<String, Session> bulkChanged = new LinkedHashMap<>();
    private final List<SourceFile> bulkFiles = new ArrayList<>();
    private long bulkSpans;

    public StorageSink(Storage storage, SessionAccumulator accumulator) {
        this.storage = storage;
        this.accumulator = accumulator;
        this.storageHadSpans = storage.spanCount() > 0;
    }

    @Override
    public Map<String, SourceFile> sourceFiles() { return storage.sourceFiles(); }

    @Override
    public int batchSpans() { return storageHadSpans ? BackfillSink.super.batchSpans() : 8_192; }

    @Override
    public Written write(List<Span> spans, List<SourceFile> files) {
        if (!storageHadSpans) return writeBulk(spans, files);
        List<Span> fresh = spans;
        int existing = 0;
        if (!spans.isEmpty()) {
            List<String> ids = new ArrayList<>(spans.size());
            for (Span s : spans) ids.add(s.spanId());
            Set<String> have = storage.existingSpanIds(ids);
            if (!have.isEmpty()) {
                fresh = new ArrayList<>(spans.size());
                for (Span s : spans) {
                    if (have.contains(s.spanId())) existing++;
                    else fresh.add(s);
                }
            }
        }
        // sessions this run has not looked up yet
        Set<String> lookup = new HashSet<>();
        for (Span s : fresh) if (!sessions.containsKey(s.sessionId()) && checked.add(s.sessionId())) lookup.add(s.sessionId());
        if (!lookup.isEmpty()) {
            Map<String, Session> found = storage.sessions(lookup);
            for (var e : found.entrySet()) {
                sessions.put(e.getKey(), e.getValue());
                preexisting.put(e.getKey(), LiveOverlap.of(storage, e.getKey()));
            }
        }
        int liveSkipped = 0;
        List<Span> keep = new ArrayList<>(fresh.size());
        for (Span s : fresh) {
            LiveOverlap live = preexisting.get(s.sessionId());
            if (live != null && live.covers(s)) {
                liveSkipped++;
                continue;
            }
            keep.add(s);
        }
        Map<String, Session> changed = new LinkedHashMap<>();
        int newSessions = 0;
        double cost = 0;
        for (Span s : keep) {
            Session cur = sessions.get(s.sessionId());
            Session next;
            if (cur == null) {
                next = accumulator.start(s);
                newSessions++;
            } else {
                next = accumulator.add(cur, s);
            }
            sessions.put(s.sessionId(), next);
            changed.put(s.sessionId(), next);
            if (s.costUsd() != null) cost += s.costUsd();
        }
        Collection<Session> cs = changed.values();
        if (!keep.isEmpty() || !files.isEmpty()) {
            storage.commit(new WriteBatch(keep, List.of(), List.copyOf(cs), files));
        }
        return new Written(keep.size(), existing, liveSkipped, newSessions, cost);
    }

    private Written writeBulk(List<Span> spans, List<SourceFile> files) {
        int newSessions = 0;
        double cost = 0;
        for (Span s : spans) {
            Session cur = sessions.get(s.sessionId());
            Session next = cur == null ? accumulator.start(s) : accumulator.add(cur, s);
            if (cur == null) newSessions++;
            sessions.put(s.sessionId(), next);
            bulkChanged.put(s.sessionId(), next);
            if (s.costUsd() != null) cost += s.costUsd();
        }
        if (load == null) load = storage.bulkLoad();
        if (!spans.isEmpty()) load.add(spans);
        bulkFiles.addAll(files);
        bulkSpans += spans.size();
        if (bulkSpans >= BULK_COMMIT_SPANS) commitBulk();
        return new Written(spans.size(), 0, 0, newSessions, cost);
    }

    private void commitBulk() {
        load.commit(List.copyOf(bulkChanged.values()), List.copyOf(bulkFiles));
        bulkChanged.clear();
        bulkFiles.clear();
        bulkSpans = 0;
    }

    @Override
    public void finish() {
        if (load == null) return;
        try {
            commitBulk();
        } finally {
            load.close();
            load = null;
        }
    }
}
