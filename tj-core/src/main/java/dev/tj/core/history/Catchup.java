package dev.tj.core.history;

import dev.tj.core.config.TjConfig;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tj serve}'s catch-up: stores what reached the transcripts but not the daemon (it was down,
 * the exporter dropped a batch), through the same {@link BackfillService} and exact-once rules as
 * {@code tj backfill}.
 *
 * <p>One background thread, started once the ports are open: at start it registers a {@link WatchService} on the roots and every
 * folder below them and makes one incremental pass (saved read positions: only new or grown files
 * are read), then follows file events; no periodic rescans. A changed file is read only after it has
 * been quiet for the settle period, so the live path (whose exporter sends an API call a few seconds
 * after its transcript line) has delivered what it will, and {@link LiveOverlap} then drops exactly
 * what came live. An OVERFLOW, a root that appears, or a folder that could not be watched leads to an
 * incremental pass over the roots concerned. Idle, the thread blocks on the watch service.
 */
public final class Catchup implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Catchup.class);
    /** How often roots that do not exist (yet) are looked for. */
    static final long MISSING_ROOT_CHECK_MS = 30_000;
    /** How often folders that could not be watched are listed again. */
    static final long UNWATCHED_RESCAN_MS = 300_000;
    /** While files wait to settle, the thread wakes at least this often (the clock may be a test's). */
    static final long PENDING_WAKE_MS = 1_000;

    /** Which reader a root's files go to. */
    enum Agent {
        CLAUDE_CODE("claude-code"),
        CODEX("codex");

        final String id;

        Agent(String id) {
            this.id = id;
        }

        boolean wants(String fileName) {
            return this == CLAUDE_CODE
                    ? fileName.endsWith(".jsonl")
                    : fileName.startsWith("rollout-") && fileName.endsWith(".jsonl");
        }
    }

    private record Root(Agent agent, Path path) {}

    /** A changed file waiting to be quiet: when the change was first and last seen (clock millis). */
    private static final class Pending {
        final Agent agent;
        final long firstSeen;
        long lastSeen;

        Pending(Agent agent, long at) {
            this.agent = agent;
            this.firstSeen = at;
            this.lastSeen = at;
        }
    }

    private final TjConfig.Catchup config;
    private final BackfillService service;
    private final Clock clock;
    private final long settleMs;
    private final List<Root> roots = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    // state of the catch-up thread; read by status() under the lock
    private final Object lock = new Object();
    private WatchService watch;
    private final Map<WatchKey, Root> keys = new HashMap<>();
    private final Map<WatchKey, Path> keyDirs = new HashMap<>();
    private final Set<Path> unwatched = new LinkedHashSet<>();
    private final Set<Root> missing = new LinkedHashSet<>();
    private final Map<Path, Pending> pending = new HashMap<>();
    /** Files a pass held a tail back for (a response still streaming): due again after BackfillService's settle. */
    private final Map<Path, Long> heldBack = new HashMap<>();

    private String state;
    private long passes, filesRead, spansStored, spansLiveSkipped, linesSkipped, errors;
    private Instant lastPassAt;
    private long lastPassMs;
    private String lastError;
    private long nextMissingCheck, nextUnwatchedRescan;

    /**
     * @param sink  where spans go: in the daemon, the same route {@code tj backfill} posts to
     * @param clock decides when a file is quiet (a test moves it by hand)
     */
    public Catchup(TjConfig.Catchup config, BackfillSink sink, Pricing pricing, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.settleMs = config.settle().toMillis();
        this.service = new BackfillService(watching(sink, this), pricing, clock);
        for (Path p : config.claudeRoots()) roots.add(new Root(Agent.CLAUDE_CODE, p));
        for (Path p : config.codexRoots()) roots.add(new Root(Agent.CODEX, p));
        this.state = !config.enabled() ? "disabled" : roots.isEmpty() ? "no_roots" : "starting";
        this.thread = new Thread(this::run, "tj-catchup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
    }

    /** Starts following the roots (nothing when disabled). Returns at once. */
    public void start() {
        if (config.enabled() && !roots.isEmpty() && !closed) thread.start();
    }

    /**
     * What {@code GET /api/v1/catchup} and {@code /metrics} show.
     *
     * @param lagSeconds           how long the oldest change that could have been read (its file quiet
     *                             for the settle period) has waited: 0 while all is well; a file that
     *                             is still being written (a session at work) is not late
     * @param oldestPendingSeconds age of the oldest change not read yet, late or not
     */
    public record Status(
            boolean enabled,
            String state,
            long settleSeconds,
            List<RootStatus> roots,
            int dirsWatched,
            int dirsUnwatched,
            int pendingFiles,
            long lagSeconds,
            long oldestPendingSeconds,
            long passes,
            Instant lastPassAt,
            long lastPassMs,
            long filesRead,
            long spansStored,
            long spansLiveSkipped,
            long linesSkipped,
            long errors,
            String lastError) {}

    public record RootStatus(String agent, String path, boolean exists) {}

    public Status status() {
        synchronized (lock) {
            long now = clock.millis();
            long oldest = Long.MAX_VALUE, overdueSince = Long.MAX_VALUE;
            for (Pending p : pending.values()) {
                oldest = Math.min(oldest, p.firstSeen);
                // quiet for the settle period and still not read: late (a file still being written is not)
                if (now - p.lastSeen >= settleMs) overdueSince = Math.min(overdueSince, p.lastSeen + settleMs);
            }
            for (Long due : heldBack.values()) {
                oldest = Math.min(oldest, due - BackfillService.SETTLE_MS);
                if (now >= due) overdueSince = Math.min(overdueSince, due);
            }
            List<RootStatus> rs = new ArrayList<>();
            for (Root r : roots) rs.add(new RootStatus(r.agent().id, r.path().toString(), Files.isDirectory(r.path())));
            return new Status(
                    config.enabled(),
                    state,
                    config.settle().toSeconds(),
                    rs,
                    keys.size(),
                    unwatched.size(),
                    pending.size() + heldBack.size(),
                    overdueSince == Long.MAX_VALUE ? 0 : Math.max(0, (now - overdueSince) / 1000),
                    oldest == Long.MAX_VALUE ? 0 : Math.max(0, (now - oldest) / 1000),
                    passes,
                    lastPassAt,
                    lastPassMs,
                    filesRead,
                    spansStored,
                    spansLiveSkipped,
                    linesSkipped,
                    errors,
                    lastError);
        }
    }

    // ---- the catch-up thread --------------------------------------------------------------------

    private void run() {
        try {
            try {
                watch = roots.get(0).path().getFileSystem().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                watch = null; // no watching here: the first pass and the slow rescan timer still run
            }
            for (Root r : roots) {
                if (Files.isDirectory(r.path())) registerTree(r, r.path());
                else missing.add(r);
            }
            setState("catching_up");
            pass(roots, true);
            setState("watching");
            long now = clock.millis();
            nextMissingCheck = now + MISSING_ROOT_CHECK_MS;
            nextUnwatchedRescan = now + UNWATCHED_RESCAN_MS;
            while (!closed) {
                WatchKey key = await();
                List<Root> rescan = new ArrayList<>();
                while (key != null) {
                    handle(key, rescan);
                    key = watch == null ? null : watch.poll();
                }
                timers(rescan);
                if (!rescan.isEmpty()) pass(rescan, false);
                readDue();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closing
        } catch (RuntimeException | Error e) {
            log.error("transcript catch-up stopped", e);
            fail(e);
        } finally {
            setState(closed ? "stopped" : state);
        }
    }

    /** Blocks until a watch event, the next due file or timer; null when woken by time. */
    private WatchKey await() throws InterruptedException {
        long now = clock.millis();
        long wait = Long.MAX_VALUE;
        synchronized (lock) {
            if (!pending.isEmpty() || !heldBack.isEmpty()) wait = PENDING_WAKE_MS;
            if (!missing.isEmpty()) wait = Math.min(wait, nextMissingCheck - now);
            if (!unwatched.isEmpty()) wait = Math.min(wait, nextUnwatchedRescan - now);
        }
        if (watch == null) {
            Thread.sleep(Math.max(1, Math.min(wait, MISSING_ROOT_CHECK_MS)));
            return null;
        }
        if (wait == Long.MAX_VALUE) return watch.take();
        return watch.poll(Math.max(1, wait), TimeUnit.MILLISECONDS);
    }

    private void handle(WatchKey key, List<Root> rescan) {
        Root root;
        Path dir;
        synchronized (lock) {
            root = keys.get(key);
            dir = keyDirs.get(key);
        }
        if (root == null) {
            key.cancel();
            return;
        }
        long now = clock.millis();
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                if (!rescan.contains(root)) rescan.add(root);
                continue;
            }
            if (!(e.context() instanceof Path name)) continue;
            Path p = dir.resolve(name);
            if (e.kind() == StandardWatchEventKinds.ENTRY_DELETE)
                continue; // a pending file that is gone is dropped when due
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // a new project / date / subagents folder: follow it, and take what was written before it was watched
                registerTree(root, p);
                for (HistoryFile f : FileLister.list(List.of(p), root.agent()::wants))
                    mark(root.agent(), f.path(), now);
            } else if (root.agent().wants(name.toString())) {
                mark(root.agent(), p, now);
            }
        }
        if (!key.reset()) {
            synchronized (lock) {
                keys.remove(key);
                keyDirs.remove(key);
                if (dir.equals(root.path())) missing.add(root);
            }
        }
    }

    private void timers(List<Root> rescan) {
        long now = clock.millis();
        List<Root> appeared = new ArrayList<>();
        synchronized (lock) {
            if (!missing.isEmpty() && now >= nextMissingCheck) {
                nextMissingCheck = now + MISSING_ROOT_CHECK_MS;
                for (Root r : missing) if (Files.isDirectory(r.path())) appeared.add(r);
                appeared.forEach(missing::remove);
            }
        }
        for (Root r : appeared) {
            registerTree(r, r.path());
            if (!rescan.contains(r)) rescan.add(r);
        }
        boolean rescanUnwatched;
        synchronized (lock) {
            rescanUnwatched = !unwatched.isEmpty() && now >= nextUnwatchedRescan;
            if (rescanUnwatched) nextUnwatchedRescan = now + UNWATCHED_RESCAN_MS;
        }
        if (rescanUnwatched) for (Root r : roots) if (!rescan.contains(r) && hasUnwatched(r)) rescan.add(r);
    }

    private boolean hasUnwatched(Root r) {
        synchronized (lock) {
            for (Path p : unwatched) if (p.startsWith(r.path())) return true;
        }
        return false;
    }

    /** Registers {@code dir} and every folder below it; a folder that cannot be watched is remembered. */
    private void registerTree(Root root, Path dir) {
        if (watch == null) {
            synchronized (lock) {
                unwatched.add(dir);
            }
            return;
        }
        try {
            Files.walkFileTree(
                    dir,
                    java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class),
                    32,
                    new java.nio.file.SimpleFileVisitor<>() {
                        @Override
                        public java.nio.file.FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                            register(root, d);
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) {
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            synchronized (lock) {
                unwatched.add(dir);
            }
        }
    }

    private void register(Root root, Path d) {
        try {
            WatchKey k = d.register(
                    watch,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            synchronized (lock) {
                keys.put(k, root);
                keyDirs.put(k, d);
                unwatched.remove(d);
            }
        } catch (IOException | ClosedWatchServiceException e) {
            // out of inotify watches, or the folder went away: read it on the slow timer instead
            synchronized (lock) {
                if (Files.isDirectory(d)) unwatched.add(d);
            }
        }
    }

    private void mark(Agent agent, Path file, long now) {
        synchronized (lock) {
            Pending p = pending.get(file);
            if (p == null) pending.put(file, new Pending(agent, now));
            else p.lastSeen = Math.max(p.lastSeen, now);
            heldBack.remove(file);
        }
    }

    /**
     * An incremental pass over {@code over}: files quiet for the settle period are read now (saved
     * positions skip the unchanged ones), fresher ones wait like any changed file.
     */
    private void pass(List<Root> over, boolean first) throws InterruptedException {
        long now = clock.millis();
        List<Runnable> reads = new ArrayList<>();
        for (Agent agent : Agent.values()) {
            List<Path> rootPaths = new ArrayList<>();
            for (Root r : over) if (r.agent() == agent && Files.isDirectory(r.path())) rootPaths.add(r.path());
            if (rootPaths.isEmpty()) continue;
            List<HistoryFile> quiet = new ArrayList<>();
            for (HistoryFile f : FileLister.list(rootPaths, agent::wants)) {
                if (now - f.mtimeMillis() >= settleMs) quiet.add(f);
                else mark(agent, f.path(), Math.min(now, f.mtimeMillis()));
            }
            if (!quiet.isEmpty()) reads.add(() -> read(agent, quiet, first ? ClaudeHistory.defaultThreads() : 1));
        }
        if (reads.size() < 2 || !first) {
            reads.forEach(Runnable::run);
            return;
        }
        // a daemon started after a day off: Claude Code and Codex history are read side by side
        Thread other = new Thread(reads.get(1), "tj-catchup-" + Agent.CODEX.id);
        other.setDaemon(true);
        other.start();
        try {
            reads.get(0).run();
        } finally {
            other.join();
        }
    }

    /** Reads the pending files that have been quiet for the settle period. */
    private void readDue() {
        long now = clock.millis();
        Map<Agent, List<HistoryFile>> due = new HashMap<>();
        synchronized (lock) {
            for (var it = heldBack.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (now < e.getValue()) continue;
                it.remove();
                Agent a = agentOf(e.getKey());
                if (a != null) pending.putIfAbsent(e.getKey(), new Pending(a, now - settleMs));
            }
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                Pending p = e.getValue();
                if (now - p.lastSeen < settleMs) continue;
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(e.getKey(), BasicFileAttributes.class);
                } catch (IOException gone) {
                    it.remove(); // deleted or rotated before it settled: nothing to read
                    continue;
                }
                long mtime = a.lastModifiedTime().toMillis();
                if (now - mtime < settleMs && mtime <= now) {
                    p.lastSeen = mtime; // written again after the event we saw
                    continue;
                }
                it.remove();
                due.computeIfAbsent(p.agent, k -> new ArrayList<>()).add(new HistoryFile(e.getKey(), a.size(), mtime));
            }
        }
        for (var e : due.entrySet()) read(e.getKey(), e.getValue(), 1);
    }

    private Agent agentOf(Path file) {
        for (Root r : roots) if (file.startsWith(r.path())) return r.agent();
        return null;
    }

    private void read(Agent agent, List<HistoryFile> files, int threads) {
        if (files.isEmpty() || closed) return;
        long t0 = System.nanoTime();
        List<Path> rootPaths = new ArrayList<>();
        for (Root r : roots) if (r.agent() == agent) rootPaths.add(r.path());
        var opts = new BackfillService.Options(rootPaths, null, false, threads, files);
        try {
            BackfillRun run = agent == Agent.CLAUDE_CODE
                    ? service.claudeCode(opts, new Progress())
                    : service.codex(opts, new Progress());
            BackfillResult r = run.result();
            synchronized (lock) {
                passes++;
                filesRead += r.filesRead();
                spansStored += r.spansStored();
                spansLiveSkipped += r.spansLiveSkipped();
                linesSkipped += r.stats().unparseableLines();
                errors += r.errors().size();
                if (!r.errors().isEmpty()) lastError = r.errors().get(0);
                lastPassAt = clock.instant();
                lastPassMs = (System.nanoTime() - t0) / 1_000_000;
            }
            if (r.spansStored() > 0)
                log.info(
                        "catch-up: {} span(s) from {} {} file(s) stored ({} seen live) in {} ms{}",
                        r.spansStored(),
                        r.filesRead(),
                        agent.id,
                        r.spansLiveSkipped(),
                        r.elapsedMs(),
                        r.timing() == null ? "" : " (" + r.timing() + ")");
        } catch (RuntimeException e) {
            if (closed) return;
            log.warn(
                    "catch-up pass over {} {} file(s) failed; they are read again after the settle period",
                    files.size(),
                    agent.id,
                    e);
            long now = clock.millis();
            synchronized (lock) {
                errors++;
                lastError = String.valueOf(e.getMessage());
                for (HistoryFile f : files) mark(agent, f.path(), now);
            }
        }
    }

    /** Called by the sink wrapper: a file whose tail was held back is read again once the tail must be final. */
    void positionSaved(SourceFile f) {
        if (f.offset() >= f.size() || f.modified() == null) return;
        long due = f.modified().toEpochMilli() + BackfillService.SETTLE_MS + 1;
        // a tail that stays short of the end once the file is settled (a truncated last line) waits for the next write
        if (due <= clock.millis()) return;
        synchronized (lock) {
            heldBack.put(Path.of(f.path()), due);
        }
    }

    private void setState(String s) {
        synchronized (lock) {
            state = s;
        }
    }

    private void fail(Throwable e) {
        synchronized (lock) {
            state = "failed";
            errors++;
            lastError = String.valueOf(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (watch != null) watch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The sink as catch-up uses it: every saved read position is looked at for a held-back tail. */
    private static BackfillSink watching(BackfillSink sink, Catchup c) {
        return new BackfillSink() {
            @Override
            public Map<String, SourceFile> sourceFiles() {
                return sink.sourceFiles();
            }

            @Override
            public Written write(List<Span> spans, List<SourceFile> files) {
                Written w = sink.write(spans, files);
                files.forEach(c::positionSaved);
                return w;
            }

            @Override
            public boolean pricesOnArrival() {
                return sink.pricesOnArrival();
            }

            @Override
            public int batchSpans() {
                return sink.batchSpans();
            }

            @Override
            public void finish() {
                sink.finish();
            }
        };
    }
}
