package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.history.Fmt;
import dev.tj.cli.history.HistoryCli;
import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.CostQueries;
import dev.tj.core.cost.CostReport;
import dev.tj.core.cost.CostService;
import dev.tj.core.framing.Framing;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostRow;
import dev.tj.core.storage.Storage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tj cost}: tokens and cost over everything stored (live and backfilled). */
@Command(
        name = "cost",
        description =
                "Tokens and cost over everything stored, live and backfilled, by day/week/month/model/agent/project/session/tool/machine/user.")
public final class CostCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--since", defaultValue = "7d", description = "window: 7d (default), 30d, 12h, all, YYYY-MM-DD")
    String since;

    @Option(names = "--until", description = "end of the window (default now)")
    String until;

    @Option(
            names = "--group-by",
            defaultValue = "day",
            description = "day, week, month, model, agent, project, session, tool, machine or user")
    String groupBy;

    @Option(names = "--agent", description = "only this agent id")
    String agent;

    @Option(names = "--machine", description = "only what came from this machine (host.name, [machine] name)")
    String machine;

    @Option(names = "--user", description = "only this user's (user.email, [machine] user)")
    String user;

    @Option(names = "--tz", description = "time zone for day/week/month groups (default UTC)")
    String tz;

    @Option(names = "--json", description = "print the /api/v1/cost JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TjConfig config = configOption.load();
        CostQuery q = CostQueries.parse(since, until, groupBy, agent, tz, machine, user, Instant.now());
        String body = fromDaemon(config);
        if (body == null)
            body = HistoryCli.json().writeValueAsString(fromDatabase(config, q).toJson());
        if (json) {
            System.out.println(body.trim());
            return 0;
        }
        print(HistoryCli.json().readTree(body), q);
        return 0;
    }

    private String fromDaemon(TjConfig config) throws Exception {
        DaemonClient client = DaemonClient.locate(config, ConfigOption.tjHome(), 3000);
        StringBuilder path = new StringBuilder("/api/v1/cost?since=")
                .append(enc(since))
                .append("&group_by=")
                .append(enc(groupBy));
        if (until != null) path.append("&until=").append(enc(until));
        if (agent != null) path.append("&agent_id=").append(enc(agent));
        if (tz != null) path.append("&tz=").append(enc(tz));
        if (machine != null) path.append("&machine=").append(enc(machine));
        if (user != null) path.append("&user=").append(enc(user));
        var r = client.get(path.toString());
        if (r.isEmpty()) return null;
        if (!r.get().ok())
            throw new IllegalStateException("daemon at " + client.base() + " answered "
                    + r.get().status() + ": " + r.get().body());
        return r.get().body();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static CostReport fromDatabase(TjConfig config, CostQuery q) {
        if (!Stores.exists(config.storage())) {
            CostRow zero = new CostRow("total", 0, 0, 0, 0, 0);
            return new CostReport(q.since(), q.until(), q.groupBy(), q.agentId(), q.zone(), List.of(), zero, null);
        }
        try (Storage storage = Stores.open(config.storage())) {
            return new CostService(storage, config).report(q);
        }
    }

    private static void print(JsonNode r, CostQuery q) {
        Framing f = framing(r.path("framing"));
        String note = f == null ? null : f.qualifierText();
        if (note == null && f != null) {
            if ("subscription".equals(f.pricingMode()))
                note =
                        "Subscription plan — flat-fee billing; COST shown as share of your monthly plan, not dollars spent.";
            else if ("local".equals(f.pricingMode()))
                note = "Local inference — no marginal cost; dollar figures suppressed.";
        }
        if (note != null) System.out.println(note);
        String window = q.since() == null
                ? "all time"
                : "since " + q.since().toString().substring(0, 16).replace('T', ' ') + " UTC";
        System.out.println("Cost by " + q.groupBy().wire() + ", " + window);
        if (r.path("rows").isEmpty()) {
            System.out.println(
                    "  nothing stored in this window. Run `tj backfill claude-code` to load your history, or `tj quickstart` for a first look.");
            return;
        }
        String head = q.groupBy().wire().toUpperCase();
        System.out.printf("  %-36s %10s %10s %10s %10s %14s%n", head, "INPUT", "OUTPUT", "CACHE R", "CACHE W", "COST");
        for (JsonNode row : r.path("rows")) line(row.path("group").asText("unknown"), row, f);
        line("TOTAL", r.path("totals"), f);
    }

    private static void line(String g, JsonNode row, Framing f) {
        System.out.printf(
                "  %-36s %10s %10s %10s %10s %14s%n",
                g.length() > 36 ? g.substring(0, 35) + "…" : g,
                Fmt.tokens(row.path("input_tokens").asLong()),
                Fmt.tokens(row.path("output_tokens").asLong()),
                Fmt.tokens(row.path("cache_read_tokens").asLong()),
                Fmt.tokens(row.path("cache_write_tokens").asLong()),
                Fmt.money(row.path("cost_usd").asDouble(), f));
    }

    private static Framing framing(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        List<String> labels = new ArrayList<>();
        n.path("plan_labels").forEach(x -> labels.add(x.asText()));
        return new Framing(
                n.path("pricing_mode").asText("unknown"),
                n.path("plan_tier").asText(null),
                n.path("plan_label").asText(null),
                labels,
                n.path("plan_monthly_usd").isNumber()
                        ? n.path("plan_monthly_usd").asDouble()
                        : null,
                n.path("subscription_share_pct").asDouble(),
                n.path("api_share_pct").asDouble(),
                n.path("display_rule").asText(null),
                n.path("qualifier_text").isTextual() ? n.path("qualifier_text").asText() : null,
                n.path("window_total_tokens").asLong(),
                n.path("window_total_cost_usd").asDouble());
    }
}
