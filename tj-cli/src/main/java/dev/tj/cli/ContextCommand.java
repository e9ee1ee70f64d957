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

/** {@code tj context}: what fills the context window and what re-reading it costs. */
@Command(
        name = "context",
        description = "What fills your agents' context and what re-reading it costs: re-read vs new work, "
                + "heaviest turns, sessions worth a /compact. Stored history through the daemon, else transcripts.")
public final class ContextCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--since", defaultValue = "30d", description = "window: 30d (default), 12h, 7d, all, YYYY-MM-DD")
    String since;

    @Option(names = "--agent", description = "one agent (claude-code, codex, ...); default all")
    String agent;

    @Option(
            names = "--root",
            description =
                    "read these Claude Code transcripts directly (default when no daemon runs: ~/.claude/projects)")
    Path root;

    @Option(names = "--json", description = "print the diagnostic as JSON")
    boolean json;

    @Option(names = "--threads", hidden = true, defaultValue = "0")
    int threads;

    @Override
    public Integer call() throws Exception {
        TjConfig config = DiagnosticRead.config(configOption);
        JsonNode doc = DiagnosticRead.read(
                config,
                "context",
                since,
                agent,
                Map.of(),
                root,
                threads,
                true,
                w -> DiagnosticReports.context(
                        w, since, config, DiagnosticReports.transcriptMix(config, DiagnosticRead.sessions(w))));
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
            System.out.println("No LLM calls found in the " + DiagnosticRead.window(d) + ".");
            System.out.println("Widen the window (--since 90d or all), or run tj onboard to start capturing.");
            return;
        }
        System.out.printf(
                "Context composition · %d sessions, %d turns (%s)%n%n",
                d.path("sessions").asInt(), d.path("turns").asInt(), DiagnosticRead.window(d));
        System.out.printf(
                "  %s of your tokens went to re-reading context (history, CLAUDE.md, tool output)%n",
                Fmt.pct(d.path("reread_share").asDouble()));
        System.out.printf(
                "  %s went to net-new work (uncached input + output)%n",
                Fmt.pct(d.path("work_share").asDouble()));
        System.out.println();
        System.out.printf(
                "  Re-read:     %s tokens (cache reads)%n",
                Fmt.tokens(d.path("total_reread_tokens").asLong()));
        if (d.path("total_cache_miss_tokens").asLong() > 0)
            System.out.printf(
                    "  Cache-miss:  %s tokens (cache writes, billed at a premium), %s%n",
                    Fmt.tokens(d.path("total_cache_miss_tokens").asLong()),
                    Fmt.pct(d.path("cache_miss_share").asDouble()));
        System.out.printf(
                "  New work:    %s tokens%n",
                Fmt.tokens(d.path("total_work_tokens").asLong()));
        if (DiagnosticRead.dollars(d) && d.path("total_cost_usd").asDouble() > 0)
            System.out.printf(
                    "  Implied $:   %s over the window%n",
                    Fmt.usd(d.path("total_cost_usd").asDouble()));

        System.out.println();
        System.out.println("Heaviest turns (by re-read):");
        int n = 0;
        for (JsonNode t : d.path("heaviest_turns")) {
            if (n++ == 5) break;
            String sub = t.path("sub_agent_id").isNull()
                    ? ""
                    : " subagent " + t.path("sub_agent_id").asText();
            System.out.printf(
                    "  %s  %-12s%s  %s  re-read %s, new %s, out %s%n",
                    t.path("time").asText("").replace('T', ' ').replaceAll("(\\d\\d:\\d\\d):.*", "$1"),
                    SessionCommand.clip(t.path("session_id").asText(), 12),
                    sub,
                    t.path("model").asText(),
                    Fmt.tokens(t.path("reread_tokens").asLong()),
                    Fmt.tokens(t.path("new_input_tokens").asLong()),
                    Fmt.tokens(t.path("output_tokens").asLong()));
        }

        System.out.println();
        System.out.println("Recurring inclusions:");
        if (!d.path("tool_inputs_captured").asBoolean())
            System.out.println("  Needs tool inputs (which files were read, what was searched): see the note below.");
        else if (d.path("recurring").isEmpty()) System.out.println("  None recurring across enough sessions yet.");
        n = 0;
        for (JsonNode r : d.path("recurring")) {
            if (n++ == 5) break;
            System.out.printf(
                    "  [%s] %s ×%d (%d sessions)%n    → %s%n",
                    r.path("type").asText(),
                    r.path("target").asText(),
                    r.path("occurrences").asInt(),
                    r.path("sessions").asInt(),
                    r.path("fix").asText());
        }

        System.out.println();
        System.out.println("Compact candidates:");
        JsonNode cc = d.path("compact_candidates");
        if (cc.isEmpty())
            System.out.println("  No session crossed the compact threshold (200k re-read, 80% of its tokens).");
        n = 0;
        for (JsonNode c : cc) {
            if (n++ == 3) break;
            System.out.printf(
                    "  session %s  %s re-read, %s cache (%d turns)%n",
                    SessionCommand.clip(c.path("session_id").asText(), 12),
                    Fmt.pct(c.path("reread_share").asDouble()),
                    Fmt.tokens(c.path("reread_tokens").asLong()),
                    c.path("turns").asInt());
        }
        if (!cc.isEmpty()) System.out.println("  → /compact mid-session (or start fresh) to stop re-reading it.");
        System.out.println();
        DiagnosticRead.after(d);
    }
}
