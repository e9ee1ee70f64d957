package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.json.ApiJson;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Live sessions, the archive and SDK services, from the daemon when it runs, else from the database. */
@Command(name = "status", description = "Show live sessions, recently ended ones and SDK services.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--agent", description = "only this agent id")
    String agent;

    @Option(names = "--machine", description = "only sessions on this machine")
    String machine;

    @Option(names = "--user", description = "only this user's sessions")
    String user;

    @Option(names = "--json", description = "print the /api/v1/status JSON")
    boolean json;

    /** The status document before anything is stored (no database file yet). */
    static final String NOTHING_STORED =
            "{\"agents\":[],\"archived\":[],\"sdk_services\":[],\"has_active_alerts\":false,\"framing\":null}";

    @Override
    public Integer call() throws Exception {
        JsonNode report = new CliReads(configOption.load()).status(agent, machine, user);
        if (json) System.out.println(ApiJson.mapper().writeValueAsString(report));
        else print(System.out, report, Instant.now());
        return report.path("has_active_alerts").asBoolean() ? 1 : 0;
    }

    static void print(PrintStream out, JsonNode report, Instant now) {
        JsonNode tiles = report.path("agents");
        int coding = 0;
        for (JsonNode t : tiles) if ("coding".equals(t.path("kind").asText())) coding++;
        if (coding == 0
                && report.path("archived").isEmpty()
                && report.path("sdk_services").isEmpty()) {
            out.println("No sessions yet. Start the daemon with `tj serve` and point Claude Code at it (see README).");
            return;
        }
        if (coding > 0) {
            out.println("LIVE SESSIONS");
            out.printf(
                    "  %-7s %-28s %-14s %-10s %9s %9s %9s %9s %6s %4s %10s  %s%n",
                    "STATUS",
                    "SESSION",
                    "PROJECT",
                    "ID",
                    "IN",
                    "OUT",
                    "CACHE R",
                    "CACHE W",
                    "TOOLS",
                    "ERR",
                    "COST",
                    "LAST SEEN");
            for (JsonNode t : tiles) {
                if (!"coding".equals(t.path("kind").asText())) continue;
                String name = t.hasNonNull("label")
                        ? t.get("label").asText()
                        : t.path("agent_id").asText();
                out.printf(
                        "  %-7s %-28s %-14s %-10s %9s %9s %9s %9s %6d %4d %10s  %s%n",
                        (t.path("status").asText().equals("active") ? "● " : "○ ")
                                + t.path("status").asText(),
                        clip(name, 28),
                        clip(t.path("namespace").asText("-"), 14),
                        clip(t.path("session_id").asText(), 8),
                        Format.tokens(t.path("input_tokens").asLong()),
                        Format.tokens(t.path("output_tokens").asLong()),
                        Format.tokens(t.path("cache_read_tokens").asLong()),
                        Format.tokens(t.path("cache_write_tokens").asLong()),
                        t.path("tool_call_count").asLong(),
                        t.path("error_count").asLong(),
                        Format.cost(
                                        t.path("total_cost_usd").asDouble(),
                                        t.path("pricing_mode").asText())
                                + (t.path("priced_by_fallback").asBoolean() ? "*" : ""),
                        Format.ago(t.path("last_span_time").asText(null), now));
                JsonNode waits = t.path("attention");
                if (waits.hasNonNull("state")) {
                    out.printf(
                            "  %-7s ⏸ waits for you (%s), started %s%s%n",
                            "",
                            waits.path("state").asText().equals("needs_permission") ? "permission" : "input",
                            Format.ago(waits.path("since").asText(null), now),
                            waits.hasNonNull("message")
                                    ? ": " + clip(waits.path("message").asText(), 80)
                                    : "");
                }
                if (t.path("overflow").asInt() > 0) {
                    out.printf(
                            "  %-7s +%d more live sessions of %s%n",
                            "", t.path("overflow").asInt(), t.path("agent_id").asText());
                }
            }
            out.println("  (* priced with fallback rates: model not in the rates table)");
        }
        JsonNode sdk = report.path("sdk_services");
        if (!sdk.isEmpty()) {
            out.println();
            out.println("SDK SERVICES");
            out.printf("  %-12s %-30s %9s %8s %10s  %s%n", "STATE", "AGENT", "REQ/MIN", "ERR %", "TODAY", "LAST SEEN");
            for (JsonNode s : sdk) {
                out.printf(
                        "  %-12s %-30s %9.1f %8.1f %10s  %s%n",
                        s.path("state").asText(),
                        clip(s.path("agent_id").asText(), 30),
                        s.path("req_per_min").asDouble(),
                        s.path("err_rate").asDouble(),
                        Format.cost(s.path("today_cost").asDouble(), "api"),
                        Format.ago(s.path("last_seen").asText(null), now));
            }
        }
        JsonNode archived = report.path("archived");
        if (!archived.isEmpty()) {
            out.println();
            out.println("RECENTLY ENDED (" + archived.size() + ")");
            int n = 0;
            for (JsonNode a : archived) {
                if (n++ == 10) {
                    out.println("  … " + (archived.size() - 10) + " more (tj status --json)");
                    break;
                }
                String name = a.hasNonNull("label")
                        ? a.get("label").asText()
                        : a.path("agent_id").asText();
                out.printf(
                        "  %-7s %-28s %-14s %-10s %10s  %s%n",
                        a.path("status").asText(),
                        clip(name, 28),
                        clip(a.path("namespace").asText("-"), 14),
                        clip(a.path("session_id").asText(), 8),
                        Format.cost(a.path("total_cost_usd").asDouble(), "api"),
                        Format.ago(a.path("last_span_time").asText(null), now));
            }
        }
        if (report.path("has_active_alerts").asBoolean()) {
            out.println();
            out.println("! active alerts");
        }
    }

    private static String clip(String s, int n) {
        if (s == null || s.equals("null")) return "-";
        // keep terminal control characters from telemetry out of the user's terminal
        s = s.replaceAll("\\p{Cntrl}", "?");
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** Human formats shared by CLI tables. */
    static final class Format {
        static String tokens(long n) {
            if (n >= 1_000_000) return String.format("%.1fM", n / 1e6);
            if (n >= 1_000) return String.format("%.1fk", n / 1e3);
            return Long.toString(n);
        }

        static String cost(double usd, String pricingMode) {
            if ("local".equals(pricingMode)) return "no API cost";
            String s = usd < 0.01 && usd > 0 ? String.format("$%.4f", usd) : String.format("$%,.2f", usd);
            return "subscription".equals(pricingMode) ? "~" + s : s;
        }

        static String ago(String iso, Instant now) {
            if (iso == null) return "-";
            Duration d = Duration.between(Instant.parse(iso), now);
            if (d.isNegative()) return "just now";
            long s = d.getSeconds();
            if (s < 60) return s + "s ago";
            if (s < 3600) return (s / 60) + "m ago";
            if (s < 86400) return (s / 3600) + "h " + (s % 3600 / 60) + "m ago";
            return (s / 86400) + "d ago";
        }
    }
}
