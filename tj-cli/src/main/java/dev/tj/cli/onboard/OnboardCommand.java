package dev.tj.cli.onboard;

import dev.tj.cli.ConfigOption;
import dev.tj.cli.IngestSecret;
import dev.tj.core.agent.ClaudeCode;
import dev.tj.core.agent.Codex;
import dev.tj.core.agent.Connection;
import dev.tj.core.config.ConfigException;
import dev.tj.core.config.TjConfig;
import dev.tj.core.session.PlanTier;
import java.io.Console;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tj onboard}: connects Claude Code and Codex to this tj in one command. Writes tj's config
 * (plan, budget, project), Claude Code's user settings (telemetry env block, tj's hooks and, unless
 * another tool's is there and the user does not say to replace it, tj's statusline), Codex's
 * {@code [otel]} exporter and the {@code claude} shell function; each file backed up first and
 * listed for {@code --undo}; a file tj cannot change safely is explained and left as it is. Then it
 * makes sure a daemon runs and shows the card one test record produced.
 */
@Command(
        name = "onboard",
        description = "Connect Claude Code and Codex to tj in one command: telemetry, hooks, Codex [otel], the claude"
                + " shell function, the daemon and a check. --dry-run shows the diff; --undo reverts.")
public final class OnboardCommand implements Callable<Integer> {
    static final List<String> PLANS = List.of("api", "pro", "max_5x", "max_20x", "team", "enterprise", "plus");

    @Mixin
    ConfigOption configOption;

    @Option(names = "--claude-code", description = "onboard Claude Code (default: each agent whose config dir exists)")
    boolean claudeCode;

    @Option(names = "--codex", description = "onboard Codex")
    boolean codex;

    @Option(
            names = "--project",
            paramLabel = "NAME",
            description = "project of this repository's Claude Code terminals")
    String project;

    @Option(
            names = "--plan",
            paramLabel = "PLAN",
            description = "how you pay: api, pro, max_5x, max_20x, team, enterprise (Claude) or plus (ChatGPT)")
    String plan;

    @Option(names = "--budget", paramLabel = "USD", description = "daily budget in USD ([defaults.budget] daily_usd)")
    BigDecimal budget;

    @Option(names = "--no-daemon", description = "do not start a daemon or run the check")
    boolean noDaemon;

    @Option(names = "--no-hooks", description = "do not install Claude Code hooks")
    boolean noHooks;

    @Option(names = "--no-shell", description = "do not install the claude shell function")
    boolean noShell;

    @Option(
            names = "--statusline",
            description = "install tj's Claude Code statusline even where another statusLine is set (backed up first)")
    boolean statusline;

    @Option(names = "--no-statusline", description = "leave Claude Code's statusLine alone")
    boolean noStatusline;

    @Option(names = "--dry-run", description = "print the diff of each file and write nothing")
    boolean dryRun;

    @Option(
            names = {"-y", "--yes"},
            description = "ask nothing; replace other tools' OTEL settings")
    boolean yes;

    @Option(names = "--undo", description = "restore every file onboarding changed to its earlier bytes")
    boolean undo;

    private final PrintStream out = System.out;

