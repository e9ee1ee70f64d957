package dev.tj.cli.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.testkit.ClaudeCodeCorpus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accounting contract, through the real shaded jar as a process: for generated corpora,
 * {@code tj backfill claude-code} + {@code tj cost --json} and {@code tj quickstart --json} give
 * totals by day, model, session and subagent EQUAL to the generator's expected.json; a second
 * backfill changes nothing; deleting the transcripts changes no total.
 */
class HistoryCliIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path JAR = Path.of("target", "tj.jar").toAbsolutePath();

    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {}

    Result tj(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-jar",
                JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Files.createDirectories(home);
        Path cfg = home.resolve("isolated.toml");
        if (!Files.exists(cfg))
            Files.writeString(cfg, "[api]\nport = " + freePort() + "\n"); // never a developer's daemon
        pb.environment().put("TJ_HOME", home.toString());
        pb.environment().put("HOME", home.resolve("user-home").toString());
        pb.environment().put("TJ_CONFIG", cfg.toString());
        pb.environment().remove("CLAUDE_CONFIG_DIR");
        Path out = home.resolve("out.txt"), err = home.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("tj " + String.join(" ", args) + " did not finish");
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** key -> [input, output, cache read, cache write] of an expected.json table. */
    static Map<String, List<Long>> expected(JsonNode e, String table) {
        Map<String, List<Long>> m = new TreeMap<>();
        e.get(table)
                .fields()
                .forEachRemaining(x -> m.put(
                        x.getKey(),
                        List.of(
                                x.getValue().get("input_tokens").asLong(),
                                x.getValue().get("output_tokens").asLong(),
                                x.getValue().get("cache_read_input_tokens").asLong(),
                                x.getValue().get("cache_creation_input_tokens").asLong())));
        return m;
    }

    static Map<String, List<Long>> rows(JsonNode rows, String key) {
        Map<String, List<Long>> m = new TreeMap<>();
        for (JsonNode r : rows) {
            m.put(
                    r.get(key).asText(),
                    List.of(
                            r.get("input_tokens").asLong(),
                            r.get("output_tokens").asLong(),
                            r.get("cache_read_tokens").asLong(),
                            r.get("cache_write_tokens").asLong()));
        }
        return m;
    }

    static Map<String, List<Long>> subagentRows(JsonNode rows) {
        Map<String, List<Long>> m = new TreeMap<>();
        for (JsonNode r : rows) {
            m.put(
                    r.get("session_id").asText() + "/" + r.get("sub_agent_id").asText(),
                    List.of(
                            r.get("input_tokens").asLong(),
                            r.get("output_tokens").asLong(),
                            r.get("cache_read_tokens").asLong(),
                            r.get("cache_write_tokens").asLong()));
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void backfillPlusCostAndQuickstartEqualGroundTruth(int seed) throws Exception {
        Path corpus = tmp.resolve("corpus");
        Path projects = corpus.resolve("projects");
        ClaudeCodeCorpus.write(projects, 16L << 20, seed);
        JsonNode e = JSON.readTree(corpus.resolve("expected.json").toFile());
        Path home = tmp.resolve("home");

        // quickstart: in memory, nothing written
        Result q = tj(home, "quickstart", "--root", projects.toString(), "--since", "all", "--json");
        assertThat(q.exit()).as(q.err()).isZero();
        JsonNode qs = JSON.readTree(q.out());
        assertThat(rows(qs.path("daily").path("rows"), "group")).isEqualTo(expected(e, "by_day"));
        assertThat(rows(qs.path("by_model").path("rows"), "group")).isEqualTo(expected(e, "by_model"));
        assertThat(rows(qs.path("by_session"), "session_id")).isEqualTo(expected(e, "by_session"));
        assertThat(subagentRows(qs.path("subagents").path("rows"))).isEqualTo(expected(e, "by_subagent"));
        assertThat(qs.path("written_to_disk").asBoolean()).isFalse();
        assertThat(Files.exists(home.resolve("telemetry.duckdb"))).isFalse();

        // blocks: every call in one 5-hour block, the blocks together equal to the ground truth
        Result bl = tj(home, "blocks", "--root", projects.toString(), "--json");
        assertThat(bl.exit()).as(bl.err()).isZero();
        long[] inBlocks = new long[5];
        for (JsonNode b : JSON.readTree(bl.out()).path("blocks")) {
            inBlocks[0] += b.path("input_tokens").asLong();
            inBlocks[1] += b.path("output_tokens").asLong();
            inBlocks[2] += b.path("cache_read_tokens").asLong();
            inBlocks[3] += b.path("cache_write_tokens").asLong();
            inBlocks[4] += b.path("entries").asLong();
        }
        JsonNode t = e.path("total");
        assertThat(inBlocks)
                .containsExactly(
                        t.path("input_tokens").asLong(),
                        t.path("output_tokens").asLong(),
                        t.path("cache_read_input_tokens").asLong(),
                        t.path("cache_creation_input_tokens").asLong(),
                        t.path("messages").asLong());
        assertThat(tj(home, "blocks", "--root", projects.toString()).out()).contains("BLOCK START");
        assertThat(tj(home, "blocks", "--root", projects.toString(), "--active").out())
                .contains("No block is running now.");

        // backfill into a fresh database, then cost over everything stored
        Result b = tj(home, "backfill", "claude-code", "--root", projects.toString(), "--json");
        assertThat(b.exit()).as(b.err()).isZero();
        JsonNode bf = JSON.readTree(b.out());
        assertThat(bf.path("calls").asLong())
                .isEqualTo(e.path("total").path("messages").asLong());
        assertThat(subagentRows(bf.path("subagents_read"))).isEqualTo(expected(e, "by_subagent"));
        Map<String, List<Long>> byDay = rows(costJson(home, "day").path("rows"), "group");
        assertThat(byDay).isEqualTo(expected(e, "by_day"));
        assertThat(rows(costJson(home, "model").path("rows"), "group")).isEqualTo(expected(e, "by_model"));
        assertThat(rows(costJson(home, "session").path("rows"), "group")).isEqualTo(expected(e, "by_session"));
        JsonNode totals = costJson(home, "day").path("totals");
        // every call backfilled here is this machine's, by its [machine] name (the host's by default)
        JsonNode byMachine = costJson(home, "machine");
        assertThat(byMachine.path("rows")).hasSize(1);
        assertThat(byMachine.path("rows").get(0).path("group").asText()).isNotEqualTo("unknown");
        assertThat(byMachine.path("totals")).isEqualTo(totals);
        assertThat(List.of(
                        totals.path("input_tokens").asLong(),
                        totals.path("output_tokens").asLong(),
                        totals.path("cache_read_tokens").asLong(),
                        totals.path("cache_write_tokens").asLong()))
                .isEqualTo(List.of(
                        e.path("total").path("input_tokens").asLong(),
                        e.path("total").path("output_tokens").asLong(),
                        e.path("total").path("cache_read_input_tokens").asLong(),
                        e.path("total").path("cache_creation_input_tokens").asLong()));
        // quickstart and cost price alike
        assertThat(totals.path("cost_usd").asDouble())
                .isCloseTo(
                        qs.path("daily").path("totals").path("cost_usd").asDouble(),
                        org.assertj.core.data.Offset.offset(1e-6));

        // idempotent: nothing read, nothing stored
        JsonNode again = JSON.readTree(tj(home, "backfill", "claude-code", "--root", projects.toString(), "--json")
                .out());
        assertThat(again.path("files_read").asInt()).isZero();
        assertThat(again.path("spans_stored").asInt()).isZero();

        // history survives the transcripts
        try (var w = Files.walk(projects)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(rows(costJson(home, "day").path("rows"), "group")).isEqualTo(byDay);
        assertThat(rows(costJson(home, "session").path("rows"), "group")).isEqualTo(expected(e, "by_session"));
    }

    JsonNode costJson(Path home, String groupBy) throws Exception {
        Result c = tj(home, "cost", "--since", "all", "--group-by", groupBy, "--json");
        assertThat(c.exit()).as(c.err()).isZero();
        return JSON.readTree(c.out());
    }
}
