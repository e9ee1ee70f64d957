package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code tj serve} processes on one real PostgreSQL ({@code TJ_TEST_PG_URL}, a schema of
 * this test's own) take OTLP for the same sessions, some records reaching both; one node's JVM is
 * killed with SIGKILL mid-load while the other keeps taking the load, then it restarts on the same
 * home and replays its journal into the shared database. Every acknowledged record is then stored
 * exactly once, requests cut off by the kill are stored whole or not at all, and both nodes read
 * the same exact totals.
 */
class NodeKillIT {
    static final int SESSIONS = 4;

    @TempDir
    Path homeA;

    @TempDir
    Path homeB;

    @Test
    void killingOneOfTwoNodesMidLoadLosesAndDoublesNothing() throws Exception {
        String url = System.getenv("TJ_TEST_PG_URL");
        assertThat(url)
                .as("TJ_TEST_PG_URL (bin/test starts a PostgreSQL and sets it)")
                .isNotBlank();
        String schema = "kill_" + Long.toUnsignedString(System.nanoTime(), 36);
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Map<String, String> env = Map.of("TJ_STORAGE_URL", schemaUrl);

        TjProcess.Daemon a = TjProcess.Daemon.start(homeA, env);
        TjProcess.Daemon b = TjProcess.Daemon.start(homeB, env);
        TjProcess.Daemon[] nodes = {a, b};
        AtomicBoolean aDead = new AtomicBoolean();
        try (b) {
            // block k goes to one node, every third one to both (the second copy is a duplicate);
            // once A is dead, everything goes to B
            BlockLoad load = new BlockLoad("kill-", SESSIONS, 4_000, k -> {
                if (aDead.get()) return List.of(b);
                TjProcess.Daemon first = nodes[k % 2], other = nodes[1 - k % 2];
                return k % 3 == 0 ? List.of(first, other) : List.of(first);
            });
            int ackedAtKill;
            try (load) {
                load.start(4);
                assertThat(BlockLoad.await(60, () -> load.acks.get() >= 80))
                        .as("acknowledgements before the kill")
                        .isTrue();
                assertThat(a.process.isAlive()).isTrue();
                a.kill9(); // SIGKILL to the JVM itself (TjProcess runs java, no wrapper)
                aDead.set(true);
                assertThat(a.process.isAlive()).isFalse();
                ackedAtKill = load.acks.get();
                assertThat(BlockLoad.await(60, () -> load.acks.get() >= ackedAtKill + 60))
                        .as("B keeps acknowledging after A died")
                        .isTrue();
            }
            assertThat(load.unexpected).isEmpty();

            // A again, on the same home: its journal replays what it acknowledged and had not applied
            try (TjProcess.Daemon again = TjProcess.Daemon.start(homeA, env)) {
                for (TjProcess.Daemon node : List.of(again, b)) {
                    assertThat(BlockLoad.await(60, () -> BlockLoad.backlog(node) == 0))
                            .as("node on port %d applied its backlog", node.port)
                            .isTrue();
                }
                int[] unanswered = load.verify(schemaUrl, List.of(again, b));
                String replay = java.nio.file.Files.readString(homeA.resolve("serve.err"))
                        .lines()
                        .filter(l -> l.contains("replaying"))
                        .findFirst()
                        .orElse("A replayed nothing (it had applied all it acknowledged)");
                System.out.printf(
                        "NodeKillIT: %s%nNodeKillIT: %d blocks acknowledged (%d requests acked, %d before the kill), "
                                + "%d requests unanswered (%d of those blocks stored, %d not), %d refused%n",
                        replay,
                        load.acked(),
                        load.acks.get(),
                        ackedAtKill,
                        load.unanswered.get(),
                        unanswered[0],
                        unanswered[1],
                        load.refusals.get());
            }
        } finally {
            if (a.process.isAlive()) a.kill9();
        }
    }
}