    /** One file's outcome: its new text, or why it stays as it is. */
    private record Plan(
            String label,
            TargetFile file,
            String after,
            List<ClaudeSettings.Conflict> conflicts,
            List<String> notes,
            String problem) {
        static Plan problem(String label, TargetFile f, String why) {
            return new Plan(label, f, null, List.of(), List.of(), why);
        }

        boolean changes() {
            return problem == null && after != null && (!file.exists() || !after.equals(file.text()));
        }
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        Path home = ConfigOption.home();
        Path tjHome = ConfigOption.tjHome();
        if (undo) return undo(tjHome);
        if (plan != null && !PLANS.contains(plan.toLowerCase(Locale.ROOT))) {
            System.err.println("tj onboard: --plan must be one of " + String.join(", ", PLANS));
            return 2;
        }
        if (budget != null && budget.signum() < 0) {
            System.err.println("tj onboard: --budget must be 0 or more (USD per day)");
            return 2;
        }
        TjConfig config;
        try {
            config = configOption.load();
        } catch (ConfigException e) {
            System.err.println("tj onboard: " + e.getMessage() + " (fix the config first; tj changes nothing)");
            return 2;
        }
        boolean claude = claudeCode, cdx = codex;
        if (!claude && !cdx) {
            claude = Files.isDirectory(ClaudeSettings.configDir(env, home));
            cdx = Files.isDirectory(CodexConfig.home(env, home));
            if (!claude && !cdx) {
                claude = true;
                out.println("No ~/.claude or ~/.codex yet: onboarding Claude Code (use --codex for Codex).");
            }
        }
        Console console = yes ? null : System.console();
        Path configFile = TjConfigEdit.locate(configOption.file(), env, home);
        TargetFile configTarget = TargetFile.inspect(configFile);
        TomlParseResult configToml = Toml.parse(configTarget.text());
        if (console != null) {
            if (plan == null && config.declaredPlans().isEmpty()) plan = ask(console, claude, cdx);
            if (budget == null && configToml.get("defaults.budget.daily_usd") == null) budget = askBudget(console);
        }

        String secret;
        if (dryRun) secret = IngestSecret.find(config, tjHome).orElse("<the ingest secret tj onboard creates>");
        else {
            IngestSecret.Result s = IngestSecret.findOrCreate(config, tjHome);
            secret = s.secret();
            if (s.created()) out.println("Created the ingest secret " + s.file() + " (mode 0600).");
        }
        Connection conn = Connection.local(config.api().host(), config.api().port(), secret);

        List<Plan> plans = new ArrayList<>();
        TjConfigEdit edit = configEdit(claude, cdx);
        if (!edit.isEmpty()) plans.add(tjConfig(configTarget, edit));
        if (claude) plans.add(claudeSettings(ClaudeSettings.locate(env, home), conn, env, config, console));
        if (cdx) plans.add(codexConfig(CodexConfig.locate(env, home), conn));
        if (claude && !noShell)
            for (Path rc : ShellFunction.rcFiles(home))
                plans.add(rcFile(rc, ShellFunction.block(HookCommandLine.launcher(env))));

        List<Backups.Change> changes = new ArrayList<>();
        int problems = 0, unchanged = 0;
        for (Plan p : plans) {
            String name = p.file().path().toString();
            if (p.file().note() != null) out.println(name + ": " + p.file().note());
            for (String n : p.notes()) out.println(name + ": " + n);
            if (p.problem() != null) {
                out.println(name + ": left unchanged: " + p.problem());
                problems++;
                continue;
            }
            if (!p.changes()) {
                out.println(name + ": already set up, nothing to change");
                unchanged++;
                continue;
            }
            if (!p.conflicts().isEmpty() && !accept(p, console)) {
                problems++;
                continue;
            }
            changes.add(new Backups.Change(
                    p.label(),
                    p.file().path(),
                    p.file().real(),
                    p.file().bytes(),
                    p.after().getBytes(StandardCharsets.UTF_8)));
        }
        if (dryRun) {
            for (Backups.Change c : changes)
                out.print(UnifiedDiff.of(
                        c.real().toString(),
                        c.before() == null ? "" : new String(c.before(), StandardCharsets.UTF_8),
                        new String(c.after(), StandardCharsets.UTF_8),
                        c.before() != null));
            out.println("--dry-run: nothing written (" + changes.size() + " file(s) would change).");
            return changes.isEmpty() && unchanged == 0 && problems > 0 ? 1 : 0;
        }
        if (!changes.isEmpty()) {
            Path dir = Backups.apply(tjHome, changes);
            for (Backups.Change c : changes)
                out.println((c.before() == null ? "created " : "updated ") + c.shown() + "  (" + c.label() + ")");
            out.println("Backups and the undo record: " + dir + "  (`tj onboard --undo` reverts)");
        }
        if (changes.isEmpty() && unchanged == 0 && problems > 0) {
            out.println("Nothing could be done (see above).");
            return 1;
        }
        if (claude && !noShell && !changes.isEmpty())
            out.println("Open a new terminal (or `source ~/.zshrc`) for the claude function; start a new `claude`"
                    + " to report to tj.");
        if (noDaemon) return 0;
        Verify v = new Verify(config, tjHome, secret, out);
        if (!v.ensureDaemon()) return 1;
        return v.check() ? 0 : 1;
    }

    private TjConfigEdit configEdit(boolean claude, boolean cdx) {
        TjConfigEdit e = new TjConfigEdit();
        if (plan != null) {
            PlanTier tier = PlanTier.parse(plan);
            // plus is ChatGPT's, max_* Claude's; the others exist for both: each onboarded agent's provider
            if (tier == PlanTier.PLUS) e.plan(Codex.PROVIDER, tier);
            else if (tier == PlanTier.MAX_5X || tier == PlanTier.MAX_20X) e.plan(ClaudeCode.PROVIDER, tier);
            else {
                if (claude) e.plan(ClaudeCode.PROVIDER, tier);
                if (cdx) e.plan(Codex.PROVIDER, tier);
            }
        }
        if (budget != null) e.dailyBudget(budget);
        if (project != null && !project.isBlank())
            e.project("claude-code-" + RepoName.of(Path.of("").toAbsolutePath()), project.trim());
        return e;
    }

    private Plan tjConfig(TargetFile f, TjConfigEdit edit) {
        String label = "tj config";
        if (f.problem() != null) return Plan.problem(label, f, f.problem() + " Set by hand: " + edit.describe());
        CodexConfig.Merge m = edit.apply(f.text());
        if (m.problem() != null) return Plan.problem(label, f, m.problem());
        return new Plan(label, f, m.text(), List.of(), List.of(), null);
    }

