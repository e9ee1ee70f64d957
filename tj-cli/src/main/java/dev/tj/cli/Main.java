package dev.tj.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The tj command line. */
@Command(
        name = "tj",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Local-first observability for AI coding agents (Claude Code, Codex) and OpenTelemetry agents.")
public final class Main implements Runnable {
    /** Every subcommand, in the order help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            ServeCommand.class,
            StopCommand.class,
            ServiceCommand.class,
            StatusCommand.class,
            SessionCommand.class,
            RunsCommand.class,
            TeamCommand.class,
            SessionEndCommand.class,
            HookCommand.class,
            StatuslineCommand.class,
            DoctorCommand.class,
            BackfillCommand.class,
            QuickstartCommand.class,
            CostCommand.class,
            BlocksCommand.class,
            QuotaCommand.class,
            ContextCommand.class,
            TokenmaxxCommand.class,
            QuotaAuditCommand.class,
            McpCommand.class,
            TokenCommand.class,
            dev.tj.cli.onboard.OnboardCommand.class,
            dev.tj.cli.onboard.OtelResourceAttrsCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--no-color", description = "no colour on the home screen (also NO_COLOR)")
    boolean noColor;

    @CommandLine.Option(names = "--json", description = "the home screen as JSON")
    boolean json;

    /** Bare {@code tj}: the home screen (what tj sees now, what to run next), never the database. */
    @Override
    public void run() {
        java.util.Map<String, Object> s = HomeScreen.state(
                System.getenv(),
                java.nio.file.Path.of("").toAbsolutePath(),
                ConfigOption.home(),
                ConfigOption.tjHome());
        if (json) {
            try {
                dev.tj.cli.history.HistoryCli.printJson(s);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        HomeScreen.print(System.out, s, HomeScreen.color(noColor, System.getenv()));
    }

    /**
     * The command line for these arguments. picocli builds a subcommand's model by reflection, a
     * fifth of a second for all of them on every start: {@code tj NAME ...} gets only NAME's; bare
     * {@code tj}, options first, help and unknown names get them all (help lists them, a typo gets
     * its suggestion).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        Class<?> named = args.length == 0 ? null : byName(args[0]);
        for (Class<?> c : named != null ? List.of(named) : SUBCOMMANDS) cli.addSubcommand(c);
        return cli;
    }

    private static Class<?> byName(String name) {
        if (name.equals("help")) return null;
        for (Class<?> c : SUBCOMMANDS) if (c.getAnnotation(Command.class).name().equals(name)) return c;
        return null;
    }

    public static void main(String[] args) {
        // before any class can print or a logger can start: stdout is the MCP protocol's alone
        if (args.length > 0 && args[0].equals("mcp")) McpCommand.claimStdout();
        CommandLine cli = commandLine(args);
        // a hook that exits non-zero can block Claude Code (2 stops a turn): whatever the arguments, 0
        if (args.length > 0 && args[0].equals("hook")) cli.setParameterExceptionHandler((ex, a) -> 0);
        // a statusline prints its line and exits 0 whatever the arguments: Claude Code shows what comes
        if (args.length > 0 && args[0].equals("statusline"))
            cli.setParameterExceptionHandler((ex, a) -> StatuslineCommand.fallback());
        int code = cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println("tj: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
                    return 2;
                })
                .execute(args);
        System.exit(code);
    }
}
