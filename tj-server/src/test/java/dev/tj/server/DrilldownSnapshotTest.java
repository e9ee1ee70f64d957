package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.config.TjConfig;
import dev.tj.testkit.DrilldownCorpus;
import dev.tj.testkit.DrilldownTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A closed session keeps its story: with the transcript deleted, every drill-in view answers from the snapshot. */
class DrilldownSnapshotTest {
    @TempDir
    Path dir;

    TestServer server;
    DrilldownTruth truth;
    Path projects;

    @BeforeEach
    void start() throws Exception {
        projects = dir.resolve("projects");
        truth = DrilldownCorpus.write(projects, dir.resolve("codex"));
        server = TestServer.start(
                dir.resolve("tj"),
                c -> c.withSessions(new TjConfig.Sessions(Duration.ofMinutes(240), projects, dir.resolve("codex"))),
                Clock.systemUTC(),
                s -> s,
                null); // the daemon's own producer: the drill-in's story
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyViewFallsBackToTheSnapshotOnceTheTranscriptIsGone() throws Exception {
        String id = truth.sessionId();
        server.ingestLogs(OtlpJson.logs(
                OtlpJson.resource("claude-code", "proj", "tty-1"),
                List.of(OtlpJson.apiRequest(id, 1, Instant.now(), "p1", 10, 20, 0, 0, 0.01, 100))));
        JsonNode live = TestServer.json(server.get("/api/v1/sessions/" + id + "/story"));
        assertThat(live.get("from_snapshot").asBoolean()).isFalse();
        server.closeSessions("{\"session_id\":\"" + id + "\"}");
        assertThat(server.daemon.context().snapshots().awaitIdle(Duration.ofSeconds(30)))
                .isTrue();

        Path folder = projects.resolve(truth.projectDir());
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(folder).doesNotExist();

        JsonNode story = TestServer.json(server.get("/api/v1/sessions/" + id + "/story"));
        assertThat(story.get("available").asBoolean()).isTrue();
        assertThat(story.get("from_snapshot").asBoolean()).isTrue();
        assertThat(story.get("step_count").asInt()).isEqualTo(truth.mainSteps());
        assertThat(story.get("task").asText()).isEqualTo(truth.task());
        assertThat(story.get("steps").get(6).get("subagent").get("agent_id").asText())
                .isEqualTo("a1000000000000001");
        JsonNode approach = TestServer.json(server.get("/api/v1/sessions/" + id + "/approach"));
        assertThat(approach.get("from_snapshot").asBoolean()).isTrue();
        assertThat(approach.get("spine")).hasSize(truth.mainSteps());
        JsonNode map = TestServer.json(server.get("/api/v1/sessions/" + id + "/sessionmap"));
        assertThat(map.get("from_snapshot").asBoolean()).isTrue();
        assertThat(map.get("events")).hasSize(truth.toolEventTimes().size());
    }
}
