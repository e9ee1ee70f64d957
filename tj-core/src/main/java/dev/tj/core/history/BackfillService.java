package dev.tj.core.history;

import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.transcript.ClaudeFile;
import dev.tj.core.transcript.CodexCall;
import dev.tj.core.transcript.CodexFile;
import dev.tj.core.transcript.CodexParser;
import dev.tj.core.transcript.ParseReport;
import dev.tj.core.transcript.Timestamps;
import dev.tj.core.transcript.ToolResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code tj backfill}: reads Claude Code / Codex history and stores it, once.
 *
 * <p>Incremental: a file whose (path, size, mtime) match its saved read position and that was read
 * to its end is not opened again; a grown file is read from where the last run stopped; anything
 * else (shrunk, rewritten) is read whole, and deterministic span ids make re-reading harmless. The
 * position of a file is committed in the same transaction as the last of its spans. A file written
 * to within the last minute whose trailing API response has no stop_reason yet keeps that response
 * for the next run (its final streaming snapshot may not be written yet).
 */
public final class BackfillService {
    /** A file modified more recently than this may still be streaming its last response. */
    static final long SETTLE_MS = 60_000;

    private final BackfillSink sink;
    private final Pricing pricing;
    private final Clock clock;

    /** @param pricing prices spans for a sink that does not price them itself (see {@link BackfillSink#pricesOnArrival}) */
    public BackfillService(BackfillSink sink, Pricing pricing, Clock clock) {
        this.sink = sink;
        this.pricing = pricing;
        this.clock = clock;
    }

    /** One price point: the sink's pipeline, else the same {@link Pricing#price} call here. */
    private Span price(Span s) {
        return sink.pricesOnArrival() || pricing == null ? s : pricing.price(s);
    }

    /**
     * @param since    only calls at or after this (null: all); with a window, read positions are not
     *                 saved, so a later full run still reads everything
     * @param reingest ignore saved read positions and read every file again
     * @param files    the files to consider instead of listing the roots (the daemon's catch-up knows
     *                 which files changed), or null
     */
    public record Options(
            List<java.nio.file.Path> roots, Instant since, boolean reingest, int threads, List<HistoryFile> files) {
        public Options(List<java.nio.file.Path> roots, Instant since, boolean reingest, int threads) {
            this(roots, since, reingest, threads, null);
        }
    }

    public BackfillRun claudeCode(Options o, Progress progress) {
        long t0 = System.nanoTime();
        long now = clock.millis();
        List<HistoryFile> listed = o.files() != null ? o.files() : FileLister.claudeCode(o.roots());
        Map<String, SourceFile> known = o.reingest() ? Map.of() : sink.sourceFiles();
        List<ClaudeHistory.ReadTask> tasks = new ArrayList<>();
        int unchanged = 0;
        long sinceMs = o.since() == null ? Timestamps.NONE : o.since().toEpochMilli();
        for (HistoryFile f : listed) {
            if (o.since() != null && f.mtimeMillis() < sinceMs) continue;
            long start = startOffset(known.get(f.path().toString()), f);
            if (start < 0) {
                unchanged++;
                continue;
            }
            tasks.add(new ClaudeHistory.ReadTask(f, start, now - f.mtimeMillis() > SETTLE_MS));
        }
        long tList = System.nanoTime();
        progress.phase = "reading";
        Acc acc = new Acc();
        List<Span> buf = new ArrayList<>();
        List<SourceFile> files = new ArrayList<>();
        List<SourceFile> late = new ArrayList<>();
        var visitor = new ClaudeHistory.Visitor() {
            boolean allReadToEnd = true;

            @Override
            public void call(MergedCall m, Map<String, ToolResult> results) {
                Span llm = price(HistorySpans.llm(m));
                buf.add(llm);
                buf.addAll(HistorySpans.tools(m, llm, results));
                acc.add(llm, m.project());
            }

            @Override
            public void fileDone(ClaudeFile f, int waiting) {
                if (f.nextOffset() < f.size()) allReadToEnd = false;
                if (o.since() == null) {
                    // a file with calls waiting for a later file's links saves its position with them
                    (waiting > 0 ? late : files)
                            .add(new SourceFile(
                                    f.path().toString(),
                                    f.size(),
                                    Instant.ofEpochMilli(f.mtimeMillis()),
                                    f.nextOffset()));
                }
                if (buf.size() >= sink.batchSpans()) acc.flush(buf, files);
            }
        };
        ClaudeHistory.Merged merged = ClaudeHistory.stream(
                tasks, o.threads() > 0 ? o.threads() : ClaudeHistory.defaultThreads(), sinceMs, progress, visitor);
        long tRead = System.nanoTime();
        files.addAll(late);
        acc.flush(buf, files);
        acc.finish();
        boolean complete = o.since() == null
                && visitor.allReadToEnd
                && merged.errors().isEmpty()
                && merged.filesRead() == tasks.size();
        String timing = "list " + (tList - t0) / 1_000_000 + " ms, read+build (storing alongside) "
                + (tRead - tList) / 1_000_000
                + " ms, last writes " + (System.nanoTime() - tRead) / 1_000_000 + " ms (storage writes "
                + acc.sinkNanos / 1_000_000
                + " ms on the writer thread)";
        BackfillResult r = acc.result(
                "claude-code",
                o,
                new BackfillResult.Files(listed.size(), unchanged, merged.filesRead(), merged.bytesRead()),
                merged.calls(),
                merged.stats(),
                merged.errors(),
                t0,
                timing);
        return new BackfillRun(r, listed, complete);
    }

