package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code tj serve} processes on a real PostgreSQL of this test's own, under OTLP load, and
 * the database stopped at once (as a crash) mid-load, then started again. Meanwhile each node answers
 * from its journal until its backlog reaches {@code [ingest] queue_records}, then refuses with 503
 * and Retry-After, and says on /health that storage is unavailable; once PostgreSQL is back both
 * catch up: every acknowledged record is stored exactly once, no refused one is, nothing was set
 * aside, and both nodes read the same exact totals. A node started while the database is down
 * refuses to start, in words that say why.
 */
class PostgresRestartIT {
    static final int SESSIONS = 4;
    /** The backlog a node holds while PostgreSQL is away, kept small so the test reaches it. */
    static final int QUEUE_RECORDS = 2_000;

    @TempDir
    Path homeA;

    @TempDir
    Path homeB;

    @TempDir
    Path homeC;

    @Test
    void nodesAnswerFromTheirJournalsThenRefuseWithRetryAfterAndCatchUpWhenPostgresReturns() throws Exception {
        try (PgCluster pg = PgCluster.create()) {
            Map<String, String> env = Map.of("TJ_STORAGE_URL", pg.jdbcUrl());
            smallBacklog(homeA);
            smallBacklog(homeB);
            try (TjProcess.Daemon a = TjProcess.Daemon.start(homeA, env);
                    TjProcess.Daemon b = TjProcess.Daemon.start(homeB, env)) {
                List<TjProcess.Daemon> nodes = List.of(a, b);
                BlockLoad load = new BlockLoad("pgr-", SESSIONS, 20_000, k -> List.of(nodes.get(k % 2)));
                int ackedWhileDown, refusedWhileDown;
                try (load) {
                    load.start(4);
                    assertThat(BlockLoad.await(60, () -> load.acks.get() >= 40))
                            .as("acknowledgements before PostgreSQL stops")
                            .isTrue();
                    pg.stopImmediately();
                    int ackedAtStop = load.acks.get(), refusedAtStop = load.refusals.get();

                    // a node that starts now cannot migrate or learn its journal position: it says so and stops
                    TjProcess.Result c = TjProcess.run(
                            homeC,
                            env,
                            "serve",
                            "--port",
                            Integer.toString(TjProcess.freePort()),
                            "--grpc-port",
                            Integer.toString(TjProcess.freePort()));
                    assertThat(c.exit()).as(c.err()).isNotZero();
                    assertThat(c.err()).contains("cannot reach PostgreSQL").doesNotContain("\tat ");

                    for (TjProcess.Daemon node : nodes) {
                        assertThat(BlockLoad.await(60, () -> "unavailable".equals(health(node, "storage"))))
                                .as("/health of port %d tells of the outage", node.port)
                                .isTrue();
                    }
                    assertThat(BlockLoad.await(
                                    60,
                                    () -> load.acks.get() >= ackedAtStop + 40 && load.refusals.get() > refusedAtStop))
                            .as("answered from the journals, then refused once the backlog is full")
                            .isTrue();
                    ackedWhileDown = load.acks.get() - ackedAtStop;
                    refusedWhileDown = load.refusals.get() - refusedAtStop;

                    pg.start();
                    for (TjProcess.Daemon node : nodes) {
                        assertThat(BlockLoad.await(60, () -> "ok".equals(health(node, "storage"))))
                                .as("port %d reaches PostgreSQL again", node.port)
                                .isTrue();
                    }
                    int ackedAtRestart = load.acks.get();
                    assertThat(BlockLoad.await(60, () -> load.acks.get() >= ackedAtRestart + 40))
                            .as("acknowledgements after PostgreSQL is back")
                            .isTrue();
                }
                assertThat(load.unexpected).as("answers other than 200 and 503").isEmpty();
                assertThat(load.refusalsWithoutRetryAfter.get())
                        .as("503s without Retry-After")
                        .isZero();
                for (TjProcess.Daemon node : nodes) {
                    assertThat(BlockLoad.await(60, () -> BlockLoad.backlog(node) == 0))
                            .as("port %d applied its backlog", node.port)
                            .isTrue();
                    assertThat(BlockLoad.metric(node, "tj_ingest_records_quarantined_total"))
                            .as("records set aside by port %d", node.port)
                            .isZero();
                }
                int[] unanswered = load.verify(pg.jdbcUrl(), nodes);
                System.out.printf(
                        "PostgresRestartIT: %d requests acked (%d while PostgreSQL was down), %d refused with 503 "
                                + "(%d while down), %d unanswered (%d stored, %d not)%n",
                        load.acks.get(),
                        ackedWhileDown,
                        load.refusals.get(),
                        refusedWhileDown,
                        load.unanswered.get(),
                        unanswered[0],
                        unanswered[1]);
            }
        }
    }

    /** The usual isolated config with a small ingest backlog. */
    private static void smallBacklog(Path home) throws Exception {
        Path userHome = home.resolve("user-home");
        Files.writeString(
                home.resolve("isolated.toml"),
                "[api]\nport = " + TjProcess.ISOLATED_PORT + "\n\n[catchup]\nclaude_roots = [\""
                        + userHome.resolve(".claude/projects") + "\"]\ncodex_roots = [\""
                        + userHome.resolve(".codex/sessions") + "\"]\n\n[ingest]\nqueue_records = "
                        + QUEUE_RECORDS + "\nbatch_records = 200\n");
    }

    private static String health(TjProcess.Daemon node, String field) {
        try {
            JsonNode h = BlockLoad.JSON.readTree(node.get("/health").body());
            return h.path(field).asText();
        } catch (Exception e) {
            return "";
        }
    }
}
