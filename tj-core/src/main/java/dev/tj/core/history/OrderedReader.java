package dev.tj.core.history;

import dev.tj.core.history.ClaudeHistory.ReadTask;
import dev.tj.core.transcript.ClaudeCodeParser;
import dev.tj.core.transcript.ClaudeFile;
import dev.tj.core.transcript.ReadDepth;
import dev.tj.core.transcript.Timestamps;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parses transcript files on a pool and hands them out in merge order (oldest first record first):
 * each file's order key is probed first (its first record's timestamp, a few KB read), then files
 * are parsed ahead of the merge, at most {@link #READ_AHEAD_FILES} beyond the one it takes (parsed
 * files waiting for the merge are live heap; reading further ahead gains nothing when the merge is
 * the slower side). Within that window the biggest file waiting is parsed first, so a big file is
 * started early instead of leaving the other reader idle once the merge reaches it.
 */
final class OrderedReader implements AutoCloseable {
    static final int READ_AHEAD_FILES = 16;

    /** A file read, or why it could not be. */
    record Parsed(ReadTask task, ClaudeFile file, String error) {}

    private final List<ReadTask> order;
    private final Progress progress;
    private final ExecutorService pool;
    private final ReadDepth depth;
    private final ThreadLocal<ClaudeCodeParser> parsers = ThreadLocal.withInitial(ClaudeCodeParser::new);
    private final ArrayDeque<Future<Parsed>> ahead = new ArrayDeque<>();
    private int submitted;

    OrderedReader(List<ReadTask> tasks, int threads, Progress progress) {
        this(tasks, threads, progress, ReadDepth.LINKS);
    }

    /** @param depth what to take in besides API responses */
    OrderedReader(List<ReadTask> tasks, int threads, Progress progress, ReadDepth depth) {
        this.depth = depth;
        this.progress = progress;
        int n = Math.max(1, Math.min(threads, tasks.size()));
        this.pool = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread th = new Thread(r, "tj-history-reader");
            th.setDaemon(true);
            return th;
        });
        long bytes = 0;
        for (ReadTask t : tasks) bytes += t.bytes();
        progress.filesTotal.addAndGet(tasks.size());
        progress.bytesTotal.addAndGet(bytes);
        try {
            this.order = inMergeOrder(tasks, n);
        } catch (RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
        while (submitted < order.size() && submitted < READ_AHEAD_FILES) submitNext();
    }

    /** The next file in merge order, or null after the last. */
    Parsed next() {
        Future<Parsed> f = ahead.poll();
        if (f == null) return null;
        if (submitted < order.size()) submitNext();
        return await(f);
    }

    private void submitNext() {
        ReadTask t = order.get(submitted++);
        Job<Parsed> job = new Job<>(() -> parse(t), t.bytes());
        pool.execute(job);
        ahead.add(job);
    }

    /** A task of the pool; the queue hands out the biggest first. */
    private static final class Job<T> extends FutureTask<T> implements Comparable<Job<?>> {
        private final long size;

        Job(Callable<T> c, long size) {
            super(c);
            this.size = size;
        }

        @Override
        public int compareTo(Job<?> o) {
            return Long.compare(o.size, size);
        }
    }

    private Parsed parse(ReadTask t) {
        Parsed p;
        try {
            p = new Parsed(
                    t,
                    parsers.get()
                            .parse(
                                    t.file().path(),
                                    t.file().size(),
                                    t.file().mtimeMillis(),
                                    t.startOffset(),
                                    t.settled(),
                                    depth),
                    null);
        } catch (IOException | RuntimeException e) {
            p = new Parsed(t, null, t.file().path() + ": " + e);
        }
        progress.filesDone.incrementAndGet();
        progress.bytesDone.addAndGet(t.bytes());
        return p;
    }

    /** Oldest first record first, then older mtime, then path; files without a timestamp last. */
    private List<ReadTask> inMergeOrder(List<ReadTask> tasks, int threads) {
        long[] keys = new long[tasks.size()];
        AtomicInteger next = new AtomicInteger();
        Callable<Void> prober = () -> {
            ClaudeCodeParser probe = parsers.get();
            int i;
            while ((i = next.getAndIncrement()) < keys.length) {
                ReadTask t = tasks.get(i);
                try {
                    keys[i] = probe.firstTimestamp(
                            t.file().path(), t.startOffset(), t.file().size());
                } catch (IOException | RuntimeException e) {
                    keys[i] = Timestamps.NONE;
                }
            }
            return null;
        };
        List<Future<Void>> probes = new ArrayList<>();
        for (int w = 0; w < Math.min(threads, keys.length / 64 + 1); w++) {
            Job<Void> job = new Job<>(prober, 0);
            pool.execute(job);
            probes.add(job);
        }
        for (Future<Void> f : probes) await(f); // get() publishes the probers' writes
        List<Integer> idx = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) idx.add(i);
        idx.sort(Comparator.comparingLong((Integer i) -> keys[i] == Timestamps.NONE ? Long.MAX_VALUE : keys[i])
                .thenComparingLong(i -> tasks.get(i).file().mtimeMillis())
                .thenComparing(i -> tasks.get(i).file().path().toString()));
        List<ReadTask> out = new ArrayList<>(tasks.size());
        for (int i : idx) out.add(tasks.get(i));
        return out;
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading history", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading history failed", e.getCause());
        }
    }

    /** Stops reading ahead (after the last file, or when the merge failed). */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
