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
        // the roots TjProcess's isolated config points catch-up at (the test's own HOME)
        Path userHome = home.resolve("user-home");
        Path projects = userHome.resolve(".claude/projects");
        long day = Instant.now().minus(Duration.ofDays(1)).toEpochMilli();
        ClaudeCodeCorpus.write(projects, new ClaudeCodeCorpus.Options(1L << 20, 2, day, 1, 1));
        CodexCorpus.write(userHome.resolve(".codex"), 3, 4, day, 1);
        // written during that day: quiet for longer than the settle period
        FileTime anHourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (Stream<Path> files = Files.walk(userHome)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.setLastModifiedTime(f, anHourAgo);
        }
        JsonNode cc =
                JSON.readTree(ClaudeCodeCorpus.expectedJson(projects).toFile()).path("total");
        JsonNode cx =
                JSON.readTree(userHome.resolve(".codex/expected.json").toFile()).path("total");

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

            JsonNode totals =
                    JSON.readTree(d.get("/api/v1/cost?since=all").body()).path("totals");
            assertThat(List.of(
                            totals.path("input_tokens").asLong(),
                            totals.path("output_tokens").asLong(),
                            totals.path("cache_read_tokens").asLong(),
                            totals.path("cache_write_tokens").asLong()))
                    .isEqualTo(List.of(
                            cc.path("input_tokens").asLong()
                                    + cx.path("input_tokens").asLong(),
                            cc.path("output_tokens").asLong()
                                    + cx.path("output_tokens").asLong(),
                            cc.path("cache_read_input_tokens").asLong()
                                    + cx.path("cache_read_tokens").asLong(),
                            cc.path("cache_creation_input_tokens").asLong()
                                    + cx.path("cache_write_tokens").asLong()));
            String metrics = d.get("/metrics").body();
            assertThat(metrics).contains("tj_catchup_enabled 1").contains("tj_catchup_pending_files 0");
        }
    }
}