    private Plan claudeSettings(Path file, Connection conn, Map<String, String> env, TjConfig config, Console console) {
        String label = "Claude Code user settings";
        TargetFile f = TargetFile.inspect(file);
        if (f.problem() != null) return Plan.problem(label, f, f.problem() + manualHint(conn));
        ClaudeSettings.Parsed parsed = ClaudeSettings.parse(f.text());
        if (!parsed.ok()) return Plan.problem(label, f, parsed.problem() + manualHint(conn));
        String statusLine = noStatusline ? null : HookCommandLine.statusLine(env, config);
        boolean replace = statusline;
        String foreign = ClaudeSettings.foreignStatusLine(parsed.root());
        // another tool's statusline is only ever replaced when the user says so: the flag, or a yes here
        if (statusLine != null && foreign != null && !replace && console != null && !dryRun) {
            String a = console.readLine(
                    "%s: statusLine runs %s. Replace it with tj's statusline? The old file is backed up. [y/N] ",
                    file, foreign);
            replace = a != null && a.trim().toLowerCase(Locale.ROOT).startsWith("y");
        }
        ClaudeSettings.Merge m = ClaudeSettings.merge(
                parsed.root(), conn, noHooks ? null : HookCommandLine.choose(conn, env), statusLine, replace);
        String after = m.result().equals(parsed.root()) && f.exists()
                ? f.text()
                : ClaudeSettings.render(m.result(), f.exists() ? f.text() : null);
        return new Plan(label, f, after, m.conflicts(), m.notes(), null);
    }

    private static String manualHint(Connection conn) {
        return " Add by hand: " + conn.settingsSnippet().replace("\n", " ").replaceAll(" +", " ");
    }

    private Plan codexConfig(Path file, Connection conn) {
        String label = "Codex config";
        TargetFile f = TargetFile.inspect(file);
        if (f.problem() != null) return Plan.problem(label, f, f.problem());
        CodexConfig.Merge m = CodexConfig.merge(f.text(), conn);
        if (m.problem() != null) return Plan.problem(label, f, m.problem());
        return new Plan(label, f, m.text(), m.conflicts(), List.of(), null);
    }

    private Plan rcFile(Path rc, String block) {
        String label = "claude shell function";
        TargetFile f = TargetFile.inspect(rc);
        if (f.problem() != null) return Plan.problem(label, f, f.problem());
        return new Plan(label, f, ShellFunction.apply(f.text(), block), List.of(), List.of(), null);
    }

    /** Explains what tj would replace; yes when --yes or the user agrees on a terminal. */
    private boolean accept(Plan p, Console console) {
        String name = p.file().path().toString();
        out.println(name + ": another tool (or you) set these differently:");
        for (ClaudeSettings.Conflict c : p.conflicts())
            out.println("    " + c.key() + " = " + c.current() + "  ->  "
                    + (c.wanted() == null ? "(removed: it would send data elsewhere)" : c.wanted()));
        if (yes) {
            out.println("  replacing them (--yes; the backup keeps the old values, `tj onboard --undo` restores them)");
            return true;
        }
        if (console != null) {
            String a = console.readLine("  Replace them with tj's? The old file is backed up. [y/N] ");
            if (a != null && a.trim().toLowerCase(Locale.ROOT).startsWith("y")) return true;
        }
        out.println(name + ": left unchanged (run again with --yes to replace them)");
        return false;
    }

    private static String ask(Console console, boolean claude, boolean cdx) {
        List<String> choices = new ArrayList<>(PLANS);
        if (!cdx) choices.remove("plus");
        if (!claude) choices.removeAll(Arrays.asList("max_5x", "max_20x"));
        while (true) {
            String a = console.readLine(
                    "How do you pay for %s? [%s] (enter to skip): ",
                    claude && cdx ? "Claude Code and Codex" : claude ? "Claude Code" : "Codex",
                    String.join("/", choices));
            if (a == null || a.isBlank()) return null;
            if (choices.contains(a.trim().toLowerCase(Locale.ROOT)))
                return a.trim().toLowerCase(Locale.ROOT);
            console.printf("  one of %s, please%n", String.join(", ", choices));
        }
    }

    private static BigDecimal askBudget(Console console) {
        while (true) {
            String a = console.readLine("Daily budget in USD (enter for none): ");
            if (a == null || a.isBlank()) return null;
            try {
                BigDecimal d = new BigDecimal(a.trim().replace("$", ""));
                if (d.signum() >= 0) return d;
            } catch (NumberFormatException e) {
                // ask again
            }
            console.printf("  a number of dollars, e.g. 20%n");
        }
    }

    private int undo(Path tjHome) throws Exception {
        List<Backups.Undone> done = Backups.undo(tjHome, yes);
        if (done.isEmpty()) {
            out.println("Nothing to undo: tj onboard has not changed any file from " + tjHome + ".");
            return 0;
        }
        boolean any = false;
        for (Backups.Undone u : done) {
            out.println(u.path() + ": " + u.what());
            any |= u.done();
        }
        return any ? 0 : 1;
    }
}
