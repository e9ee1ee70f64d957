package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    private static final int ALL = Main.SUBCOMMANDS.size();

    @Test
    void aCommandRunByNameGetsOnlyItsOwnModel() {
        assertThat(Main.commandLine(new String[] {"quickstart", "--since", "all"})
                        .getSubcommands())
                .containsOnlyKeys("quickstart");
        assertThat(Main.commandLine(new String[] {"token", "create", "--machine", "m"})
                        .getSubcommands())
                .containsOnlyKeys("token");
        assertThat(Main.commandLine(new String[] {"token"})
                        .getSubcommands()
                        .get("token")
                        .getSubcommands())
                .isNotEmpty();
    }

    @Test
    void bareTjOptionsFirstHelpAndUnknownNamesGetEveryCommand() {
        for (String[] args : new String[][] {{}, {"--help"}, {"--json"}, {"help", "cost"}, {"quickstrat"}})
            assertThat(Main.commandLine(args).getSubcommands())
                    .as(String.join(" ", args))
                    .hasSize(ALL);
    }

    @Test
    void helpListsEveryCommandAndATypoGetsItsSuggestion() {
        CommandLine all = Main.commandLine(new String[] {"--help"});
        String usage = all.getUsageMessage();
        for (String name : all.getSubcommands().keySet()) assertThat(usage).contains(name);

        StringWriter err = new StringWriter();
        CommandLine typo = Main.commandLine(new String[] {"quickstrat"});
        typo.setErr(new PrintWriter(err));
        assertThat(typo.execute("quickstrat")).isNotZero();
        assertThat(err.toString()).contains("quickstart");
    }

    @Test
    void theNamedCommandStillParsesItsOptions() {
        CommandLine one = Main.commandLine(new String[] {"quickstart", "--since", "90d", "--json"});
        CommandLine.ParseResult parsed = one.parseArgs("quickstart", "--since", "90d", "--json");
        QuickstartCommand q = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(q.since).isEqualTo("90d");
        assertThat(q.json).isTrue();
    }
}
