package dev.tj.bench.clients;

import static dev.tj.bench.clients.ScriptedModelApi.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares what a running tj reports for one real client's session with the usage the scripted model
 * API returned (the truth file), and prints the verdict of every stage as one table.
 *
 * <pre>
 * check  --client claude-code --truth T.jsonl --tj http://127.0.0.1:P --stage live --results R.jsonl
 *        [--backfill-json B.json] [--expect-calls-within 60] [--timeline yes] [--table NAME]
 *        [--rate-limits L.jsonl [--statusline PANE.txt]]   (a subscription session: see QuotaCheck)
 * report --results R.jsonl     (exit 1 when any asserted row of any stage differs)
 * </pre>
 * A stage is one way the same work reached tj: "live" (OTLP while the client ran), "backfill" (its
 * transcripts into a fresh tj) and "live+backfill" (the transcripts into the tj that has the live data:
 * everything must be counted once). Live telemetry arrives after the client exits, so a check waits
 * until tj has seen as many API calls as the truth holds and two reads agree, or until the time is up;
 * the comparison itself is exact.
 */
public final class CompatCheck {
    /** Rows compared with the truth, in table order. */
    private static final List<String> ASSERTED = List.of(
            "sessions",
            "session_id",
            "api_calls",
            "input",
            "output",
            "cache_read",
            "cache_write",
            "cache_write_5m",
            "cache_write_1h",
            "cost endpoint in/out/read/write",
            "tool_calls",
            "errors",
            "timeline",
            "backfill: calls read",
            QuotaCheck.FIVE_HOUR,
            QuotaCheck.FIVE_HOUR_RESET,
            QuotaCheck.SEVEN_DAY,
            QuotaCheck.SESSION_SHARE,
            QuotaCheck.SUBAGENT_SHARE,
            QuotaCheck.DETAIL_SHARE,
            QuotaCheck.STATUSLINE);
    /** Rows that must agree across stages, with no truth of their own. */
    private static final List<String> SAME_ON_EVERY_PATH = List.of("agent_id", "cost_usd");

    public static void main(String[] args) throws Exception {
        if (args.length == 0) usage();
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        Map<String, String> a = Args.parse(rest);
        int exit = switch (args[0]) {
            case "check" -> check(a);
            case "report" -> report(Path.of(a.get("results")));
            default -> {
                usage();
                yield 2;
            }
        };
        System.exit(exit);
    }

    private static void usage() {
        System.err.println(
                "usage: CompatCheck check --client C --truth T --tj URL --stage S --results R | report --results R");
        System.exit(2);
    }

