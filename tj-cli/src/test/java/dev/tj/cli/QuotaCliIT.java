package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.core.quota.QuotaSnapshot;
import dev.tj.core.quota.QuotaWindow;
import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.WriteBatch;
import dev.tj.storage.duckdb.DuckDbStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as a process: {@code tj quota} from the database alone, then the same through a daemon. */
class QuotaCliIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    static Span call(String id, String session, Instant end, long output, double cost) {
        return Span.builder()
                .spanId(id)
                .traceId("trace-" + session)
                .sessionId(session)
                .agentId("claude-code")
                .name("gen_ai.llm.call")
                .startTime(end.minusSeconds(2))
                .endTime(end)
                .model("claude-sonnet-4-5")
                .usage(new Usage(0, output, 0, 0, 0))
                .costUsd(cost)
                .build();
    }

    static QuotaSnapshot snap(Instant at, double five, Instant reset) {
        return new QuotaSnapshot(
                at,
                "s-a",
                "p-1",
                "claude-sonnet-4-5",
                0.5,
                20.0,
                List.of(new QuotaWindow(QuotaWindow.FIVE_HOUR, five, reset)),
                null,
                "laptop",
                "ann");
    }

    @Test
    void quotaFromTheDatabaseThenThroughTheDaemon() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant t = now.minus(Duration.ofMinutes(30)), reset = now.plus(Duration.ofHours(3));
        try (DuckDbStorage db = DuckDbStorage.open(home.resolve("telemetry.duckdb"))) {
            db.ingestStore()
                    .commit(new WriteBatch(
                            List.of(
                                    call("c1", "s-a", t.plusSeconds(60), 3_000, 0.3),
                                    call("c2", "s-b", t.plusSeconds(90), 1_000, 0.1)),
                            List.of(),
                            List.of()));
            assertThat(db.quota().add(snap(t, 5, reset))).isTrue();
            assertThat(db.quota().add(snap(t.plusSeconds(600), 13, reset))).isTrue();
        }
        Map<String, String> env = Map.of();
        var offline = TjProcess.run(home, env, "quota", "--json");
        assertThat(offline.exit()).as(offline.err()).isZero();
        JsonNode q = JSON.readTree(offline.out());
        assertThat(q.get("windows").get(0).get("used_percentage").asDouble()).isEqualTo(13);
        JsonNode sessions = q.get("attribution").get("sessions");
        assertThat(sessions.get(0).get("session_id").asText()).isEqualTo("s-a");
        assertThat(sessions.get(0).get("points").asDouble()).isCloseTo(6, within(0.01));
        assertThat(sessions.get(1).get("points").asDouble()).isCloseTo(2, within(0.01));

        var text = TjProcess.run(home, env, "quota");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out())
                .contains("five_hour")
                .contains("13.0%")
                .contains("s-a")
                .contains("6.0%");

        var bad = TjProcess.run(home, env, "quota", "--since", "whenever");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).startsWith("tj: ").doesNotContain("Exception");

        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, env)) {
            var online = TjProcess.run(home, env, "quota", "--json");
            assertThat(online.exit()).as(online.err()).isZero();
            JsonNode o = JSON.readTree(online.out());
            assertThat(o.get("attribution").get("sessions")).isEqualTo(sessions);
            assertThat(o.get("windows").get(0).get("used_percentage").asDouble())
                    .isEqualTo(13);
        }
    }

    @Test
    void withoutSnapshotsItSaysHowToGetThem() throws Exception {
        var r = TjProcess.run(home, Map.of(), "quota");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("tj statusline");
    }
}
