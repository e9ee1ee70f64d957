package dev.tj.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.agent.ClaudeCode;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.pricing.RateSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The checks of what reached tj: each coding agent's last record, pricing coverage, catch-up lag. */
public final class DataChecks {
    /** A coding agent silent for longer than this is probably not connected any more. */
    static final Duration SILENT = Duration.ofHours(6);
    /** Catch-up behind by more than this means the watcher is stuck or far behind. */
    static final Duration LAGGING = Duration.ofMinutes(5);

    private DataChecks() {}

    /**
     * The newest record of an agent family (every id starting with {@code idPrefix}: Claude Code's
     * per-terminal ids, Codex's codex_exec/codex_tui…) from {@code GET /api/v1/agents}.
     *
     * @param expected whether the agent is set up to report (its settings point at tj); then a
     *                 family that never reported is a warning too
     */
    public static Finding lastRecord(String name, String idPrefix, JsonNode agents, Instant now, boolean expected) {
        String check = "last record: " + name;
        Instant newest = null;
        for (JsonNode a : agents.path("agents")) {
            if (!a.path("agent_id").asText().startsWith(idPrefix)) continue;
            String seen = a.path("last_seen").asText(null);
            if (seen == null) continue;
            Instant t = Instant.parse(seen);
            if (newest == null || t.isAfter(newest)) newest = t;
        }
        if (newest == null)
            return expected
                    ? Finding.warn(
                            check,
                            "nothing stored from " + name + " yet",
                            "start a " + name + " session; if it still does not show, run tj onboard again")
                    : Finding.ok(check, "nothing from " + name + " (not set up)");
        Duration age = Duration.between(newest, now);
        String ago = ago(age) + " ago (" + newest + ")";
        if (age.compareTo(SILENT) > 0)
            return Finding.warn(
                    check,
                    "last record " + ago,
                    "if " + name
                            + " ran since, its telemetry does not reach tj: check its settings with tj onboard --dry-run");
        return Finding.ok(check, "last record " + ago);
    }

    public static Finding lastClaudeCode(JsonNode agents, Instant now, boolean expected) {
        return lastRecord("Claude Code", ClaudeCode.AGENT_ID, agents, now, expected);
    }

    public static Finding lastCodex(JsonNode agents, Instant now, boolean expected) {
        return lastRecord("Codex", "codex", agents, now, expected);
    }

    /** Models in the cost report (grouped by model) that no rate table prices. */
    public static Finding pricing(JsonNode costByModel, Pricing pricing) {
        List<String> unpriced = new ArrayList<>();
        int models = 0;
        for (JsonNode row : costByModel.path("rows")) {
            String model = row.path("group").asText(row.path("model").asText(""));
            if (model.isBlank()) continue;
            models++;
            if (pricing.ratesFor(null, model).source() == RateSource.FALLBACK) unpriced.add(model);
        }
        if (!unpriced.isEmpty())
            return Finding.warn(
                    "pricing",
                    unpriced.size() + " of " + models + " models seen in 30 days have no rate (priced by fallback): "
                            + String.join(", ", unpriced),
                    "add their rates under [pricing.models.\"<model>\"] in the config");
        return Finding.ok(
                "pricing",
                models == 0 ? "no model calls in 30 days" : "all " + models + " models seen in 30 days have rates");
    }

    /**
     * @param catchup {@code GET /api/v1/catchup}, or null when no daemon answers
     */
    /**
     * Forwarding to the team server ({@code [upstream] url} is set).
     *
     * @param upstream {@code GET /api/v1/upstream}, or null when no daemon answers
     */
    public static Finding upstream(String url, JsonNode upstream) {
        if (upstream == null)
            return Finding.warn(
                    "upstream", "no daemon: nothing is forwarded to " + url + " (the outbox waits)", "tj serve");
        String state = upstream.path("state").asText("");
        long pending = upstream.path("pending_records").asLong();
        String error = upstream.path("last_error").asText("");
        if (state.equals("refused") || state.equals("failed"))
            return Finding.error(
                    "upstream",
                    url + " refused the forward: " + error + "; stopped, " + pending + " records kept in the outbox",
                    "set [upstream] token to a valid ingest token (tj token create --machine NAME on the team server) "
                            + "and restart tj serve");
        if (state.equals("retrying"))
            return Finding.warn(
                    "upstream",
                    url + " not reachable (" + error + "); " + pending + " records wait in the outbox, retried",
                    "check the team server and the network");
        String last = upstream.path("last_success").isNull()
                ? "never yet"
                : upstream.path("last_success").asText();
        return Finding.ok("upstream", "forwarding to " + url + ": " + pending + " pending, last success " + last);
    }

    public static Finding catchup(JsonNode catchup) {
        if (catchup == null) return Finding.warn("catch-up", "no daemon: nothing watches the transcripts", "tj serve");
        if (!catchup.path("enabled").asBoolean(false))
            return Finding.warn(
                    "catch-up",
                    "disabled: sessions the live path misses are not stored",
                    "set [catchup] enabled = true and restart tj serve");
        double lag = catchup.path("lag_seconds").asDouble(0);
        if (lag > LAGGING.toSeconds())
            return Finding.warn(
                    "catch-up",
                    "behind by " + ago(Duration.ofSeconds((long) lag)) + " ("
                            + catchup.path("pending_files").asInt() + " files pending)",
                    "see the daemon's log (TJ_HOME/logs or the terminal running tj serve); tj backfill catches up by hand");
        return Finding.ok(
                "catch-up",
                "watching " + catchup.path("dirs_watched").asInt() + " dirs, lag " + Math.round(lag) + " s");
    }

    static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) return s + " s";
        if (s < 7200) return s / 60 + " min";
        if (s < 172_800) return s / 3600 + " h";
        return s / 86_400 + " days";
    }
}
