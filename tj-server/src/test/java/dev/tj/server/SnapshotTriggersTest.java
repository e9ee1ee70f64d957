package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.snapshot.SnapshotProducer;
import dev.tj.core.storage.MethodSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Method snapshots are kept, through the daemon's single writer into the real DuckDB file, when a
 * session is closed, when it has gone stale and when it is backfilled; with a test producer standing
 * in for the story builder.
 */
class SnapshotTriggersTest {
    @TempDir
    Path dir;

    TestServer server;
    final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        SnapshotProducer producer = sessionId -> {
            asked.add(sessionId);
            return List.of(new SnapshotProducer.Payload(
                    MethodSnapshot.STORY, "{\"steps\":[],\"session\":\"" + sessionId + "\"}", 10L, null));
        };
        server = TestServer.start(dir.resolve("tj"), c -> c, Clock.systemUTC(), s -> s, producer);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    MethodSnapshot story(String sessionId) throws InterruptedException {
        assertThat(server.daemon.context().snapshots().awaitIdle(Duration.ofSeconds(30)))
                .isTrue();
        return server.daemon
                .context()
                .storage()
                .snapshots()
                .snapshot(sessionId, MethodSnapshot.STORY)
                .orElse(null);
    }

    void ingest(String session, Instant t) {
        server.ingestLogs(OtlpJson.logs(
                OtlpJson.resource("claude-code", "proj", "tty-" + session),
                List.of(OtlpJson.apiRequest(session, 1, t, "p1", 10, 20, 0, 0, 0.01, 100))));
    }

    @Test
    void closingASessionKeepsItsSnapshot() throws InterruptedException {
        Instant t = Instant.now().minus(1, ChronoUnit.MINUTES);
        ingest("s-close", t);
        ingest("s-open", t);
        assertThat(story("s-close")).isNull();
        assertThat(server.closeSessions("{\"session_id\":\"s-close\"}")
                        .get("closed")
                        .asInt())
                .isEqualTo(1);
        MethodSnapshot kept = story("s-close");
        assertThat(kept).isNotNull();
        assertThat(kept.payload()).isEqualTo("{\"steps\":[],\"session\":\"s-close\"}");
        assertThat(kept.sourceSize()).isEqualTo(10L);
        assertThat(story("s-open")).isNull();
        assertThat(asked).doesNotContain("s-open");
    }

    @Test
    void aSessionThatWentStaleIsKeptByTheSweep() throws InterruptedException {
        ingest("s-stale", Instant.now().minus(5, ChronoUnit.HOURS)); // past the default 4 h idle window
        ingest("s-recent", Instant.now().minus(1, ChronoUnit.MINUTES));
        assertThat(server.daemon.context().writer().awaitApplied(Duration.ofSeconds(30)))
                .isTrue();
        assertThat(server.daemon.context().snapshots().sweepStale()).isEqualTo(1);
        assertThat(story("s-stale")).isNotNull();
        assertThat(story("s-recent")).isNull();
    }

    @Test
    void aBackfilledSessionIsKept() throws Exception {
        DaemonBackfill.claudeCode(server, SessionRollupApiTest.writeTranscripts(dir.resolve("projects")));
        MethodSnapshot kept = story(SessionRollupApiTest.SID);
        assertThat(kept).isNotNull();
        assertThat(kept.payload()).contains(SessionRollupApiTest.SID);
    }
}
