package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.history.Fmt;
import dev.tj.cli.history.HistoryCli;
import dev.tj.core.config.TjConfig;
import dev.tj.core.diagnostic.DiagnosticReports;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tj tokenmaxx}: a shareable quota/efficiency card. */
@Command(
        name = "tokenmaxx",
        description =
                "A shareable quota/efficiency card: how much of your quota re-reads context vs does real work, as a tier.")
public final class TokenmaxxCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--since", defaultValue = "30d", description = "window: 30d (default), 7d, all, YYYY-MM-DD")
    String since;

    @Option(names = "--weekly", description = "the weekly recap (the last 7 days unless --since says otherwise)")
    boolean weekly;

    @Option(names = "--agent", description = "one agent (claude-code, codex, ...); default all")
    String agent;

    @Option(names = "--root", description = "read these Claude Code transcripts directly")
    Path root;

    @Option(names = "--json", description = "print the card as JSON")
    boolean json;

    @Option(names = "--threads", hidden = true, defaultValue = "0")
    int threads;

    @Override
    public Integer call() throws Exception {
        TjConfig config = DiagnosticRead.config(configOption);
        String window = DiagnosticReports.tokenmaxxWindow(since, weekly);
        JsonNode doc = DiagnosticRead.read(
                config,
                "tokenmaxx",
                window,
                agent,
                weekly ? Map.of("weekly", "true") : Map.of(),
                root,
                threads,
                false,
                w -> DiagnosticReports.tokenmaxx(
                        w,
                        window,
                        weekly,
                        config,
                        DiagnosticReports.transcriptMix(config, DiagnosticRead.sessions(w))));
        if (DiagnosticRead.noHistory(doc, json)) return 0;
        if (json) {
            HistoryCli.printJson(doc);
            return 0;
        }
        print(doc);
        return 0;
    }

    static void print(JsonNode d) {
        if (d.path("turns").asInt() == 0) {
            System.out.println("No LLM calls in the " + DiagnosticRead.window(d) + " to make a card from.");
            System.out.println("Run tj onboard to start capturing, or widen the window (--since all).");
            return;
        }
        boolean weekly = d.path("weekly").asBoolean();
        String title = weekly ? "tj Quota Wrapped · Weekly Recap" : "tj Quota / Efficiency Card";
        String rule = "─".repeat(Math.max(40, title.length() + 4));
        System.out.println(rule);
        System.out.println("  " + title);
        System.out.println(rule);
        System.out.printf(
                "  %s  You're a %s.%n",
                d.path("tier_emoji").asText(), d.path("tier").asText());
        System.out.println("  " + d.path("tier_quip").asText());
        System.out.println();
        System.out.printf(
                "  %s of your quota went to overhead: re-reading history, CLAUDE.md, tool output.%n",
                Fmt.pct(d.path("overhead_share").asDouble()));
        System.out.printf(
                "  %s did real work: uncached input + output.%n",
                Fmt.pct(d.path("work_share").asDouble()));
        System.out.printf(
                "  Overhead: %s tokens (cache reads) · Real work: %s tokens%n",
                Fmt.tokens(d.path("total_reread_tokens").asLong()),
                Fmt.tokens(d.path("total_work_tokens").asLong()));
        System.out.printf(
                "  Across %d sessions, %d turns (%s).%n",
                d.path("sessions").asInt(),
                d.path("turns").asInt(),
                weekly && d.path("window").asText().equals("7d") ? "this week" : DiagnosticRead.window(d));
        if ("api".equals(d.path("pricing_mode").asText())
                && d.path("total_cost_usd").asDouble() > 0)
            System.out.printf(
                    "  Implied API value: %s over the window (calibration only)%n",
                    Fmt.usd(d.path("total_cost_usd").asDouble()));
        System.out.println(rule);
        System.out.println("💡 " + d.path("action").asText());
        String q = d.path("framing").path("qualifier_text").asText("");
        if (!q.isEmpty()) System.out.println(q);
        System.out.println(d.path("caveat").asText());
        System.out.println("Share your card: screenshot the above.");
    }
}
