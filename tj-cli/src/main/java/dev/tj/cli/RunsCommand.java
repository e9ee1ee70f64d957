package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.StatusCommand.Format;
import dev.tj.core.json.ApiJson;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs ({@code GET /api/v1/runs}), or one run with its spawn tree, from the running daemon. */
@Command(
        name = "runs",
        description = "List runs (sessions sharing a tokenjam.run_id), or show one with its spawn tree.")
public final class RunsCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "show this run")
    String runId;

    @Option(names = "--json", description = "print the /api/v1/runs (or /api/v1/runs/{id}) JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliReads reads = new CliReads(configOption.load());
        Optional<JsonNode> body = runId == null ? Optional.of(reads.runs()) : reads.run(runId);
        if (body.isEmpty()) {
            System.err.println("Run " + runId + " not found.");
            return 1;
        }
        return show(body.get());
    }

    private int show(JsonNode body) throws Exception {
        if (json) {
            System.out.println(ApiJson.mapper().writeValueAsString(body));
            return 0;
        }
        if (runId == null) list(System.out, body, Instant.now());
        else run(System.out, body);
        return 0;
    }

    static void list(PrintStream out, JsonNode body, Instant now) {
        JsonNode runs = body.path("runs");
        if (runs.isEmpty()) {
            out.println(
                    "No runs yet. A run is the sessions started with OTEL_RESOURCE_ATTRIBUTES=tokenjam.run_id=<run>.");
            return;
        }
        out.printf("  %-32s %8s %9s %9s %12s  %s%n", "RUN", "SESSIONS", "IN", "OUT", "COST", "LAST ACTIVITY");
        for (JsonNode r : runs) {
            out.printf(
                    "  %-32s %8d %9s %9s %12s  %s%n",
                    SessionCommand.clip(r.path("run_id").asText(), 32),
                    r.path("session_count").asLong(),
                    Format.tokens(r.path("input_tokens").asLong()),
                    Format.tokens(r.path("output_tokens").asLong()),
                    Format.cost(
                            r.path("total_cost_usd").asDouble(),
                            r.path("pricing_mode").asText()),
                    Format.ago(r.path("last_activity").asText(null), now));
        }
    }

    static void run(PrintStream out, JsonNode body) {
        JsonNode run = body.path("run");
        String mode = run.path("pricing_mode").asText();
        out.printf(
                "RUN %s  %d sessions · %s · %s in · %s out · %d tool calls · %d errors%n",
                SessionCommand.clean(run.path("run_id").asText()),
                run.path("session_count").asLong(),
                Format.cost(run.path("total_cost_usd").asDouble(), mode),
                Format.tokens(run.path("input_tokens").asLong()),
                Format.tokens(run.path("output_tokens").asLong()),
                run.path("tool_call_count").asLong(),
                run.path("error_count").asLong());
        java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
        for (JsonNode s : body.path("sessions")) byId.put(s.path("session_id").asText(), s);
        for (JsonNode n : body.path("tree")) node(out, n, byId, 0, mode);
    }

    private static void node(
            PrintStream out, JsonNode n, java.util.Map<String, JsonNode> byId, int depth, String mode) {
        JsonNode s = byId.get(n.path("session_id").asText());
        out.printf(
                "  %s%-38s %-16s %-9s %10s%n",
                "  ".repeat(depth) + (depth == 0 ? "" : "└ "),
                SessionCommand.clean(n.path("session_id").asText()),
                s == null ? "-" : SessionCommand.clip(s.path("label").asText("-"), 16),
                s == null ? "-" : s.path("tier").asText(),
                s == null ? "-" : Format.cost(s.path("total_cost_usd").asDouble(), mode));
        for (JsonNode c : n.path("children")) node(out, c, byId, depth + 1, mode);
    }
}
