package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.StatusCommand.Format;
import dev.tj.core.json.ApiJson;
import dev.tj.core.quota.QuotaWindow;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tj quota}: what the dashboard's Quota page shows, from the running daemon or the database. */
@Command(
        name = "quota",
        description = "The 5-hour and weekly windows (from tj statusline), where they are heading, and which "
                + "sessions and prompts used them.")
public final class QuotaCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--window", description = "five_hour (default), seven_day, seven_day_opus, …")
    String window;

    @Option(
            names = "--since",
            description = "attribute over 24h, 7d, YYYY-MM-DD … instead of the window's current period")
    String since;

    @Option(names = "--json", description = "print the /api/v1/quota JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (window != null && !QuotaWindow.isName(window))
            throw new IllegalArgumentException("--window must be a window name such as five_hour or seven_day");
        JsonNode body = new CliReads(configOption.load()).quota(window, since);
        if (json) System.out.println(ApiJson.mapper().writeValueAsString(body));
        else print(System.out, body, Instant.now());
        return 0;
    }

    static void print(PrintStream out, JsonNode body, Instant now) {
        if (body.path("last_snapshot_at").isNull()
                || body.path("last_snapshot_at").isMissingNode()) {
            out.println("No quota snapshots yet. Claude Code gives the 5-hour and weekly windows to its statusline "
                    + "(subscription accounts only): `tj onboard` installs `tj statusline`, which records them.");
            return;
        }
        out.println("WINDOWS (last reading "
                + Format.ago(body.path("last_snapshot_at").asText(), now) + ")");
        for (JsonNode w : body.path("windows")) {
            StringBuilder line = new StringBuilder(String.format(
                    "  %-18s %6.1f%%  ",
                    w.path("name").asText(), w.path("used_percentage").asDouble()));
            if (w.path("reset_since_reading").asBoolean()) line.append("reset since the last reading");
            else line.append("resets in ").append(until(w.path("resets_at").asText(null), now));
            if (!w.path("burn_rate_per_hour").isNull())
                line.append(String.format(
                        "  burn %.1f/h → %.0f%% at reset",
                        w.path("burn_rate_per_hour").asDouble(),
                        w.path("projected_at_reset").asDouble()));
            if (w.path("runs_out_before_reset").asBoolean())
                line.append("  ⚠ runs out in ")
                        .append(until(w.path("projected_exhaustion_at").asText(null), now));
            out.println(line);
        }
        JsonNode spend = body.path("spend_limit");
        if (spend.isObject())
            out.printf(
                    "  %-18s $%.2f of $%.2f%s%n",
                    "spend_limit",
                    spend.path("used_usd").asDouble(),
                    spend.path("limit_usd").asDouble(),
                    spend.path("period").isTextual()
                            ? " per " + spend.path("period").asText()
                            : "");
        JsonNode a = body.path("attribution");
        if (!a.isObject()) return;
        out.println();
        out.printf(
                "%s ROSE %.1f POINTS SINCE %s: %.1f ATTRIBUTED, %.1f UNEXPLAINED%s%n",
                a.path("window").asText().toUpperCase(java.util.Locale.ROOT),
                a.path("rise_points").asDouble(),
                a.path("from").asText(),
                a.path("attributed_points").asDouble(),
                a.path("unattributed_points").asDouble(),
                a.path("resets").asInt() > 0 ? " (" + a.path("resets").asInt() + " reset(s))" : "");
        table(out, "SESSIONS", a.path("sessions"), "session_id");
        table(out, "PROMPTS", a.path("prompts"), "prompt_id");
        if (!a.path("subagents").isEmpty()) table(out, "SUBAGENTS", a.path("subagents"), "sub_agent_id");
        table(out, "PROJECTS", a.path("projects"), "project");
    }

    private static void table(PrintStream out, String title, JsonNode rows, String key) {
        out.println();
        out.printf("  %-38s %8s %9s %11s %6s%n", title, "SHARE", "TOKENS", "API VALUE", "CALLS");
        int n = 0;
        for (JsonNode r : rows) {
            if (n++ == 10) break;
            String name = r.path(key).asText();
            if (r.has("session_id") && !key.equals("session_id"))
                name = SessionCommand.clip(name, 18) + " ("
                        + SessionCommand.clip(r.path("session_id").asText(), 8) + ")";
            out.printf(
                    "  %-38s %7.1f%% %9s %11s %6d%n",
                    SessionCommand.clip(name, 38),
                    r.path("points").asDouble(),
                    Format.tokens(r.path("tokens").asLong()),
                    Format.cost(r.path("cost_usd").asDouble(), "api"),
                    r.path("calls").asLong());
        }
        if (n == 0) out.println("  (nothing attributed)");
    }

    static String until(String iso, Instant now) {
        if (iso == null) return "—";
        long s = Math.max(0, Duration.between(now, Instant.parse(iso)).getSeconds());
        long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
        return d > 0 ? d + "d" + h + "h" : h > 0 ? h + "h" + m + "m" : m + "m";
    }
}
