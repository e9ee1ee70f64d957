package dev.tj.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.core.transcript.CallRecord;
import dev.tj.core.transcript.ClaudeCodeParser;
import dev.tj.core.transcript.ClaudeFile;
import dev.tj.core.transcript.ParseStats;
import dev.tj.core.transcript.Timestamps;
import dev.tj.core.transcript.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads Claude Code history in parallel and counts every API response exactly once.
 *
 * <p>Dedup is global: files are taken oldest first (earliest record timestamp, then modification
 * time, then path) and an API response belongs to the first file it appears in (a resumed session
 * that copies old records into a new file does not count them again). Within a file the last
 * streaming snapshot's usage wins.
 *
 * <p>A subagent's calls carry {@code sub_agent_id} from {@code isSidechain + agentId} and are linked to
 * the parent's Task/Agent call by {@code toolUseResult.agentId}, then the sidecar
 * {@code agent-<id>.meta.json} {@code toolUseId}, then an id (7–17 hex) in the result text.
 */
public final class ClaudeHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many files the readers of {@link #stream} may parse ahead of the merge. */
    static final int READ_AHEAD_FILES = 16;

    private ClaudeHistory() {}

    /** One file to read, from an offset. */
    public record ReadTask(HistoryFile file, long startOffset, boolean settled) {}

    /**
     * Which file a response copied into several files belongs to: the one whose first record is
     * oldest (a resumed session's file starts later than the file it copies from), then the older
     * mtime, then the path. Files without any timestamp go last.
     */
    public static final Comparator<ClaudeFile> FILE_ORDER = Comparator
            .comparingLong((ClaudeFile f) -> f.firstTs == Timestamps.NONE ? Long.MAX_VALUE : f.firstTs)
            .thenComparingLong(f -> f.mtimeMillis)
            .thenComparing(f -> f.path.toString());

