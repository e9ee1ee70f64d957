package dev.tj.cli;

import dev.tj.cli.history.DaemonSink;
import dev.tj.cli.history.Fmt;
import dev.tj.cli.history.HistoryCli;
import dev.tj.cli.history.ProgressBar;
import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.Since;
import dev.tj.core.history.BackfillResult;
import dev.tj.core.history.BackfillRun;
import dev.tj.core.history.BackfillService;
import dev.tj.core.history.BackfillSink;
import dev.tj.core.history.BackfillState;
import dev.tj.core.history.FileLister;
import dev.tj.core.history.HistoryFile;
import dev.tj.core.history.Progress;
import dev.tj.core.history.StorageSink;
import dev.tj.core.history.TranscriptRoots;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.storage.Storage;
import dev.tj.storage.duckdb.DuckDbStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tj backfill claude-code | codex}: store agent history from disk, once, incrementally. */
@Command(
        name = "backfill",
        description = "Store Claude Code or Codex history from disk (kept after the transcripts are deleted).",
        subcommands = {BackfillCommand.ClaudeCode.class, BackfillCommand.Codex.class})
public final class BackfillCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options both sources take. */
    static class Common {
        @Mixin
        ConfigOption configOption;

        @Option(names = "--root", description = "read this directory instead of the default locations")
        Path root;

        @Option(
                names = "--since",
                description = "only calls in this window: 30d, 12h, YYYY-MM-DD, ISO time (default: everything)")
        String since;

        @Option(names = "--reingest", description = "ignore saved read positions and read every file again")
        boolean reingest;

        @Option(names = "--quiet", description = "no progress bar and no summary")
        boolean quiet;

        @Option(names = "--json", description = "print the result as JSON")
        boolean json;

        @Option(names = "--threads", hidden = true, defaultValue = "0")
        int threads;

        Integer run(String source) throws Exception {
            TjConfig config = configOption.load();
            // A first backfill always opens the database: load DuckDB while the listing runs. (Not
            // for an existing one: the up-to-date answer must not wait for, or cut short, the unpacking.)
            if (!Files.exists(config.storage().path())) DuckDbStorage.preloadInBackground();
            // an up-to-date answer prints JSON right after the listing: load the printer meanwhile, on a
            // thread of its own (the listing has the common pool)
            else if (json) warmJsonInBackground();
            sinceAt = since == null ? null : Since.parse(since, Instant.now());
            roots = source.equals("claude-code")
                    ? TranscriptRoots.claudeCode(root, System.getenv(), HistoryCli.home())
                    : TranscriptRoots.codex(root, System.getenv(), HistoryCli.home());
            if (roots.isEmpty() || roots.stream().noneMatch(Files::isDirectory)) {
                String where = root != null
                        ? root.toString()
                        : source.equals("claude-code")
                                ? TranscriptRoots.describeClaudeDefaults(System.getenv())
                                : "~/.codex/sessions";
                if (json) HistoryCli.printJson(java.util.Map.of("error", "no_logs", "source", source, "root", where));
                else
                    System.err.println("No " + (source.equals("claude-code") ? "Claude Code" : "Codex")
                            + " logs found at " + where + ".");
                return 0;
            }
            Progress progress = new Progress();
            BackfillResult r;
            String target;
            DaemonClient client = DaemonClient.locate(config, ConfigOption.tjHome(), 2000);
            boolean daemonUp = client.get("/api/v1/version").isPresent();
            try (BackfillSink sink = daemonUp
                    ? new DaemonSink(
                            client,
                            IngestSecret.find(config, ConfigOption.tjHome()).orElse(null))
                    : null) {
                if (sink != null) {
                    target = "the running daemon (" + client.base() + ")";
                    r = run(
                                    source,
                                    new BackfillService(sink, HistoryCli.pricing(config), Clock.systemUTC()),
                                    progress,
                                    null)
                            .result();
                } else {
                    Path db = config.storage().path();
                    Files.createDirectories(db.toAbsolutePath().getParent());
                    target = db.toString();
                    BackfillState state =
                            new BackfillState(db.resolveSibling(db.getFileName() + ".backfill-" + source));
                    long t0 = System.nanoTime();
                    List<HistoryFile> listing =
                            source.equals("claude-code") ? FileLister.claudeCode(roots) : FileLister.codex(roots);
                    if (!reingest && since == null && state.unchanged(roots, listing, db)) {
                        r = BackfillResult.upToDate(
                                source,
                                roots.stream().map(Object::toString).toList(),
                                listing.size(),
                                (System.nanoTime() - t0) / 1_000_000);
                    } else {
                        BackfillRun run;
                        try (Storage storage = Stores.open(config.storage(), db)) {
                            StorageSink direct = new StorageSink(
                                    storage,
                                    new SessionAccumulator(config::planFor, config::projectFor),
                                    config.machine());
                            run = run(
                                    source,
                                    new BackfillService(direct, HistoryCli.pricing(config), Clock.systemUTC()),
                                    progress,
                                    listing);
                        }
                        r = run.result();
                        state.save(roots, run.listing(), db, run.complete() && since == null);
                    }
                }
            }
            if (json) {
                var m = new java.util.LinkedHashMap<String, Object>(r.toJson());
                m.put("stored_in", target);
                HistoryCli.printJson(m);
            } else if (!quiet) {
                print(r, target);
            }
            return r.errors().isEmpty() ? 0 : 1;
        }

        private static void warmJsonInBackground() {
            Thread t = new Thread(
                    () -> {
                        try { // the answer's own types, so that their serializers are built too
                            HistoryCli.json()
                                    .writeValueAsString(BackfillResult.upToDate("", List.of(), 0, 0)
                                            .toJson());
                        } catch (Exception e) {
                            // only a warm-up
                        }
                    },
                    "tj-warm-json");
            t.setDaemon(true);
            t.start();
        }

        private List<Path> roots;
        private Instant sinceAt;

        /** @param listing the roots' files when already listed (the up-to-date check lists them), else null */
        private BackfillRun run(String source, BackfillService svc, Progress progress, List<HistoryFile> listing) {
            var opts = new BackfillService.Options(roots, sinceAt, reingest, threads, listing);
            try (ProgressBar bar = ProgressBar.start(progress, !quiet && !json)) {
                return source.equals("claude-code") ? svc.claudeCode(opts, progress) : svc.codex(opts, progress);
            }
        }

        private static void print(BackfillResult r, String target) {
            if (r.filesRead() == 0 && r.errors().isEmpty()) {
                System.out.printf(
                        "✓ Up to date: %d file(s) unchanged since the last backfill (%.1f s) · stored in %s%n",
                        r.filesUnchanged(), r.elapsedMs() / 1000.0, target);
                return;
            }
            String span = r.earliest() == null
                    ? ""
                    : " · " + r.earliest().toString().substring(0, 10) + " → "
                            + r.latest().toString().substring(0, 10);
            System.out.printf(
                    "✓ Backfilled %,d new span(s) in %d session(s) (%d new) from %d project(s) · read %d of %d file(s) (%s, %d unchanged) · %,d API call(s), %s in, %s out, %s cache read, %s cache write%s · %.1f s%n",
                    r.spansStored(),
                    r.sessionsSeen(),
                    r.sessionsNew(),
                    r.projects(),
                    r.filesRead(),
                    r.filesListed(),
                    Fmt.mb(r.bytesRead()),
                    r.filesUnchanged(),
                    r.calls(),
                    Fmt.tokens(r.usage().input()),
                    Fmt.tokens(r.usage().output()),
                    Fmt.tokens(r.usage().cacheRead()),
                    Fmt.tokens(r.usage().cacheWrite()),
                    span,
                    r.elapsedMs() / 1000.0);
            var s = r.stats();
            StringBuilder skipped = new StringBuilder();
            if (r.spansExisting() > 0) skipped.append(String.format(" %,d already stored;", r.spansExisting()));
            if (r.spansLiveSkipped() > 0) skipped.append(String.format(" %,d seen live (OTLP);", r.spansLiveSkipped()));
            if (s.duplicateCalls() > 0)
                skipped.append(
                        String.format(" %,d duplicate call(s) (resume copies, Codex re-emits);", s.duplicateCalls()));
            if (s.unparseableLines() > 0)
                skipped.append(String.format(" %,d unparseable line(s);", s.unparseableLines()));
            if (s.noUsageRecords() > 0)
                skipped.append(String.format(" %,d record(s) without usage;", s.noUsageRecords()));
            if (s.syntheticRecords() > 0)
                skipped.append(String.format(" %,d <synthetic> record(s);", s.syntheticRecords()));
            if (s.undatedCalls() > 0)
                skipped.append(
                        String.format(" %,d call(s) without timestamp (dated from neighbours);", s.undatedCalls()));
            if (skipped.length() > 0) System.out.println("  skipped:" + skipped.substring(0, skipped.length() - 1));
            System.out.println("  stored in " + target);
            for (String e : r.errors().subList(0, Math.min(5, r.errors().size()))) System.err.println("  ! " + e);
        }
    }

    @Command(
            name = "claude-code",
            description =
                    "Claude Code transcripts (~/.claude/projects, ~/.config/claude/projects, $CLAUDE_CONFIG_DIR).")
    static final class ClaudeCode extends Common implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return run("claude-code");
        }
    }

    @Command(name = "codex", description = "Codex rollouts (~/.codex/sessions/**/rollout-*.jsonl).")
    static final class Codex extends Common implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return run("codex");
        }
    }
}
