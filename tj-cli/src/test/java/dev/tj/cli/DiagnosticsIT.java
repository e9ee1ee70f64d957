package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.core.diagnostic.EfficiencyTier;
import dev.tj.testkit.ClaudeCodeCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar's {@code tj context}, {@code tj tokenmaxx}, {@code tj quota-audit} and bare {@code tj}:
 * over transcripts read directly, and over what a running daemon stored, both equal to the corpus
 * generator's ground truth.
 */
class DiagnosticsIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    /** Two days ago, one day of Claude Code work in the test's own ~/.claude/projects, quiet for an hour. */
    private Path corpus(long seed) throws Exception {
        Path projects = home.resolve("user-home/.claude/projects");
        long start = Instant.now().minus(Duration.ofDays(2)).toEpochMilli();
        ClaudeCodeCorpus.write(projects, new ClaudeCodeCorpus.Options(1L << 20, seed, start, 1, 1));
        FileTime anHourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (Stream<Path> files = Files.walk(projects)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.setLastModifiedTime(f, anHourAgo);
        }
        return projects;
    }

    private static JsonNode json(TjProcess.Result r) throws Exception {
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    /** The context diagnostic's totals against expected.json: every call once, tokens by class. */
    private static void assertContextEqualsTruth(JsonNode c, JsonNode truth) {
        JsonNode t = truth.path("total");
        long in = t.path("input_tokens").asLong(),
                out = t.path("output_tokens").asLong(),
                read = t.path("cache_read_input_tokens").asLong(),
                write = t.path("cache_creation_input_tokens").asLong();
        assertThat(in + out + read + write).isPositive();
        assertThat(c.path("turns").asLong()).isEqualTo(t.path("messages").asLong());
        assertThat(c.path("sessions").asInt())
                .isEqualTo(truth.path("by_session").size());
        assertThat(c.path("total_new_input_tokens").asLong()).isEqualTo(in);
        assertThat(c.path("total_output_tokens").asLong()).isEqualTo(out);
        assertThat(c.path("total_reread_tokens").asLong()).isEqualTo(read);
        assertThat(c.path("total_cache_write_tokens").asLong()).isEqualTo(write);
        assertThat(c.path("total_tokens").asLong()).isEqualTo(in + out + read + write);
        assertThat(c.path("reread_share").asDouble())
                .isEqualTo(Math.round(read * 10000.0 / (in + out + read + write)) / 10000.0);
        long compacted = 0;
        for (JsonNode s : c.path("compact_candidates")) {
            assertThat(s.path("reread_tokens").asLong()).isGreaterThanOrEqualTo(200_000);
            assertThat(s.path("reread_share").asDouble()).isGreaterThanOrEqualTo(0.80);
            // a candidate's re-read is its session's cache reads in the ground truth
            JsonNode session =
                    truth.path("by_session").path(s.path("session_id").asText());
            assertThat(s.path("reread_tokens").asLong())
                    .isEqualTo(session.path("cache_read_input_tokens").asLong());
            compacted++;
        }
        assertThat(compacted).isLessThanOrEqualTo(10);
    }

    /** Opus tokens (all four classes) in the ground truth. */
    private static long opusTokens(JsonNode truth) {
        long sum = 0;
        var it = truth.path("by_model").fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getKey().contains("opus")) continue;
            JsonNode m = e.getValue();
            sum += m.path("input_tokens").asLong()
                    + m.path("output_tokens").asLong()
                    + m.path("cache_read_input_tokens").asLong()
                    + m.path("cache_creation_input_tokens").asLong();
        }
        return sum;
    }

    @Test
    void directFromTranscriptsEqualsGroundTruth() throws Exception {
        Path projects = corpus(5);
        JsonNode truth = JSON.readTree(ClaudeCodeCorpus.expectedJson(projects).toFile());

        // no daemon runs: the default roots (the test's ~/.claude/projects) are read in memory
        JsonNode c = json(TjProcess.run(home, Map.of(), "context", "--json"));
        assertThat(c.path("source").asText()).isEqualTo("transcripts");
        assertThat(c.path("window").asText()).isEqualTo("30d");
        assertContextEqualsTruth(c, truth);
        // transcripts carry tool inputs: the corpus's Read targets recur across sessions
        assertThat(c.path("tool_inputs_captured").asBoolean()).isTrue();
        assertThat(c.path("recurring")).isNotEmpty();
        for (JsonNode r : c.path("recurring")) {
            assertThat(r.path("sessions").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(r.path("occurrences").asInt())
                    .isGreaterThanOrEqualTo(r.path("sessions").asInt());
        }
        assertThat(c.path("notes")).isEmpty();
        assertThat(Files.exists(home.resolve("telemetry.duckdb"))).isFalse();
        assertContextEqualsTruth(
                json(TjProcess.run(
                        home, Map.of(), "context", "--root", projects.toString(), "--since", "all", "--json")),
                truth);

        JsonNode t = json(TjProcess.run(home, Map.of(), "tokenmaxx", "--weekly", "--json"));
        assertThat(t.path("window").asText()).isEqualTo("7d");
        assertThat(t.path("total_tokens").asLong())
                .isEqualTo(c.path("total_tokens").asLong());
        assertThat(t.path("tier").asText())
                .isEqualTo(EfficiencyTier.of(t.path("overhead_share").asDouble()).label);
        assertThat(t.path("overhead_share").asDouble())
                .isEqualTo(c.path("reread_share").asDouble());

        JsonNode a = json(TjProcess.run(home, Map.of(), "quota-audit", "--json"));
        assertThat(a.path("opus_tokens").asLong()).isEqualTo(opusTokens(truth));
        assertThat(a.path("unaudited_models")).isEmpty(); // every Opus the corpus uses has a Sonnet beside it
        assertThat(a.path("candidate_tokens").asLong())
                .isBetween(0L, a.path("opus_tokens").asLong());

        // an agent the transcripts are not: nothing, said plainly
        JsonNode codex = json(TjProcess.run(home, Map.of(), "context", "--agent", "codex", "--json"));
        assertThat(codex.path("turns").asInt()).isZero();
        assertThat(TjProcess.run(home, Map.of(), "context", "--agent", "codex").out())
                .contains("No LLM calls found");

        // the text forms
        assertThat(TjProcess.run(home, Map.of(), "context").out())
                .contains("Context composition · " + truth.path("by_session").size() + " sessions")
                .contains("Source: Claude Code transcripts on disk");
        assertThat(TjProcess.run(home, Map.of(), "tokenmaxx").out()).contains("You're a ");
        assertThat(TjProcess.run(home, Map.of(), "quota-audit").out()).contains("Opus quota audit");

        // the export lands under tj's home, and nowhere else
        JsonNode ex = json(TjProcess.run(home, Map.of(), "quota-audit", "--export-config", "claude-code", "--json"));
        Path file = Path.of(ex.path("path").asText());
        assertThat(file.getParent()).isEqualTo(home.resolve("exports"));
        assertThat(Files.readString(file))
                .contains("tj.routing_recommendations")
                .contains("tj changed no settings");
        assertThat(Files.exists(home.resolve("user-home/.claude/settings.json")))
                .isFalse();
    }

    @Test
    void badInputIsAMessageNotAStackTrace() throws Exception {
        TjProcess.Result bad = TjProcess.run(home, Map.of(), "context", "--since", "yesterday");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err())
                .contains("not a window")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        TjProcess.Result export = TjProcess.run(home, Map.of(), "quota-audit", "--export-config", "vscode");
        assertThat(export.exit()).isEqualTo(2);
        assertThat(export.err()).contains("claude-code only");

        // no history anywhere
        JsonNode none = json(TjProcess.run(home, Map.of(), "tokenmaxx", "--json"));
        assertThat(none.path("error").asText()).isEqualTo("no_claude_code_logs");
        assertThat(TjProcess.run(home, Map.of(), "context").out()).contains("No Claude Code history found");

        // an empty projects directory: zero turns
        Path empty = Files.createDirectories(home.resolve("empty"));
        JsonNode zero = json(TjProcess.run(home, Map.of(), "quota-audit", "--root", empty.toString(), "--json"));
        assertThat(zero.path("opus_sessions").asInt()).isZero();
        assertThat(TjProcess.run(home, Map.of(), "quota-audit", "--root", empty.toString())
                        .out())
                .contains("No Opus sessions found");

        // a transcript cut mid-line: the complete lines count, the torn one is skipped
        Path torn = Files.createDirectories(home.resolve("torn/proj"));
        String line = "{\"type\":\"assistant\",\"sessionId\":\"s-torn\",\"timestamp\":\""
                + Instant.now().minusSeconds(600)
                + "\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-opus-4-6\",\"content\":[],"
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":20,\"cache_read_input_tokens\":300,"
                + "\"cache_creation_input_tokens\":40}}}\n";
        Files.writeString(
                torn.resolve("s-torn.jsonl"),
                line + line.replace("msg_1", "msg_2").substring(0, 90));
        JsonNode t = json(TjProcess.run(
                home, Map.of(), "context", "--root", home.resolve("torn").toString(), "--json"));
        assertThat(t.path("turns").asInt()).isEqualTo(1);
        assertThat(t.path("total_tokens").asLong()).isEqualTo(370);
    }

    @Test
    void throughARunningDaemonAndTheHomeScreen() throws Exception {
        // not set up: no config file anywhere, no daemon
        JsonNode bare = json(TjProcess.run(home, Map.of("TJ_CONFIG", ""), "--json"));
        assertThat(bare.path("set_up").asBoolean()).isFalse();
        assertThat(bare.path("daemon").path("running").asBoolean()).isFalse();
        assertThat(bare.path("next").get(0).path("command").asText()).isEqualTo("tj quickstart");
        TjProcess.Result text = TjProcess.run(home, Map.of("TJ_CONFIG", "", "NO_COLOR", "1"));
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("Not set up yet").contains("tj onboard").doesNotContain("\u001b[");

        Path projects = corpus(6);
        JsonNode truth = JSON.readTree(ClaudeCodeCorpus.expectedJson(projects).toFile());
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            JsonNode status = JSON.readTree(d.get("/api/v1/catchup").body());
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!status.path("state").asText().equals("watching") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = JSON.readTree(d.get("/api/v1/catchup").body());
            }
            assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("watching");

            JsonNode c = json(TjProcess.run(home, Map.of(), "context", "--json"));
            assertThat(c.path("source").asText()).isEqualTo("daemon");
            assertContextEqualsTruth(c, truth);
            assertThat(c.path("tool_inputs_captured").asBoolean()).isFalse();
            assertThat(c.path("notes").get(0).asText()).contains("--root");
            // the same document as the transcripts give, but for where it came from and when
            JsonNode direct = json(TjProcess.run(home, Map.of(), "context", "--root", projects.toString(), "--json"));
            for (String k :
                    List.of("total_tokens", "reread_share", "work_share", "cache_miss_share", "compact_candidates"))
                assertThat(c.path(k)).as(k).isEqualTo(direct.path(k));

            JsonNode a = json(TjProcess.run(home, Map.of(), "quota-audit", "--json"));
            assertThat(a.path("source").asText()).isEqualTo("daemon");
            assertThat(a.path("opus_tokens").asLong()).isEqualTo(opusTokens(truth));
            JsonNode ad = json(TjProcess.run(home, Map.of(), "quota-audit", "--root", projects.toString(), "--json"));
            for (String k :
                    List.of("opus_sessions", "candidate_sessions", "candidate_tokens", "suggestions", "examples"))
                assertThat(a.path(k)).as(k).isEqualTo(ad.path(k));

            JsonNode t = json(TjProcess.run(home, Map.of(), "tokenmaxx", "--since", "all", "--json"));
            assertThat(t.path("source").asText()).isEqualTo("daemon");
            assertThat(t.path("total_tokens").asLong())
                    .isEqualTo(c.path("total_tokens").asLong());

            TjProcess.Result bad = TjProcess.run(home, Map.of(), "quota-audit", "--since", "0d");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("window must be positive");

            JsonNode up = json(TjProcess.run(home, Map.of(), "--json"));
            assertThat(up.path("set_up").asBoolean()).isTrue();
            assertThat(up.path("daemon").path("running").asBoolean()).isTrue();
            assertThat(up.path("daemon").path("dashboard_url").asText()).isEqualTo(d.base() + "/");
            assertThat(TjProcess.run(home, Map.of()).out())
                    .contains("Daemon:  running")
                    .contains("tj context")
                    .contains("tj status");
        }
    }
}