    public BackfillRun codex(Options o, Progress progress) {
        long t0 = System.nanoTime();
        List<HistoryFile> listed = o.files() != null ? o.files() : FileLister.codex(o.roots());
        boolean complete = o.since() == null;
        Map<String, SourceFile> known = o.reingest() ? Map.of() : sink.sourceFiles();
        long sinceMs = o.since() == null ? Timestamps.NONE : o.since().toEpochMilli();
        List<HistoryFile> todo = new ArrayList<>();
        int unchanged = 0;
        long total = 0;
        for (HistoryFile f : listed) {
            if (o.since() != null && f.mtimeMillis() < sinceMs) continue;
            if (startOffset(known.get(f.path().toString()), f) < 0) {
                unchanged++;
                continue;
            }
            todo.add(f);
            total += f.size();
        }
        progress.filesTotal.addAndGet(todo.size());
        progress.bytesTotal.addAndGet(total);
        CodexParser parser = new CodexParser();
        ParseReport stats = ParseReport.ZERO;
        List<String> errors = new ArrayList<>();
        Acc acc = new Acc();
        List<Span> buf = new ArrayList<>();
        List<SourceFile> files = new ArrayList<>();
        long bytes = 0, calls = 0;
        int read = 0;
        for (HistoryFile hf : todo) {
            try {
                CodexFile f = parser.parse(hf.path(), hf.size(), hf.mtimeMillis());
                read++;
                bytes += f.stats().bytes();
                stats = stats.plus(f.stats()).plusCalls(f.reemittedEvents(), 0);
                for (CodexCall c : f.calls()) {
                    if (sinceMs != Timestamps.NONE && c.ts() < sinceMs) continue;
                    Span s = price(HistorySpans.codexLlm(f, c));
                    buf.add(s);
                    acc.add(s, s.resource().namespace());
                    calls++;
                }
                for (CodexFile.Tool t : f.tools()) {
                    Span s = HistorySpans.codexTool(f, t);
                    if (sinceMs == Timestamps.NONE || s.startTime().toEpochMilli() >= sinceMs) buf.add(s);
                }
                // rollouts are re-read whole when they change (see CodexParser), so the position is the size read
                if (o.since() == null)
                    files.add(new SourceFile(
                            hf.path().toString(), hf.size(), Instant.ofEpochMilli(hf.mtimeMillis()), f.nextOffset()));
                if (f.nextOffset() < hf.size()) complete = false;
            } catch (IOException | RuntimeException e) {
                errors.add(hf.path() + ": " + e);
                complete = false;
            }
            progress.filesDone.incrementAndGet();
            progress.bytesDone.addAndGet(hf.size());
            if (buf.size() >= sink.batchSpans()) acc.flush(buf, files);
        }
        acc.flush(buf, files);
        acc.finish();
        BackfillResult r = acc.result(
                "codex",
                o,
                new BackfillResult.Files(listed.size(), unchanged, read, bytes),
                calls,
                stats,
                errors,
                t0,
                null);
        return new BackfillRun(r, listed, complete);
    }

