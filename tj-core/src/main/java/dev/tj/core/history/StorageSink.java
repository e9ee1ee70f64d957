package dev.tj.core.history;

import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.session.SessionFolder;
import dev.tj.core.span.Machine;
import dev.tj.core.span.Span;
import dev.tj.core.storage.BulkLoad;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.SessionLookups;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.Storage;
import dev.tj.core.storage.WriteBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes backfilled spans straight into storage (the CLI, when no daemon holds the file): it takes
 * the store's single writer ({@link Storage#ingestStore()}), so it owns the store for its lifetime.
 * Spans already stored or already seen live ({@link LiveFilter}) are dropped, and the rest go through
 * the same {@link SessionFolder} as live ingest, so a session's totals stay the sum over its stored
 * spans; spans, sessions and read positions of one write commit in one transaction.
 *
 * <p>Into a store without spans (the first backfill) nothing can be stored or seen live yet, so
 * there is nothing to look up: spans stream into a {@link BulkLoad} as they come and commit with
 * their sessions and read positions every {@link #BULK_COMMIT_SPANS} spans and at {@link #finish}.
 */
public final class StorageSink implements BackfillSink {
    private final Machine machine;
    private final Storage storage;
    private final IngestStore store;
    private final boolean storageHadSpans;
    private final SessionFolder folder;
    private final LiveFilter live;
    /** Spans per bulk transaction: bounds what an interrupted first backfill loses. */
    static final int BULK_COMMIT_SPANS = 2_000_000;

    private BulkLoad load;
    private final Map<String, dev.tj.core.session.Session> bulkChanged = new LinkedHashMap<>();
    private final List<SourceFile> bulkFiles = new ArrayList<>();
    private long bulkSpans;

    public StorageSink(Storage storage, SessionAccumulator accumulator) {
        this(storage, accumulator, Machine.UNKNOWN);
    }

    /** @param machine this machine ({@code [machine]}), stamped on every span read here */
    public StorageSink(Storage storage, SessionAccumulator accumulator, Machine machine) {
        this.machine = machine;
        this.storage = storage;
        this.store = storage.ingestStore();
        this.storageHadSpans = storage.sessions().spanCount() > 0;
        // Every session this run folds stays in memory: in a bulk load they are not stored until the
        // load commits, and the fold must not start them over.
        this.folder = new SessionFolder(storageHadSpans ? store : SessionLookups.NONE, accumulator, Integer.MAX_VALUE);
        this.live = new LiveFilter(storage.sessions(), !storageHadSpans);
    }

    @Override
    public Map<String, SourceFile> sourceFiles() {
        return storage.sessions().sourceFiles();
    }

    @Override
    public int batchSpans() {
        return storageHadSpans ? BackfillSink.super.batchSpans() : 8_192;
    }

    @Override
    public Written write(List<Span> spans, List<SourceFile> files) {
        spans = machine.stamp(spans);
        if (!storageHadSpans) return writeBulk(spans, files);
        List<Span> fresh = spans;
        int existing = 0;
        if (!spans.isEmpty()) {
            List<String> ids = new ArrayList<>(spans.size());
            for (Span s : spans) ids.add(s.spanId());
            Set<String> have = storage.index().existingSpanIds(ids);
            if (!have.isEmpty()) {
                fresh = new ArrayList<>(spans.size());
                for (Span s : spans) {
                    if (have.contains(s.spanId())) existing++;
                    else fresh.add(s);
                }
            }
        }
        LiveFilter.Split split = live.apply(fresh);
        SessionFolder.Fold fold = folder.fold(List.of(new SessionFolder.Spans(split.kept())));
        if (!fold.spans().isEmpty() || !files.isEmpty()) {
            try {
                store.commit(new WriteBatch(fold.spans(), List.of(), fold.sessions(), files));
            } catch (RuntimeException e) {
                folder.forget();
                throw e;
            }
        }
        folder.committed(fold);
        return new Written(fold.spans().size(), existing, split.skipped(), fold.sessionsStarted(), cost(fold.spans()));
    }

    private static double cost(List<Span> spans) {
        double cost = 0;
        for (Span s : spans) if (s.costUsd() != null) cost += s.costUsd();
        return cost;
    }

    private Written writeBulk(List<Span> spans, List<SourceFile> files) {
        SessionFolder.Fold fold = folder.fold(List.of(new SessionFolder.Spans(spans)));
        // not stored yet, but the fold must build on them: they are committed with the load
        folder.committed(fold);
        for (var s : fold.sessions()) bulkChanged.put(s.sessionId(), s);
        if (load == null) load = store.bulkLoad();
        if (!fold.spans().isEmpty()) load.add(fold.spans());
        bulkFiles.addAll(files);
        bulkSpans += fold.spans().size();
        if (bulkSpans >= BULK_COMMIT_SPANS) commitBulk();
        return new Written(fold.spans().size(), 0, 0, fold.sessionsStarted(), cost(fold.spans()));
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
