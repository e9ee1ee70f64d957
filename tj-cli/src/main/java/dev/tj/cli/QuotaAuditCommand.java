package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.history.Fmt;
import dev.tj.cli.history.HistoryCli;
import dev.tj.core.config.TjConfig;
import dev.tj.core.diagnostic.DiagnosticReports;
import dev.tj.core.json.ApiJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tj quota-audit}: Opus sessions a Sonnet-class model might have handled, after the fact. */
@Command(
        name = "quota-audit",
        description = "Retroactive Opus audit: Opus sessions shaped like Sonnet work (little new input, little output, "
                + "few tool calls), the quota they used and what the Sonnet-class model would have cost.")
public final class QuotaAuditCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--since", defaultValue = "30d", description = "window: 30d (default), 7d, all, YYYY-MM-DD")
    String since;

    @Option(names = "--agent", description = "one agent (claude-code, codex, ...); default all")
    String agent;

    @Option(names = "--root", description = "read these Claude Code transcripts directly")
    Path root;

    @Option(
            names = "--export-config",
            paramLabel = "TARGET",
            description = "write the findings as a JSONC snippet for TARGET (claude-code) under tj's home "
                    + "(exports/); no agent config is changed")
    String exportConfig;

    @Option(names = "--json", description = "print the audit as JSON")
    boolean json;

    @Option(names = "--threads", hidden = true, defaultValue = "0")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (exportConfig != null && !exportConfig.equals("claude-code"))
            throw new IllegalArgumentException("--export-config supports claude-code only, not " + exportConfig);
        TjConfig config = DiagnosticRead.config(configOption);
        JsonNode doc = DiagnosticRead.read(
                config,
                "quota-audit",
                since,
                agent,
                Map.of(),
                root,
                threads,
                false,
                w -> DiagnosticReports.quotaAudit(
                        w,
                        since,
                        HistoryCli.pricing(config),
                        config,
                        DiagnosticReports.transcriptMix(config, DiagnosticRead.sessions(w))));
        if (DiagnosticRead.noHistory(doc, json)) return 0;
        if (exportConfig != null) {
            Path file = export(doc, ConfigOption.tjHome());
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("target", exportConfig);
                m.put("path", file.toString());
                m.put("plan_tier", doc.path("framing").path("plan_tier").asText(null));
                m.put("pricing_mode", doc.path("framing").path("pricing_mode").asText(null));
                m.put(
                        "percent_quota_reclaimable",
                        doc.path("percent_quota_reclaimable").asDouble());
                HistoryCli.printJson(m);
            } else {
                System.out.println("Wrote " + file);
                System.out.println("Nothing else was changed: review it, then copy what you agree with into your "
                        + "Claude Code settings yourself.");
            }
            return 0;
        }
        if (json) {
            HistoryCli.printJson(doc);
            return 0;
        }
        print(doc);
        return 0;
    }

    /** The JSONC snippet, under TJ_HOME/exports, never in an agent's own config. */
    static Path export(JsonNode d, Path tjHome) throws Exception {
        Path dir = tjHome.resolve("exports");
        Files.createDirectories(dir);
        Path file = dir.resolve("quota-audit-claude-code-" + LocalDate.now(ZoneOffset.UTC) + ".jsonc");
        String mode = d.path("framing").path("pricing_mode").asText("unknown");
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("window", d.path("window").asText());
        rec.put("plan_tier", d.path("framing").path("plan_tier").asText(null));
        rec.put("pricing_mode", mode);
        rec.put("opus_sessions", d.path("opus_sessions").asInt());
        rec.put("candidate_sessions", d.path("candidate_sessions").asInt());
        rec.put("percent_quota_reclaimable", d.path("percent_quota_reclaimable").asDouble());
        // dollars only where the user pays per token; tokens for a subscription; neither when the plan is unknown
        if (mode.equals("api")) {
            rec.put("actual_cost_usd", d.path("actual_cost_usd").asDouble());
            rec.put("alternative_cost_usd", d.path("alternative_cost_usd").asDouble());
        } else if (mode.equals("subscription"))
            rec.put("candidate_tokens", d.path("candidate_tokens").asLong());
        List<Map<String, String>> routes = new java.util.ArrayList<>();
        d.path("suggestions")
                .fields()
                .forEachRemaining(e ->
                        routes.add(Map.of("from", e.getKey(), "to", e.getValue().asText())));
        rec.put("suggested_models", routes);
        List<String> sessions = new java.util.ArrayList<>();
        for (JsonNode e : d.path("examples")) sessions.add(e.path("session_id").asText());
        rec.put("spot_check_sessions", sessions);
        String body = "// tj quota-audit: routing recommendations for Claude Code, written "
                + LocalDate.now(ZoneOffset.UTC) + ".\n"
                + "// Candidates to spot-check, not a verdict: flagged for their shape alone. tj changed no settings;\n"
                + "// if you agree, set \"model\" in .claude/settings.json or pick /model per session yourself.\n"
                + ApiJson.mapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(Map.of("tj.routing_recommendations", rec))
                + "\n";
        Files.writeString(file, body, StandardCharsets.UTF_8);
        return file;
    }

    static void print(JsonNode d) {
        int opus = d.path("opus_sessions").asInt();
        List<String> unaudited = new java.util.ArrayList<>();
        for (JsonNode m : d.path("unaudited_models")) unaudited.add(m.asText());
        if (opus == 0) {
            System.out.println("No Opus sessions found in the " + DiagnosticRead.window(d) + ".");
            if (!unaudited.isEmpty())
                System.out.println("Not audited (no cheaper Sonnet-class model in the pricing tables): "
                        + String.join(", ", unaudited));
            return;
        }
        System.out.printf(
                "Opus quota audit · %d Opus session(s) (%s Opus tokens, %s)%n%n",
                opus, Fmt.tokens(d.path("opus_tokens").asLong()), DiagnosticRead.window(d));
        int cand = d.path("candidate_sessions").asInt();
        if (cand == 0) {
            System.out.println("  0% reclaimable: none of your Opus sessions has the Sonnet-shaped structure "
                    + "(under 5k new input, under 500 output, at most 5 tool calls).");
        } else {
            System.out.printf(
                    "  ~%.0f%% of your Opus quota is reclaimable%n  from %d of %d Opus session(s) (%.0f%%) that are Sonnet-shaped%n",
                    d.path("percent_quota_reclaimable").asDouble(),
                    cand,
                    opus,
                    d.path("percent_sessions").asDouble());
            System.out.printf(
                    "  Reclaimable Opus tokens: %s of %s%n",
                    Fmt.tokens(d.path("candidate_tokens").asLong()),
                    Fmt.tokens(d.path("opus_tokens").asLong()));
            if ("api".equals(d.path("framing").path("pricing_mode").asText())
                    && d.path("actual_cost_usd").asDouble() > 0)
                System.out.printf(
                        "  Implied API value: %s → %s on the smaller model (calibration only)%n",
                        Fmt.usd(d.path("actual_cost_usd").asDouble()),
                        Fmt.usd(d.path("alternative_cost_usd").asDouble()));
            List<String> pattern = new java.util.ArrayList<>();
            d.path("suggestions")
                    .fields()
                    .forEachRemaining(
                            e -> pattern.add(e.getKey() + " → " + e.getValue().asText()));
            System.out.println("  Pattern: " + String.join(", ", pattern));
            System.out.println();
            System.out.println("Sessions to spot-check:");
            for (JsonNode e : d.path("examples")) {
                System.out.printf(
                        "  %s  %s  in %s / out %s · %d tool call(s) · %s%n",
                        SessionCommand.clip(e.path("session_id").asText(), 12),
                        e.path("model").asText(),
                        Fmt.tokens(e.path("input_tokens").asLong()
                                + e.path("cache_write_tokens").asLong()),
                        Fmt.tokens(e.path("output_tokens").asLong()),
                        e.path("tool_calls").asLong(),
                        e.path("duration_seconds").isNull()
                                ? "—"
                                : e.path("duration_seconds").asLong() + "s");
            }
            System.out.println("  → Open these in Claude Code and judge whether the smaller model would have sufficed "
                    + "before changing your routing.");
        }
        if (!unaudited.isEmpty())
            System.out.println("Not audited (no cheaper Sonnet-class model in the pricing tables): "
                    + String.join(", ", unaudited));
        System.out.println();
        String q = d.path("framing").path("qualifier_text").asText("");
        if (!q.isEmpty()) System.out.println(q);
        System.out.println("! " + d.path("caveat").asText());
        if (cand > 0)
            System.out.println("Export these as a Claude Code snippet: tj quota-audit --export-config claude-code");
    }
}