    static int check(Map<String, String> a) throws Exception {
        String client = a.get("client"), stage = a.get("stage");
        List<ApiCall> truth = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(a.get("truth")))) {
            if (line.isBlank()) continue;
            ApiCall c = ApiCall.fromJson(JSON.readTree(line));
            if (c.client().equals(client)) truth.add(c);
        }
        TjApi tj = new TjApi(a.get("tj"));
        TjApi.Snapshot got = settle(tj, truth.size(), Long.parseLong(a.getOrDefault("expect-calls-within", "60")));
        Map<String, String[]> rows = compare(truth, got);
        if (a.containsKey("backfill-json"))
            rows.put("backfill: calls read", backfillCalls(truth, Path.of(a.get("backfill-json"))));
        if (a.containsKey("timeline")) rows.put("timeline", timeline(client, tj, got));
        if (a.containsKey("rate-limits")) {
            Set<String> sessions = new TreeSet<>();
            for (JsonNode s : got.sessions()) sessions.add(s.path("session_id").asText());
            rows.putAll(QuotaCheck.rows(
                    tj,
                    Path.of(a.get("rate-limits")),
                    sessions,
                    a.containsKey("statusline") ? Path.of(a.get("statusline")) : null));
        }
        String table = a.getOrDefault("table", client);
        Path results = Path.of(a.get("results"));
        for (var e : rows.entrySet()) {
            ObjectNode n = JSON.createObjectNode()
                    .put("client", table)
                    .put("stage", stage)
                    .put("metric", e.getKey())
                    .put("expected", e.getValue()[0])
                    .put("got", e.getValue()[1]);
            append(results, JSON.writeValueAsString(n));
        }
        System.out.printf(
                "%s %s: tj ingest %s; stored span names %s%n", client, stage, tj.ingestCounters(), got.spanNames());
        return 0;
    }

    /**
     * The calls {@code tj backfill --json} says it read: a backfill that silently read nothing would leave
     * the live+backfill totals unchanged too, so the stage must show the transcripts were really read.
     */
    private static String[] backfillCalls(List<ApiCall> truth, Path json) throws IOException {
        String expected = Long.toString(
                truth.stream().filter(c -> !c.thread().equals("side")).count());
        JsonNode r;
        try {
            r = JSON.readTree(Files.readString(json));
        } catch (IOException e) {
            return new String[] {expected, "unreadable backfill output"};
        }
        if (r == null || !r.has("calls"))
            return new String[] {expected, "backfill said " + (r == null ? "nothing" : r.toString())};
        System.out.printf(
                "backfill: %d call(s) read, %d span(s) stored, %d already stored, %d seen live, errors %s%n",
                r.path("calls").asLong(),
                r.path("spans_stored").asLong(),
                r.path("spans_existing").asLong(),
                r.path("spans_live_skipped").asLong(),
                r.path("errors"));
        return new String[] {expected, r.path("calls").asText()};
    }

    /**
     * The drill-in Timeline of the client's session, from its transcript or rollout: Claude Code's
     * {@code Agent} call must carry the subagent's own story with its Bash step nested in it; Codex's
     * command that exits 3 must be a step with an error.
     */
    static String[] timeline(String client, TjApi tj, TjApi.Snapshot got) throws IOException, InterruptedException {
        boolean claude = client.equals("claude-code");
        String expected = claude ? "Agent > subagent steps with Bash" : "a step with a failed command";
        List<String> seen = new ArrayList<>();
        for (JsonNode s : got.sessions()) {
            JsonNode story = tj.story(s.path("session_id").asText());
            if (!story.path("available").asBoolean()) {
                seen.add("no story (" + story.path("reason").asText() + ")");
                continue;
            }
            for (JsonNode step : story.path("steps")) {
                if (claude) {
                    // one subagent is "subagent", several are "subagents"
                    List<JsonNode> subs = new ArrayList<>();
                    if (step.has("subagent")) subs.add(step.get("subagent"));
                    step.path("subagents").forEach(subs::add);
                    for (JsonNode sub : subs) {
                        boolean bash = false;
                        for (JsonNode inner : sub.path("steps"))
                            for (JsonNode t : inner.path("tools"))
                                bash |= t.path("name").asText().equals("Bash");
                        if (bash) return new String[] {expected, expected};
                        seen.add("subagent " + sub.path("status").asText() + " with "
                                + sub.path("steps").size() + " step(s), no Bash");
                    }
                } else if (step.path("is_error").asBoolean()) return new String[] {expected, expected};
            }
            seen.add(story.path("steps").size() + " step(s)");
        }
        return new String[] {expected, seen.isEmpty() ? "no session" : String.join("; ", seen)};
    }

    /** Reads until tj holds the expected number of API calls and two reads agree, or the time is up. */
    private static TjApi.Snapshot settle(TjApi tj, int calls, long seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        TjApi.Snapshot last = null;
        while (true) {
            TjApi.Snapshot now = tj.snapshot();
            boolean enough = now.sum("llm_call_count") >= calls;
            if (enough && last != null && sameTotals(last, now)) return now;
            if (System.nanoTime() > deadline) return now;
            last = now;
            Thread.sleep(enough ? 1000 : 500);
        }
    }

    private static boolean sameTotals(TjApi.Snapshot a, TjApi.Snapshot b) {
        for (String f : List.of(
                "llm_call_count",
                "input_tokens",
                "output_tokens",
                "cache_read_tokens",
                "cache_write_tokens",
                "tool_call_count",
                "error_count",
                "span_count")) {
            if (a.sum(f) != b.sum(f)) return false;
        }
        return a.sessions().size() == b.sessions().size();
    }

    /** metric → {expected, got}; expected is null for rows that only have to agree across stages. */
    static Map<String, String[]> compare(List<ApiCall> truth, TjApi.Snapshot got) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        Set<String> ids = new TreeSet<>();
        for (ApiCall c : truth) if (c.session() != null && !c.thread().equals("side")) ids.add(c.session());
        Set<String> gotIds = new TreeSet<>();
        for (JsonNode s : got.sessions()) gotIds.add(s.path("session_id").asText());
        rows.put("sessions", pair(Math.max(1, ids.size()), got.sessions().size()));
        rows.put(
                "session_id",
                new String[] {ids.isEmpty() ? "(not in headers)" : String.join(",", ids), String.join(",", gotIds)});
        if (ids.isEmpty()) rows.get("session_id")[0] = rows.get("session_id")[1]; // nothing to compare with
        rows.put("api_calls", pair(truth.size(), got.sum("llm_call_count")));
        rows.put("input", pair(sum(truth, ApiCall::input), got.sum("input_tokens")));
        rows.put("output", pair(sum(truth, ApiCall::output), got.sum("output_tokens")));
        rows.put("cache_read", pair(sum(truth, ApiCall::cacheRead), got.sum("cache_read_tokens")));
        rows.put("cache_write", pair(sum(truth, ApiCall::cacheWrite), got.sum("cache_write_tokens")));
        rows.put("cache_write_5m", pair(sum(truth, ApiCall::cacheWrite5m), got.sum("cache_write_5m_tokens")));
        rows.put("cache_write_1h", pair(sum(truth, ApiCall::cacheWrite1h), got.sum("cache_write_1h_tokens")));
        JsonNode t = got.costTotals();
        rows.put("cost endpoint in/out/read/write", new String[] {
            sum(truth, ApiCall::input) + "/" + sum(truth, ApiCall::output) + "/" + sum(truth, ApiCall::cacheRead) + "/"
                    + sum(truth, ApiCall::cacheWrite),
            t.path("input_tokens").asLong() + "/" + t.path("output_tokens").asLong() + "/"
                    + t.path("cache_read_tokens").asLong() + "/"
                    + t.path("cache_write_tokens").asLong()
        });
        rows.put("tool_calls", pair(truth.stream().mapToLong(ApiCall::toolCalls).sum(), got.sum("tool_call_count")));
        rows.put("errors", pair(truth.stream().mapToLong(ApiCall::failingCalls).sum(), got.sum("error_count")));
        rows.put("agent_id", new String[] {null, got.distinct("agent_id")});
        rows.put("cost_usd", new String[] {null, String.format(Locale.ROOT, "%.6f", got.cost())});
        return rows;
    }

    private static long sum(List<ApiCall> calls, Function<ApiCall, Long> f) {
        long n = 0;
        for (ApiCall c : calls) n += f.apply(c);
        return n;
    }

    private static String[] pair(long expected, long got) {
        return new String[] {Long.toString(expected), Long.toString(got)};
    }

    static int report(Path results) throws IOException {
        Map<String, Map<String, Map<String, JsonNode>>> byClient =
                new LinkedHashMap<>(); // client → metric → stage → row
        Map<String, Set<String>> stages = new LinkedHashMap<>();
        for (String line : Files.readAllLines(results)) {
            if (line.isBlank()) continue;
            JsonNode r = JSON.readTree(line);
            String client = r.path("client").asText(), stage = r.path("stage").asText();
            stages.computeIfAbsent(client, k -> new LinkedHashSet<>()).add(stage);
            byClient.computeIfAbsent(client, k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.path("metric").asText(), k -> new LinkedHashMap<>())
                    .put(stage, r);
        }
        boolean allPass = true;
        for (var ce : byClient.entrySet()) {
            String client = ce.getKey();
            List<String> cols = new ArrayList<>(stages.get(client));
            Map<String, Boolean> stagePass = new LinkedHashMap<>();
            cols.forEach(s -> stagePass.put(s, true));
            List<String[]> table = new ArrayList<>();
            List<String> header = new ArrayList<>(List.of("metric", "expected"));
            header.addAll(cols);
            table.add(header.toArray(String[]::new));
            for (String metric : ASSERTED) {
                Map<String, JsonNode> row = ce.getValue().get(metric);
                if (row == null) continue;
                List<String> cells = new ArrayList<>(List.of(
                        metric, row.values().iterator().next().path("expected").asText()));
                for (String s : cols) {
                    JsonNode r = row.get(s);
                    if (r == null) {
                        cells.add("-");
                        continue;
                    }
                    boolean ok = Objects.equals(
                            r.path("expected").asText(), r.path("got").asText());
                    if (!ok) stagePass.put(s, false);
                    cells.add(r.path("got").asText() + (ok ? "  ok" : "  MISMATCH"));
                }
                table.add(cells.toArray(String[]::new));
            }
            for (String metric : SAME_ON_EVERY_PATH) {
                Map<String, JsonNode> row = ce.getValue().get(metric);
                if (row == null) continue;
                Set<String> values = new LinkedHashSet<>();
                row.values().forEach(r -> values.add(r.path("got").asText()));
                boolean same = values.size() == 1;
                List<String> cells = new ArrayList<>(List.of(metric, "same on every path"));
                for (String s : cols) {
                    JsonNode r = row.get(s);
                    cells.add(r == null ? "-" : r.path("got").asText() + (same ? "  ok" : "  DIFFERS"));
                    if (!same && r != null) stagePass.put(s, false);
                }
                table.add(cells.toArray(String[]::new));
            }
            List<String> verdict = new ArrayList<>(List.of("RESULT", ""));
            for (String s : cols) verdict.add(stagePass.get(s) ? "PASS" : "FAIL");
            table.add(verdict.toArray(String[]::new));
            if (stagePass.containsValue(false)) allPass = false;
            System.out.println();
            System.out.println("== " + client + " ==");
            print(table);
        }
        System.out.println();
        System.out.println(allPass ? "ALL PASS" : "FAILED: see MISMATCH / DIFFERS above");
        return allPass ? 0 : 1;
    }

    private static void print(List<String[]> table) {
        int cols = table.get(0).length;
        int[] width = new int[cols];
        for (String[] r : table) for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : table) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) sb.append(String.format("%-" + (width[i] + 2) + "s", r[i]));
            System.out.println(sb.toString().stripTrailing());
        }
    }

    private static void append(Path file, String line) throws IOException {
        try (Writer w = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(line);
            w.write('\n');
        }
    }
}