    /**
     * Where to start reading a file, or -1 when it is unchanged and was read to its end.
     */
    static long startOffset(SourceFile sf, HistoryFile f) {
        if (sf == null) return 0;
        long mtime = sf.modified() == null ? -1 : sf.modified().toEpochMilli();
        boolean same = sf.size() == f.size() && mtime == f.mtimeMillis();
        if (same && sf.offset() >= f.size()) return -1;
        if (f.size() >= sf.offset() && f.size() >= sf.size() && f.mtimeMillis() >= mtime)
            return sf.offset(); // grown, or a held-back tail
        return 0; // shrunk or rewritten
    }

    /** Run totals plus the buffered flush into the sink. */
    private final class Acc {
        UsageTotals total = UsageTotals.ZERO;
        long earliest = Long.MAX_VALUE, latest = Long.MIN_VALUE;
        final Set<String> sessions = new HashSet<>();
        final Set<String> projects = new HashSet<>();
        /** session/sub_agent_id to the totals of its calls read this run. */
        final Map<String, UsageTotals> subagents = new TreeMap<>();

        BackfillSink.Written written = BackfillSink.Written.NONE;
        long sinkNanos;

        void add(Span llm, String project) {
            UsageTotals call = UsageTotals.ofCall(llm.usage(), llm.costUsd() == null ? 0.0 : llm.costUsd());
            total = total.plus(call);
            long t = llm.startTime().toEpochMilli();
            if (t < earliest) earliest = t;
            if (t > latest) latest = t;
            sessions.add(llm.sessionId());
            if (project != null) projects.add(project);
            if (llm.subAgentId() != null)
                subagents.merge(llm.sessionId() + "/" + llm.subAgentId(), call, UsageTotals::plus);
        }

        BackfillResult result(
                String source,
                Options o,
                BackfillResult.Files read,
                long calls,
                ParseReport stats,
                List<String> errors,
                long t0,
                String timing) {
            return new BackfillResult(
                    source,
                    o.roots().stream().map(Object::toString).toList(),
                    read,
                    calls,
                    written,
                    sessions.size(),
                    projects.size(),
                    total,
                    earliest == Long.MAX_VALUE ? null : Instant.ofEpochMilli(earliest),
                    latest == Long.MIN_VALUE ? null : Instant.ofEpochMilli(latest),
                    stats.plusCalls(written.existing(), 0),
                    List.copyOf(errors),
                    (System.nanoTime() - t0) / 1_000_000,
                    timing,
                    subagents);
        }

        /**
         * One writer thread: storage writes overlap with building the next batch. At most two big
         * batches in flight, or a few more small ones (about 64k spans) for a streaming sink.
         */
        private java.util.concurrent.ExecutorService writer;

        private final java.util.ArrayDeque<java.util.concurrent.Future<BackfillSink.Written>> pending =
                new java.util.ArrayDeque<>();

        void flush(List<Span> buf, List<SourceFile> files) {
            if (buf.isEmpty() && files.isEmpty()) return;
            if (writer == null) {
                writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "tj-backfill-writer");
                    t.setDaemon(true);
                    return t;
                });
            }
            List<Span> spans = new ArrayList<>(buf);
            List<SourceFile> fs = new ArrayList<>(files);
            buf.clear();
            files.clear();
            int inFlight = Math.max(2, 32_768 / Math.max(1, sink.batchSpans()));
            while (pending.size() >= inFlight) collect(pending.poll());
            pending.add(writer.submit(() -> {
                long t = System.nanoTime();
                BackfillSink.Written w = sink.write(spans, fs);
                synchronized (this) {
                    sinkNanos += System.nanoTime() - t;
                }
                return w;
            }));
        }

        /** Waits for every write, then for the sink's finish (only when every write went through); rethrows the first failure. */
        void finish() {
            try {
                while (!pending.isEmpty()) collect(pending.poll());
                if (writer != null) {
                    pending.add(writer.submit(() -> {
                        long t = System.nanoTime();
                        sink.finish();
                        synchronized (this) {
                            sinkNanos += System.nanoTime() - t;
                        }
                        return BackfillSink.Written.NONE;
                    }));
                    collect(pending.poll());
                }
            } finally {
                if (writer != null) writer.shutdownNow();
            }
        }

        private void collect(java.util.concurrent.Future<BackfillSink.Written> f) {
            try {
                written = written.plus(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while storing", e);
            } catch (java.util.concurrent.ExecutionException e) {
                pending.forEach(p -> p.cancel(false));
                pending.clear();
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
