package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.testkit.ClaudeCodeCorpus;
import dev.tj.testkit.CodexCorpus;
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
 * The real jar's {@code tj serve} with catch-up on (the default): a day of Claude Code and Codex work
 * written while no daemon ran is stored after start, equal to the generators' ground truth.
 */
class CatchupIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void aDayMissedWhileTheDaemonWasDownIsStoredAfterServeStarts() throws Exception {
        Path projects = missedDay();
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            assertThat(d.awaitStdout("catch-up")).contains("catch-up    " + projects.toRealPath());
            JsonNode status = JSON.readTree(d.get("/api/v1/catchup").body());
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!status.path("state").asText().equals("watching") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = JSON.readTree(d.get("/api/v1/catchup").body());
            }
            assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("watching");
            assertThat(status.path("enabled").asBoolean()).isTrue();
            assertThat(status.path("pending_files").asInt()).isZero();

            assertThat(tokens(JSON.readTree(d.get("/api/v1/cost?since=all").body())))
                    .isEqualTo(groundTruth(projects));
            String metrics = d.get("/metrics").body();
            assertThat(metrics).contains("tj_catchup_enabled 1").contains("tj_catchup_pending_files 0");
        }
    }

    /** bin/tj's archive-making start: it waits for the catch-up's first pass, stores it, and exits. */
    @Test
    void serveCheckStartsCatchesUpAndStops() throws Exception {
        Path projects = missedDay();
        var check = TjProcess.run(home, Map.of(), "serve", "--check", "--port", "0", "--grpc-port", "0");
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out())
                .contains("tj serve --check: started (http 127.0.0.1:")
                .doesNotContain("still running");
        assertThat(check.err()).contains("shutting down");

        // no daemon any more: tj cost reads the database the check left, checkpointed
        var cost = TjProcess.run(home, Map.of(), "cost", "--since", "all", "--json");
        assertThat(cost.exit()).as(cost.err()).isZero();
        assertThat(tokens(JSON.readTree(cost.out()))).isEqualTo(groundTruth(projects));
    }

    /**
     * A day of Claude Code and Codex work in the roots TjProcess's isolated config points catch-up
     * at (the test's own HOME), quiet since: written during that day, longer ago than the settle
     * period. Returns the Claude Code projects root.
     */
    private Path missedDay() throws Exception {
        Path userHome = home.resolve("user-home");
        Path projects = userHome.resolve(".claude/projects");
        long day = Instant.now().minus(Duration.ofDays(1)).toEpochMilli();
        ClaudeCodeCorpus.write(projects, new ClaudeCodeCorpus.Options(1L << 20, 2, day, 1, 1));
        CodexCorpus.write(userHome.resolve(".codex"), 3, 4, day, 1);
        FileTime anHourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (Stream<Path> files = Files.walk(userHome)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.setLastModifiedTime(f, anHourAgo);
        }
        return projects;
    }

    /** input, output, cache read, cache write: the generators' ground truth for both agents together. */
    private List<Long> groundTruth(Path projects) throws Exception {
        JsonNode cc =
                JSON.readTree(ClaudeCodeCorpus.expectedJson(projects).toFile()).path("total");
        JsonNode cx = JSON.readTree(
                        home.resolve("user-home/.codex/expected.json").toFile())
                .path("total");
        return List.of(
                cc.path("input_tokens").asLong() + cx.path("input_tokens").asLong(),
                cc.path("output_tokens").asLong() + cx.path("output_tokens").asLong(),
                cc.path("cache_read_input_tokens").asLong()
                        + cx.path("cache_read_tokens").asLong(),
                cc.path("cache_creation_input_tokens").asLong()
                        + cx.path("cache_write_tokens").asLong());
    }

    private static List<Long> tokens(JsonNode cost) {
        JsonNode t = cost.path("totals");
        return List.of(
                t.path("input_tokens").asLong(),
                t.path("output_tokens").asLong(),
                t.path("cache_read_tokens").asLong(),
                t.path("cache_write_tokens").asLong());
    }
}
