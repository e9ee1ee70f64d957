package dev.tj.cli;

import dev.tj.cli.history.Fmt;
import dev.tj.cli.history.HistoryCli;
import dev.tj.cli.history.ProgressBar;
import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.Since;
import dev.tj.core.framing.Framing;
import dev.tj.core.history.Progress;
import dev.tj.core.history.Quickstart;
import dev.tj.core.history.TranscriptRoots;
import dev.tj.core.storage.CostRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tj quickstart}: zero-setup first look at Claude Code history. Reads into memory, writes nothing. */
@Command(
        name = "quickstart",
        description =
                "First run, zero setup: where your Claude Code tokens and money went (reads history in memory, writes nothing).")
public final class QuickstartCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--since", defaultValue = "30d", description = "window: 30d (default), 12h, 90d, all, YYYY-MM-DD")
    String since;

    @Option(
            names = "--root",
            description =
                    "Claude Code projects directory (default: ~/.claude/projects, ~/.config/claude/projects, $CLAUDE_CONFIG_DIR)")
    Path root;

    @Option(
            names = "--full",
            description = "list every day and every session instead of the most recent / most expensive")
    boolean full;

    @Option(names = "--tz", description = "time zone for days (default UTC)")
    String tz;

    @Option(names = "--json", description = "print everything as JSON (daily table in the tj cost --json shape)")
    boolean json;

    @Option(names = "--threads", hidden = true, defaultValue = "0")
    int threads;

    @Override
    public Integer call() throws Exception {
        TjConfig config;
        try {
            config = configOption.load();
        } catch (RuntimeException e) {
            config = null; // quickstart must work with no (or a broken) config
        }
        Instant now = Instant.now();
        Instant sinceAt = Since.parse(since, now);
        ZoneId zone = tz == null ? ZoneOffset.UTC : ZoneId.of(tz);
        List<Path> roots = TranscriptRoots.claudeCode(root, System.getenv(), HistoryCli.home());
        if (roots.isEmpty() || roots.stream().noneMatch(Files::isDirectory)) {
            String where = root != null ? root.toString() : TranscriptRoots.describeClaudeDefaults(System.getenv());
            if (json) HistoryCli.printJson(Map.of("error", "no_claude_code_logs", "root", where));
            else {
                System.out.println("No Claude Code history found at " + where + ".");
                System.out.println(
                        "tj quickstart reads the same ~/.claude/projects/*.jsonl files ccusage does. Use Claude Code for a while (or pass --root DIR), then run it again.");
            }
            return 0;
        }
        Progress progress = new Progress();
        Quickstart.Result r;
        var pricer = HistoryCli.pricingAhead(config != null ? config : TjConfig.defaults(ConfigOption.tjHome()));
        try (ProgressBar bar = ProgressBar.start(progress, !json)) {
            r = Quickstart.run(
                    new Quickstart.Options(roots, sinceAt, since, zone, threads, full ? Integer.MAX_VALUE : 10),
                    pricer,
                    config,
                    Clock.systemUTC(),
                    progress);
        }
        if (json) {
            HistoryCli.printJson(r.toJson());
            return 0;
        }
        if (r.sessions().isEmpty()) {
            if (sinceAt == null) System.out.println("No Claude Code API calls found in " + roots + ".");
            else
                System.out.println("No Claude Code sessions in the last " + since
                        + ". Try: tj quickstart --since 90d (or --since all)");
            return 0;
        }
        print(r);
        return 0;
    }

    private void print(Quickstart.Result r) {
        Framing f = r.framing();
        boolean sub = Fmt.subscription(f);
        String money = sub ? "implied API value" : "cost";
        long calls = r.totals().calls();
        System.out.printf(
                "tj quickstart · Claude Code history, %s · read in memory, nothing written%n",
                r.options().since() == null ? "all time" : "last " + since);
        System.out.printf(
                "Read %,d files (%s) in %.1f s: %,d API calls in %,d sessions across %d project(s)%n%n",
                r.filesRead(),
                Fmt.mb(r.bytesRead()),
                r.elapsedMs() / 1000.0,
                calls,
                r.sessions().size(),
                r.projects());

        List<CostRow> days = r.daily().rows();
        int from = full ? 0 : Math.max(0, days.size() - 14);
        System.out.println("Spend per day" + (from > 0 ? " (last 14 days; --full for all " + days.size() + ")" : "")
                + (sub ? " — implied API value" : ""));
        table("DAY", days.subList(from, days.size()), r.daily().totals(), f);
        System.out.println();
        System.out.println("Spend per model" + (sub ? " — implied API value" : ""));
        table("MODEL", r.byModel().rows(), r.byModel().totals(), f);
        System.out.println();

        long total = r.totalTokens();
        System.out.println("Where your quota goes (" + Fmt.tokens(total) + " tokens)");
        comp("cache re-read", r.cacheRead(), total, "history, CLAUDE.md and tool output read again from cache");
        comp(
                "cache write",
                r.cacheWrite5m() + r.cacheWrite1h(),
                total,
                r.cacheWrite1h() > 0
                        ? "incl. " + Fmt.tokens(r.cacheWrite1h()) + " 1-hour writes (billed 2x input)"
                        : "new context written to cache (billed 1.25x input)");
        comp("fresh input", r.freshInput(), total, "uncached input");
        comp("output", r.output(), total, "what the model wrote");
        System.out.println();

        System.out.println("Most expensive sessions");
        System.out.printf(
                "  %-12s %-22s %-11s %9s %12s%n", "SESSION", "PROJECT", "STARTED", "TOKENS", money.toUpperCase());
        for (Quickstart.SessionTotals s : r.topSessions()) {
            String started = s.first() == Long.MAX_VALUE
                    ? "—"
                    : Instant.ofEpochMilli(s.first())
                            .atZone(r.options().zone())
                            .toLocalDateTime()
                            .toString()
                            .substring(5, 16)
                            .replace('T', ' ');
            String proj = s.project() == null
                    ? "—"
                    : s.project().length() > 22 ? s.project().substring(0, 21) + "…" : s.project();
            System.out.printf(
                    "  %-12s %-22s %-11s %9s %12s%n",
                    s.sessionId().length() > 12 ? s.sessionId().substring(0, 12) : s.sessionId(),
                    proj,
                    started,
                    Fmt.tokens(s.tokens()),
                    qmoney(s.usage().costUsd(), f));
        }
        System.out.println();
        double subCost = r.subagentCost();
        if (r.subagents().isEmpty()) {
            System.out.println("Subagents: none in this window.");
        } else {
            System.out.printf(
                    "Subagents: %s of %s (%s) went to %d subagent run(s) in %d session(s)%n",
                    r.costUsd() == 0 ? "0%" : Fmt.pct(subCost / r.costUsd()),
                    money,
                    qmoney(subCost, f),
                    r.subagents().size(),
                    r.subagents().stream()
                            .map(Quickstart.SubagentTotals::sessionId)
                            .distinct()
                            .count());
        }
        String plan = sub && f.planMonthlyUsd() != null && f.planMonthlyUsd() > 0
                ? String.format(
                        " (%.1f× your %s's %s/month)",
                        r.costUsd() / f.planMonthlyUsd(), f.planLabel(), Fmt.usd(f.planMonthlyUsd()))
                : "";
        System.out.printf(
                "Totals: %,d sessions across %d project(s), %s tokens · %s %s%s%n",
                r.sessions().size(),
                r.projects(),
                Fmt.tokens(total),
                sub ? "implied API value" : "API list price",
                qmoney(r.costUsd(), f),
                plan);
        if (!sub)
            System.out.println(
                    "  (dollars at API list prices; declare your plan with [budget.anthropic] plan = \"max_5x\" … to see them as a share of it)");
        var st = r.stats();
        if (st.unparseableLines() + st.duplicateCalls() + st.syntheticRecords() + st.noUsageRecords() > 0) {
            System.out.printf(
                    "  (counted once: %,d resume duplicate(s); skipped %,d unparseable line(s), %,d <synthetic>, %,d without usage)%n",
                    st.duplicateCalls(), st.unparseableLines(), st.syntheticRecords(), st.noUsageRecords());
        }
        System.out.println();
        System.out.println(
                "Next: tj backfill claude-code   — keeps this history after Claude Code deletes transcripts (~30 days), then `tj cost` any time.");
    }

    /** Quickstart shows dollars to everyone: as spend for API users, as implied API value for subscribers. */
    static String qmoney(double v, Framing f) {
        return f != null && "local".equals(f.pricingMode()) ? "—" : Fmt.usd(v);
    }

    private static void comp(String label, long v, long total, String what) {
        System.out.printf(
                "  %-14s %6s  %9s  %s%n", label, total == 0 ? "0%" : Fmt.pct((double) v / total), Fmt.tokens(v), what);
    }

    static void table(String first, List<CostRow> rows, CostRow totals, Framing f) {
        System.out.printf(
                "  %-28s %10s %10s %10s %10s %14s%n",
                first, "INPUT", "OUTPUT", "CACHE R", "CACHE W", Fmt.subscription(f) ? "API VALUE" : "COST");
        for (CostRow r : rows) line(r.group(), r, f);
        line("TOTAL", totals, f);
    }

    static void line(String g, CostRow r, Framing f) {
        System.out.printf(
                "  %-28s %10s %10s %10s %10s %14s%n",
                g.length() > 28 ? g.substring(0, 27) + "…" : g,
                Fmt.tokens(r.inputTokens()),
                Fmt.tokens(r.outputTokens()),
                Fmt.tokens(r.cacheReadTokens()),
                Fmt.tokens(r.cacheWriteTokens()),
                qmoney(r.costUsd(), f));
    }
}
