package dev.tj.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The tj command line. */
@Command(
        name = "tj",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Local-first observability for AI coding agents (Claude Code, Codex) and OpenTelemetry agents.",
        subcommands = {
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
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
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

    public static void main(String[] args) {
        // before any class can print or a logger can start: stdout is the MCP protocol's alone
        if (args.length > 0 && args[0].equals("mcp")) McpCommand.claimStdout();
        CommandLine cli = new CommandLine(new Main());
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
