package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local-first forwarding with two real jars: a laptop's tj (its own DuckDB) forwards everything it
 * stores to a team tj on PostgreSQL ({@code TJ_TEST_PG_URL}, a schema of this test's own), which
 * knows each record's machine and person from the laptop's {@code [machine]}. The team server is down first (the outbox fills and survives a restart),
 * comes up (the outbox drains, exactly once), and then refuses the token (forwarding stops, the
 * outbox is kept and the reason shown in /api/v1/upstream, /metrics and tj doctor).
 */
class ForwardingIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int RECORDS = 150;

    @TempDir
    Path laptop;

    @TempDir
    Path team;

    @Test
    void theLaptopsStoreReachesTheTeamServerExactlyOnceThroughDowntimeRestartsAndARevokedToken() throws Exception {
        int teamPort = TjProcess.freePort();
        String token = "team-token-" + Long.toHexString(System.nanoTime());
        Files.writeString(
                team.resolve("team.toml"),
                "[security]\ningest_secret = \"" + token + "\"\n[catchup]\nenabled = false\n");
        Path laptopConfig = laptop.resolve("laptop.toml");
        Files.writeString(
                laptopConfig,
                "[upstream]\nurl = \"http://127.0.0.1:" + teamPort + "/\"\ntoken = \"" + token
                        + "\"\n\n[catchup]\nenabled = false\n\n[machine]\nname = \"laptop-7\"\nuser = \"dev@example.com\"\n");
        Map<String, String> laptopEnv = Map.of("TJ_CONFIG", laptopConfig.toString());
        Map<String, String> teamEnv =
                Map.of("TJ_CONFIG", team.resolve("team.toml").toString(), "TJ_STORAGE_URL", TwoNodesIT.freshSchema());
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);

        try (TjProcess.Daemon l = TjProcess.Daemon.start(laptop, laptopEnv)) {
            for (String s : new String[] {"s-a", "s-b", "s-c"})
                assertThat(l.post("/v1/logs", l.secret(), CcLogs.apiRequests(s, "tty-" + s, RECORDS, start))
                                .statusCode())
                        .isEqualTo(200);
            JsonNode down = await(
                    l,
                    u -> u.path("state").asText().equals("retrying")
                            && u.path("pending_records").asLong() == 3 * RECORDS);
            assertThat(down.path("last_error").asText()).contains("unreachable");
            assertThat(l.get("/metrics").body()).contains("tj_upstream_pending_records " + (3 * RECORDS));
        }
        // days offline in a minute: a restart keeps the outbox
        try (TjProcess.Daemon l = TjProcess.Daemon.start(laptop, laptopEnv)) {
            await(l, u -> u.path("pending_records").asLong() == 3 * RECORDS);
            try (TjProcess.Daemon t = TjProcess.Daemon.startOn(team, teamEnv, teamPort)) {
                JsonNode sent = await(
                        l,
                        u -> u.path("pending_records").asLong() == 0
                                && u.path("state").asText().equals("idle"));
                assertThat(sent.path("last_success").isNull()).isFalse();
                assertThat(totals(t)).isEqualTo(totals(l));
                assertThat(totals(t).path("input_tokens").asLong()).isEqualTo(3L * RECORDS * (RECORDS + 1) / 2);
                // the team server knows whose and where from: tj team and cost by machine
                JsonNode teamView = JSON.readTree(TjProcess.run(team, teamEnv, "team", "--since", "all", "--json")
                        .out());
                assertThat(teamView.path("users")).hasSize(1);
                assertThat(teamView.path("users").get(0).path("user").asText()).isEqualTo("dev@example.com");
                assertThat(teamView.path("users").get(0).path("machines").toString())
                        .isEqualTo("[\"laptop-7\"]");
                assertThat(teamView.path("users").get(0).path("sessions").asLong())
                        .isEqualTo(3);
                assertThat(teamView.path("users").get(0).path("input_tokens").asLong())
                        .isEqualTo(3L * RECORDS * (RECORDS + 1) / 2);
                assertThat(TjProcess.run(team, teamEnv, "team", "--since", "all")
                                .out())
                        .contains("BY PERSON")
                        .contains("dev@example.com")
                        .contains("laptop-7");
                JsonNode byMachine = JSON.readTree(
                        TjProcess.run(team, teamEnv, "cost", "--since", "all", "--group-by", "machine", "--json")
                                .out());
                assertThat(byMachine.path("rows")).hasSize(1);
                assertThat(byMachine.path("rows").get(0).path("group").asText()).isEqualTo("laptop-7");

                // live while both run: goes at once; the same records sent again store nothing twice
                assertThat(l.post("/v1/logs", l.secret(), CcLogs.apiRequests("s-d", "tty-d", RECORDS, start))
                                .statusCode())
                        .isEqualTo(200);
                assertThat(l.post("/v1/logs", l.secret(), CcLogs.apiRequests("s-a", "tty-s-a", RECORDS, start))
                                .statusCode())
                        .isEqualTo(200);
                await(
                        l,
                        u -> u.path("pending_records").asLong() == 0
                                && u.path("sent_records").asLong() >= RECORDS);
                assertThat(totals(t)).isEqualTo(totals(l));
                assertThat(totals(t).path("input_tokens").asLong()).isEqualTo(4L * RECORDS * (RECORDS + 1) / 2);
                assertThat(t.get("/metrics").body()).doesNotContain(token);
            }
        }
        // the team server now takes another token: the laptop's is refused, forwarding stops, nothing is lost
        Files.writeString(
                team.resolve("team.toml"),
                "[security]\ningest_secret = \"another-token\"\n[catchup]\nenabled = false\n");
        try (TjProcess.Daemon t = TjProcess.Daemon.startOn(team, teamEnv, teamPort);
                TjProcess.Daemon l = TjProcess.Daemon.start(laptop, laptopEnv)) {
            assertThat(l.post("/v1/logs", l.secret(), CcLogs.apiRequests("s-e", "tty-e", RECORDS, start))
                            .statusCode())
                    .isEqualTo(200);
            JsonNode refused = await(l, u -> u.path("state").asText().equals("refused"));
            assertThat(refused.path("last_error").asText()).contains("401").doesNotContain(token);
            assertThat(refused.path("pending_records").asLong()).isEqualTo(RECORDS);
            assertThat(l.get("/metrics").body()).contains("tj_upstream_refused 1");
            var doctor = TjProcess.run(laptop, laptopEnv, "doctor");
            assertThat(doctor.out()).contains("upstream").contains("401");
            assertThat(doctor.exit()).isEqualTo(2);
            assertThat(totals(t).path("input_tokens").asLong()).isEqualTo(4L * RECORDS * (RECORDS + 1) / 2);
        }
    }

    private static JsonNode totals(TjProcess.Daemon d) throws Exception {
        return JSON.readTree(d.get("/api/v1/cost?since=all").body()).path("totals");
    }

    private static JsonNode await(TjProcess.Daemon d, Predicate<JsonNode> done) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode u = JSON.readTree(d.get("/api/v1/upstream").body());
        while (!done.test(u) && System.nanoTime() < end) {
            Thread.sleep(100);
            u = JSON.readTree(d.get("/api/v1/upstream").body());
        }
        assertThat(done.test(u)).as(u.toString()).isTrue();
        return u;
    }
}
