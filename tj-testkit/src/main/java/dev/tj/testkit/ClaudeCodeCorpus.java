package dev.tj.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a realistic Claude Code history ({@code ~/.claude/projects} layout) of any size, and the
 * ground truth it implies ({@link ClaudeCodeTruth}, also written as {@code expected.json} beside the
 * projects directory).
 *
 * <p>What it contains, as Claude Code 2.x writes it: several project directories named after the
 * cwd; sessions whose API responses are split into streaming snapshots sharing {@code message.id}
 * (partial {@code output_tokens} first, the final count and a {@code stop_reason} last); 5-minute
 * and 1-hour cache writes ({@code usage.cache_creation.ephemeral_5m/1h_input_tokens}); several models
 * and days; tool turns with {@code toolUseResult}; Task/Agent subagents in
 * {@code <session>/subagents/agent-<id>.jsonl} ({@code isSidechain:true}, the parent's session id)
 * with an {@code agent-<id>.meta.json} sidecar; resumed sessions (a new session file that starts with
 * copies of the old session's responses under a new uuid and session id); {@code <synthetic>} error
 * messages; bookkeeping records ({@code summary}, {@code system}, {@code progress},
 * {@code file-history-snapshot}, and in newer versions {@code queue-operation}, {@code attachment},
 * {@code api-request}, {@code api-request-blob}, {@code tools-used}, {@code last-prompt},
 * {@code cost-state}, {@code ai-title}); and now and then a malformed (truncated) line.
 *
 * <p>Deterministic for a seed (whatever the thread count: each conversation has its own random
 * source); file sizes follow a real-world profile (p50 105 KB, p90 654 KB, p99 5.4 MB).
 */
public final class ClaudeCodeCorpus {
    static final String[] MODELS = {
        "claude-sonnet-4-5-20250929",
        "claude-opus-4-5-20251101",
        "claude-haiku-4-5-20251001",
        "claude-opus-4-1-20250805",
        "claude-sonnet-4-6",
        "claude-opus-4-6"
    };
    static final double[] MODEL_WEIGHTS = {0.40, 0.20, 0.15, 0.05, 0.12, 0.08};
    static final String[] TOOLS = {"Read", "Edit", "Bash", "Grep", "Glob", "Write", "TodoWrite", "WebFetch"};
    static final String[] VERSIONS = {"2.0.31", "2.1.37", "2.1.212", "2.1.328"};
    /** Cumulative share of files and their size in bytes, from a real 3,142-file history. */
    private static final double[][] SIZE_PROFILE = {
        {0.0, 236},
        {0.5, 105_267},
        {0.75, 233_572},
        {0.9, 653_972},
        {0.95, 1_504_757},
        {0.99, 5_383_751},
        {1.0, 30_000_000}
    };

    private ClaudeCodeCorpus() {}

    /**
     * @param targetBytes about how much to write (the result is within a conversation or so of it)
     * @param startMillis the first conversation starts on or after this instant, the last within {@code days}
     * @param threads     writers; any count gives the same bytes
     */
    public record Options(long targetBytes, long seed, long startMillis, int days, int threads) {
        public static Options of(long targetBytes, long seed) {
            return new Options(
                    targetBytes,
                    seed,
                    Instant.parse("2026-09-01T00:00:00Z").toEpochMilli(),
                    60,
                    Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        }
    }

    /** Writes {@code projects/**} and {@code projects/../expected.json}. */
    public static ClaudeCodeTruth write(Path projects, long targetBytes, long seed) throws IOException {
        return write(projects, Options.of(targetBytes, seed));
    }

    public static ClaudeCodeTruth write(Path projects, Options o) throws IOException {
        projects = projects.toAbsolutePath();
        Files.createDirectories(projects);
        SplittableRandom master = new SplittableRandom(o.seed());
        List<Conversation.Plan> plans = new ArrayList<>();
        long planned = 0;
        while (planned < o.targetBytes() || plans.isEmpty()) {
            long size = (long) sizeAt(master.nextDouble());
            long budget = Math.max(4096, Math.min(size, o.targetBytes() - planned));
            long start = o.startMillis() + (long) (master.nextDouble() * o.days() * 86_400_000L);
            plans.add(new Conversation.Plan(master.nextLong(), budget, start));
            planned += budget;
        }
        int nProjects = Math.max(3, plans.size() / 60 + 1);
        String[] cwds = new String[nProjects];
        for (int i = 0; i < nProjects; i++) cwds[i] = "/home/dev/" + Text.WORDS[master.nextInt(22)] + "-" + i;
        int[] projectOf = new int[plans.size()];
        for (int i = 0; i < projectOf.length; i++) projectOf[i] = master.nextInt(nProjects);

        Path root = projects;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()), r -> {
            Thread t = new Thread(r, "tj-corpus-writer");
            t.setDaemon(true);
            return t;
        });
        ClaudeCodeTotals all = new ClaudeCodeTotals();
        try {
            List<Future<ClaudeCodeTotals>> parts = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                Conversation.Plan p = plans.get(i);
                String cwd = cwds[projectOf[i]];
                parts.add(pool.submit(() -> new Conversation(root, cwd, p).write()));
            }
            for (Future<ClaudeCodeTotals> f : parts) all.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            throw new IllegalStateException("corpus generation failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        ClaudeCodeTruth truth = all.truth();
        truth.write(expectedJson(projects));
        return truth;
    }

    /** Where {@link #write} puts the ground truth of {@code projects}. */
    public static Path expectedJson(Path projects) {
        return projects.toAbsolutePath().resolveSibling("expected.json");
    }

    static double sizeAt(double p) {
        for (int i = 1; i < SIZE_PROFILE.length; i++) {
            double p0 = SIZE_PROFILE[i - 1][0],
                    s0 = SIZE_PROFILE[i - 1][1],
                    p1 = SIZE_PROFILE[i][0],
                    s1 = SIZE_PROFILE[i][1];
            if (p <= p1) return s0 + (s1 - s0) * (p1 == p0 ? 0 : (p - p0) / (p1 - p0));
        }
        return SIZE_PROFILE[SIZE_PROFILE.length - 1][1];
    }

    /**
     * {@code --out DIR --size-mib N --seed S [--threads T] [--start ISO] [--days D]}: writes DIR and
     * DIR/../expected.json, prints a summary. {@code --start}/{@code --days} place the conversations (a
     * one-day slice: {@code --days 1}).
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        long mib = 64, seed = 7;
        Options d = Options.of(0, 0);
        int threads = d.threads();
        long start = d.startMillis();
        int days = d.days();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--start" -> start = Instant.parse(args[++i]).toEpochMilli();
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--size-mib" -> mib = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println(
                            "usage: ClaudeCodeCorpus --out DIR [--size-mib N] [--seed S] [--threads T] [--start ISO] [--days D]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            System.err.println("--out is required");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        ClaudeCodeTruth t = write(out, new Options(mib << 20, seed, start, days, threads));
        System.out.printf(
                "{\"files\": %d, \"lines\": %d, \"bytes\": %d, \"messages\": %d, \"malformed\": %d, \"seconds\": %.1f}%n",
                t.files(),
                t.lines(),
                t.bytes(),
                t.total().messages(),
                t.malformedLines(),
                (System.nanoTime() - t0) / 1e9);
    }
}
