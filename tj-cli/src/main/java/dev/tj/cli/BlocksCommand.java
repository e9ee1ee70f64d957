package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.history.Fmt;
import dev.tj.cli.history.HistoryCli;
import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.Since;
import dev.tj.core.history.HistoryBlocks;
import dev.tj.core.history.TranscriptRoots;
import dev.tj.core.json.ApiJson;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tj blocks}: 5-hour billing blocks from the Claude Code history on disk, in the style of ccusage's. */
@Command(
        name = "blocks",
        description =
                "Claude Code's 5-hour billing blocks from its history on disk: tokens, cost, burn rate and the projection of the running block.")
public final class BlocksCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--since", defaultValue = "all", description = "window: all (default), 7d, 30d, YYYY-MM-DD")
    String since;

    @Option(names = "--active", description = "only the block running now")
    boolean active;

    @Option(
            names = "--root",
            description =
                    "Claude Code projects directory (default: ~/.claude/projects, ~/.config/claude/projects, $CLAUDE_CONFIG_DIR)")
    Path root;

    @Option(names = "--json", description = "print the blocks as JSON")
    boolean json;

    @Option(names = "--threads", hidden = true, defaultValue = "0")
    int threads;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        Instant from = Since.parse(since, now);
        List<Path> roots = TranscriptRoots.claudeCode(root, System.getenv(), HistoryCli.home());
        if (roots.isEmpty() || roots.stream().noneMatch(Files::isDirectory)) {
            String where = root != null ? root.toString() : TranscriptRoots.describeClaudeDefaults(System.getenv());
            if (json) HistoryCli.printJson(Map.of("error", "no_claude_code_logs", "root", where, "blocks", List.of()));
            else System.out.println("No Claude Code history found at " + where + ".");
            return 0;
        }
        Map<String, Object> report =
                HistoryBlocks.report(roots, from, active, HistoryCli.pricingAhead(config()), now, threads);
        if (json) {
            HistoryCli.printJson(report);
            return 0;
        }
        print(System.out, ApiJson.mapper().valueToTree(report), now, active);
        return 0;
    }

    /** The config only prices: read while the history is (parsing TOML takes a moment). */
    private TjConfig config() {
        try {
            return configOption.load();
        } catch (RuntimeException e) {
            return TjConfig.defaults(ConfigOption.tjHome()); // blocks must work with no (or a broken) config
        }
    }

    static void print(PrintStream out, JsonNode r, Instant now, boolean activeOnly) {
        JsonNode blocks = r.path("blocks");
        if (blocks.isEmpty()) {
            out.println(activeOnly ? "No block is running now." : "No Claude Code API calls found.");
            return;
        }
        out.printf(
                "  %-17s %-12s %7s %9s %9s %9s %9s %10s %10s  %s%n",
                "BLOCK START (UTC)", "STATUS", "CALLS", "IN", "OUT", "CACHE R", "CACHE W", "TOKENS", "COST", "MODELS");
        for (JsonNode b : blocks) {
            String start = b.path("start_time").asText().replace('T', ' ');
            start = start.length() > 16 ? start.substring(0, 16) : start;
            if (b.path("is_gap").asBoolean()) {
                out.printf("  %-17s %-12s%n", start, "(gap)");
                continue;
            }
            out.printf(
                    "  %-17s %-12s %7d %9s %9s %9s %9s %10s %10s  %s%n",
                    start,
                    b.path("is_active").asBoolean() ? "ACTIVE" : "",
                    b.path("entries").asLong(),
                    Fmt.tokens(b.path("input_tokens").asLong()),
                    Fmt.tokens(b.path("output_tokens").asLong()),
                    Fmt.tokens(b.path("cache_read_tokens").asLong()),
                    Fmt.tokens(b.path("cache_write_tokens").asLong()),
                    Fmt.tokens(b.path("total_tokens").asLong()),
                    String.format("$%.2f", b.path("cost_usd").asDouble()),
                    SessionCommand.clip(String.join(", ", names(b.path("models"))), 40));
            if (b.path("is_active").asBoolean()) {
                JsonNode rate = b.path("burn_rate"), p = b.path("projection");
                if (!rate.isMissingNode() && !rate.isNull())
                    out.printf(
                            "      burn rate %,.0f tokens/min, $%.2f/h",
                            rate.path("tokens_per_minute").asDouble(),
                            rate.path("cost_per_hour").asDouble());
                if (!p.isMissingNode() && !p.isNull())
                    out.printf(
                            "; at this pace %s tokens, $%.2f by the end (%d min left)",
                            Fmt.tokens(p.path("total_tokens").asLong()),
                            p.path("total_cost_usd").asDouble(),
                            p.path("remaining_minutes").asLong());
                out.println();
            }
        }
        out.println("Blocks are reconstructed from the calls (first call's hour + 5 h), as ccusage does; "
                + "the provider's real window may start elsewhere.");
    }

    private static List<String> names(JsonNode arr) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode n : arr) out.add(n.asText());
        return out;
    }
}
