package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.StatusCommand.Format;
import dev.tj.core.json.ApiJson;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tj team}: what the dashboard's Team page shows, from the running daemon or the database. */
@Command(
        name = "team",
        description =
                "Spend and tokens by person, machine and project over a window, and live sessions on every machine.")
public final class TeamCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--since", defaultValue = "7d", description = "window: 7d (default), 24h, 30d, all, YYYY-MM-DD")
    String since;

    @Option(names = "--json", description = "print the /api/v1/team JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode body = new CliReads(configOption.load()).team(since);
        if (json) System.out.println(ApiJson.mapper().writeValueAsString(body));
        else print(System.out, body, since, Instant.now());
        return 0;
    }

    static void print(PrintStream out, JsonNode body, String since, Instant now) {
        if (body.path("users").isEmpty() && body.path("live").isEmpty()) {
            out.println(
                    "Nothing stored in the last " + since + ". Machines report with `tj token create --machine NAME` "
                            + "on this server and [upstream] url/token on theirs (docs/scaling.md).");
            return;
        }
        out.println("BY PERSON (" + ("all".equals(since) ? "all time" : "last " + since) + ")");
        out.printf("  %-30s %12s %9s %9s %8s  %s%n", "PERSON", "SPEND", "IN", "OUT", "SESSIONS", "MACHINES");
        for (JsonNode u : body.path("users")) {
            out.printf(
                    "  %-30s %12s %9s %9s %8d  %s%n",
                    SessionCommand.clip(u.path("user").asText(), 30),
                    Format.cost(
                            u.path("cost_usd").asDouble(),
                            u.path("framing").path("pricing_mode").asText()),
                    Format.tokens(u.path("input_tokens").asLong()),
                    Format.tokens(u.path("output_tokens").asLong()),
                    u.path("sessions").asLong(),
                    SessionCommand.clip(join(u.path("machines")), 40));
        }
        out.println();
        out.println("BY MACHINE");
        out.printf("  %-30s %12s %9s %9s %8s  %s%n", "MACHINE", "API VALUE", "IN", "OUT", "SESSIONS", "PEOPLE");
        for (JsonNode m : body.path("machines")) {
            out.printf(
                    "  %-30s %12s %9s %9s %8d  %s%n",
                    SessionCommand.clip(m.path("machine").asText(), 30),
                    Format.cost(m.path("cost_usd").asDouble(), "api"),
                    Format.tokens(m.path("input_tokens").asLong()),
                    Format.tokens(m.path("output_tokens").asLong()),
                    m.path("sessions").asLong(),
                    SessionCommand.clip(join(m.path("users")), 40));
        }
        out.println();
        out.println("BY PROJECT");
        for (JsonNode p : body.path("projects")) {
            out.printf(
                    "  %-30s %12s %9s %9s%n",
                    SessionCommand.clip(p.path("project").asText(), 30),
                    Format.cost(p.path("cost_usd").asDouble(), "api"),
                    Format.tokens(p.path("input_tokens").asLong()),
                    Format.tokens(p.path("output_tokens").asLong()));
        }
        out.println();
        JsonNode live = body.path("live");
        out.println("LIVE SESSIONS (" + live.size() + ")");
        for (JsonNode s : live) {
            out.printf(
                    "  %-7s %-10s %-20s %-26s %-14s %10s  %s%n",
                    s.path("status").asText(),
                    SessionCommand.clip(s.path("session_id").asText(), 8),
                    SessionCommand.clip(s.path("machine").asText(null), 20),
                    SessionCommand.clip(s.path("user").asText(null), 26),
                    SessionCommand.clip(s.path("project").asText(null), 14),
                    Format.cost(
                            s.path("total_cost_usd").asDouble(),
                            s.path("pricing_mode").asText()),
                    Format.ago(s.path("last_span_time").asText(null), now));
        }
    }

    private static String join(JsonNode names) {
        StringBuilder b = new StringBuilder();
        for (JsonNode n : names) b.append(b.length() == 0 ? "" : ", ").append(n.asText());
        return b.toString();
    }
}