    /** Everything read, before dedup. */
    public record Read(List<ClaudeFile> files, List<String> errors) {}

    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Reads the files on {@code threads} threads, biggest first; unreadable files are reported, not fatal. */
    public static Read read(List<ReadTask> tasks, int threads, Progress progress) {
        List<ReadTask> order = new ArrayList<>(tasks);
        order.sort(Comparator.comparingLong((ReadTask t) -> t.file().size() - t.startOffset()).reversed());
        long bytes = 0;
        for (ReadTask t : order) bytes += Math.max(0, t.file().size() - t.startOffset());
        progress.filesTotal.addAndGet(order.size());
        progress.bytesTotal.addAndGet(bytes);
        ClaudeFile[] out = new ClaudeFile[order.size()];
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            ClaudeCodeParser parser = new ClaudeCodeParser();
            int i;
            while ((i = next.getAndIncrement()) < out.length) {
                ReadTask t = order.get(i);
                try {
                    out[i] = parser.parse(t.file().path(), t.file().size(), t.file().mtimeMillis(), t.startOffset(), t.settled());
                } catch (IOException | RuntimeException e) {
                    errors.add(t.file().path() + ": " + e);
                }
                progress.filesDone.incrementAndGet();
                progress.bytesDone.addAndGet(Math.max(0, t.file().size() - t.startOffset()));
            }
        };
        int n = Math.max(1, Math.min(threads, out.length));
        if (n <= 1) {
            worker.run();
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
                Thread th = new Thread(r, "tj-history-reader");
                th.setDaemon(true);
                return th;
            });
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int k = 0; k < n; k++) fs.add(pool.submit(worker));
                for (Future<?> f : fs) f.get();
            } catch (Exception e) {
                throw new IllegalStateException("reading history failed", e);
            } finally {
                pool.shutdownNow();
            }
        }
        List<ClaudeFile> files = new ArrayList<>(out.length);
        for (ClaudeFile f : out) if (f != null) files.add(f);
        return new Read(files, errors);
    }

    /** Receives the merged calls, file by file in dedup order. */
    public interface Visitor {
        /** Called once, after tool results and subagent links of all files are gathered. */
        default void begin(Merge merge) {}

        void call(MergedCall call);

        /** All of this file's calls have been visited. */
        default void fileDone(ClaudeFile file) {}
    }

    /** What the merge saw. */
    public static final class Merge {
        public final ParseStats stats = new ParseStats();
        public final Map<String, ToolResult> results = new HashMap<>();
        /** Subagent id to its parent Task/Agent tool_use id. */
        public final Map<String, String> parentToolUse = new HashMap<>();
        public long callsBeforeSince;
        public long calls;
    }

    /** First file wins, zero-usage responses and responses before --since are counted and dropped. */
    private static boolean admit(CallRecord c, Set<String> seen, Merge m, long sinceMillis) {
        if (!seen.add(c.key)) {
            m.stats.duplicateCalls++;
            return false;
        }
        if (c.totalTokens() == 0) {
            m.stats.zeroUsageCalls++;
            return false;
        }
        if (sinceMillis != Timestamps.NONE && c.firstTs < sinceMillis) {
            m.callsBeforeSince++;
            return false;
        }
        return true;
    }

    /**
     * Dedups globally and visits each API response once.
     *
     * @param sinceMillis calls that started before this are skipped ({@link Timestamps#NONE} for all)
     */
    public static Merge merge(List<ClaudeFile> files, long sinceMillis, Visitor visitor) {
        Merge m = new Merge();
        List<ClaudeFile> order = new ArrayList<>(files);
        order.sort(FILE_ORDER);
        Map<String, Path> subagentFiles = new HashMap<>();
        for (ClaudeFile f : order) {
            m.stats.add(f.stats);
            for (var e : f.results.entrySet()) m.results.putIfAbsent(e.getKey(), e.getValue());
            for (var e : f.agentLinks.entrySet()) m.parentToolUse.putIfAbsent(e.getKey(), e.getValue());
            for (CallRecord c : f.calls.values()) {
                if (c.subAgentId != null) subagentFiles.putIfAbsent(c.subAgentId, f.path);
            }
        }
        // sidecar meta.json for subagents the parent's toolUseResult did not name
        for (var e : subagentFiles.entrySet()) {
            if (m.parentToolUse.containsKey(e.getKey())) continue;
            String toolUseId = metaToolUseId(e.getValue(), e.getKey());
            if (toolUseId != null) m.parentToolUse.put(e.getKey(), toolUseId);
        }
        // ids in Task/Agent result text (incl. legacy 7-char ids)
        Set<String> linkedTools = new HashSet<>(m.parentToolUse.values());
        for (ClaudeFile f : order) {
            for (var e : f.agentTextCandidates.entrySet()) {
                if (linkedTools.contains(e.getKey())) continue;
                for (String cand : e.getValue()) {
                    if (subagentFiles.containsKey(cand) && !m.parentToolUse.containsKey(cand)) {
                        m.parentToolUse.put(cand, e.getKey());
                        linkedTools.add(e.getKey());
                        break;
                    }
                }
            }
        }
        visitor.begin(m);
        Set<String> seen = new HashSet<>(Math.max(16, files.size() * 64));
        for (ClaudeFile f : order) {
            String project = null;
            for (CallRecord c : f.calls.values()) {
                if (!admit(c, seen, m, sinceMillis)) continue;
                String sid = c.sessionId != null ? c.sessionId : f.defaultSessionId();
                String cwd = c.cwd != null ? c.cwd : f.firstCwd;
                String proj = cwd == null ? null : (project != null && cwd.equals(f.firstCwd) ? project : projectOf(cwd));
                if (cwd != null && cwd.equals(f.firstCwd)) project = proj;
                m.calls++;
                visitor.call(new MergedCall(c, f, sid, proj, c.subAgentId,
                        c.subAgentId == null ? null : m.parentToolUse.get(c.subAgentId)));
            }
            visitor.fileDone(f);
        }
        return m;
    }

    /**
     * Reads and merges in one pass, for backfill: each file's order key is probed first (its first
     * record's timestamp, a few KB read), files are parsed in parallel in that order, and each file is
     * merged as soon as it and every file before it are read, so the caller can store while later files
     * are still being parsed. Same dedup as {@link #merge}; tool results and subagent links of files
     * not merged yet are not known while a file is merged ({@link Visitor#call} callers that need them
     * resolve at the end, from {@link Merge#results} / {@link Merge#parentToolUse}).
     */
    public static Merge stream(List<ReadTask> tasks, int threads, long sinceMillis, Progress progress, List<String> errors,
                               Visitor visitor) {
        int n = tasks.size();
        long bytes = 0;
        for (ReadTask t : tasks) bytes += Math.max(0, t.file().size() - t.startOffset());
        long[] keys = firstTimestamps(tasks, threads);
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        java.util.Arrays.sort(idx, Comparator.comparingLong((Integer i) -> keys[i] == Timestamps.NONE ? Long.MAX_VALUE : keys[i])
                .thenComparingLong(i -> tasks.get(i).file().mtimeMillis())
                .thenComparing(i -> tasks.get(i).file().path().toString()));
        progress.filesTotal.addAndGet(n);
        progress.bytesTotal.addAndGet(bytes);
        ClaudeFile[] out = new ClaudeFile[n];
        boolean[] done = new boolean[n];
        int[] merging = {0}; // the file the merge waits for or works on
        Object lock = new Object();
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            ClaudeCodeParser parser = new ClaudeCodeParser();
            int k;
            while ((k = next.getAndIncrement()) < n) {
                // Parsed files waiting for the merge are live heap the collector copies again and
                // again; reading further ahead than this gains nothing when the merge is the slower side.
                synchronized (lock) {
                    try {
                        while (k > merging[0] + READ_AHEAD_FILES) lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // read on without waiting: the merge needs every file
                    }
                }
                ReadTask t = tasks.get(idx[k]);
                ClaudeFile f = null;
                try {
                    f = parser.parse(t.file().path(), t.file().size(), t.file().mtimeMillis(), t.startOffset(), t.settled());
                } catch (IOException | RuntimeException e) {
                    errors.add(t.file().path() + ": " + e);
                }
                progress.filesDone.incrementAndGet();
                progress.bytesDone.addAndGet(Math.max(0, t.file().size() - t.startOffset()));
                synchronized (lock) {
                    out[k] = f;
                    done[k] = true;
                    lock.notifyAll();
                }
            }
        };
        int nt = Math.max(1, Math.min(threads, n));
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < nt; w++) {
            Thread th = new Thread(worker, "tj-history-reader");
            th.setDaemon(true);
            th.start();
            workers.add(th);
        }
        Merge m = new Merge();
        visitor.begin(m);
        Set<String> seen = new HashSet<>(Math.max(16, n * 64));
        Map<String, String> metaCache = new HashMap<>();
        Map<String, String> textLinks = new HashMap<>(); // candidate agent id -> Task tool_use id
        try {
            for (int k = 0; k < n; k++) {
                ClaudeFile f;
                synchronized (lock) {
                    merging[0] = k;
                    lock.notifyAll();
                    while (!done[k]) lock.wait();
                    f = out[k];
                    out[k] = null;
                }
                if (f == null) continue;
                m.stats.add(f.stats);
                for (var e : f.results.entrySet()) m.results.putIfAbsent(e.getKey(), e.getValue());
                for (var e : f.agentLinks.entrySet()) m.parentToolUse.putIfAbsent(e.getKey(), e.getValue());
                for (var e : f.agentTextCandidates.entrySet()) for (String c : e.getValue()) textLinks.putIfAbsent(c, e.getKey());
                for (CallRecord c : f.calls.values()) {
                    if (!admit(c, seen, m, sinceMillis)) continue;
                    String parent = null;
                    if (c.subAgentId != null) {
                        parent = m.parentToolUse.get(c.subAgentId);
                        if (parent == null) {
                            parent = metaCache.computeIfAbsent(c.subAgentId, id -> {
                                String v = metaToolUseId(f.path, id);
                                return v == null ? "" : v;
                            });
                            if (parent.isEmpty()) parent = textLinks.get(c.subAgentId);
                            if (parent != null && !parent.isEmpty()) m.parentToolUse.put(c.subAgentId, parent);
                            else parent = null;
                        }
                    }
                    String sid = c.sessionId != null ? c.sessionId : f.defaultSessionId();
                    String cwd = c.cwd != null ? c.cwd : f.firstCwd;
                    m.calls++;
                    visitor.call(new MergedCall(c, f, sid, projectOf(cwd), c.subAgentId, parent));
                }
                visitor.fileDone(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading history", e);
        } finally {
            next.set(n); // stop workers early on failure
            synchronized (lock) {
                merging[0] = n;
                lock.notifyAll();
            }
        }
        return m;
    }

    /** The order key of every file (its first record's time), probed on {@code threads} threads: one open and a few KB each. */
    private static long[] firstTimestamps(List<ReadTask> tasks, int threads) {
        long[] keys = new long[tasks.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable prober = () -> {
            ClaudeCodeParser probe = new ClaudeCodeParser();
            int i;
            while ((i = next.getAndIncrement()) < keys.length) {
                ReadTask t = tasks.get(i);
                try {
                    keys[i] = probe.firstTimestamp(t.file().path(), t.startOffset(), t.file().size());
                } catch (IOException | RuntimeException e) {
                    keys[i] = Timestamps.NONE;
                }
            }
        };
        List<Thread> helpers = new ArrayList<>();
        for (int w = 1; w < Math.min(threads, keys.length / 64 + 1); w++) {
            Thread th = new Thread(prober, "tj-history-probe");
            th.setDaemon(true);
            th.start();
            helpers.add(th);
        }
        prober.run();
        try {
            for (Thread th : helpers) th.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing history", e);
        }
        return keys; // join() publishes the helpers' writes
    }

    /** The project a cwd names: its last path element. */
    public static String projectOf(String cwd) {
        if (cwd == null) return null;
        String s = cwd;
        while (s.length() > 1 && (s.endsWith("/") || s.endsWith("\\"))) s = s.substring(0, s.length() - 1);
        int i = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        String b = i >= 0 ? s.substring(i + 1) : s;
        return b.isEmpty() ? s : b;
    }

    private static String metaToolUseId(Path jsonl, String agentId) {
        Path meta = jsonl.resolveSibling("agent-" + agentId + ".meta.json");
        if (!Files.isRegularFile(meta)) return null;
        try {
            JsonNode n = JSON.readTree(meta.toFile());
            JsonNode v = n.get("toolUseId");
            return v != null && v.isTextual() ? v.asText() : null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }
}
