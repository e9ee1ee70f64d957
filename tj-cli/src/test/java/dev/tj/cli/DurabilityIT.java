package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2xx means durable: kill -9 the real daemon mid-ingest, restart it, and find every acked record. */
class DurabilityIT {
    static final int RECORDS = 50;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void everyAcknowledgedRecordSurvivesKillDashNine() throws Exception {
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Instant start = Instant.now().minusSeconds(600);
        CountDownLatch enoughAcks = new CountDownLatch(150);
        List<Thread> loaders = new ArrayList<>();
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            String secret = d.secret();
            for (int t = 0; t < 4; t++) {
                Thread th = new Thread(() -> {
                    while (!stop.get()) {
                        String session = "durable-" + next.getAndIncrement();
                        try {
                            var r = d.post("/v1/logs", secret, CcLogs.apiRequests(session, "tty-d", RECORDS, start));
                            if (r.statusCode() == 200) {
                                acked.add(session);
                                enoughAcks.countDown();
                            }
                        } catch (Exception e) {
                            // the daemon died under us: that request was never acknowledged
                        }
                    }
                });
                th.start();
                loaders.add(th);
            }
            enoughAcks.await();
            d.kill9(); // while the loaders are still sending
            stop.set(true);
            for (Thread th : loaders) th.join();
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(150);

        try (TjProcess.Daemon again = TjProcess.Daemon.start(home, Map.of())) {
            long expectedInput = (long) RECORDS * (RECORDS + 1) / 2;
            for (String session : acked) {
                var r = again.get("/api/v1/sessions/" + session);
                assertThat(r.statusCode())
                        .as("session %s was acknowledged", session)
                        .isEqualTo(200);
                JsonNode s = JSON.readTree(r.body()).path("session");
                assertThat(s.path("span_count").asLong())
                        .as("spans of %s", session)
                        .isEqualTo(RECORDS);
                assertThat(s.path("input_tokens").asLong()).isEqualTo(expectedInput);
            }
        }
    }

    @Test
    void sigtermDrainsAndCheckpointsSoTheNextStartReplaysNothing() throws Exception {
        String session = "graceful-1";
        TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of());
        assertThat(d.post(
                                "/v1/logs",
                                d.secret(),
                                CcLogs.apiRequests(
                                        session, "tty-g", 20, Instant.now().minusSeconds(60)))
                        .statusCode())
                .isEqualTo(200);
        d.close();
        assertThat(d.process.exitValue()).isIn(0, 143);
        assertThat(Files.readString(home.resolve("serve.err"))).contains("shutting down");
        assertThat(Files.exists(home.resolve("telemetry.duckdb.wal")))
                .as("WAL folded into the database")
                .isFalse();
        assertThat(Files.exists(home.resolve("server.json"))).isFalse();
        try (TjProcess.Daemon again = TjProcess.Daemon.start(home, Map.of())) {
            JsonNode s = JSON.readTree(again.get("/api/v1/sessions/" + session).body())
                    .path("session");
            assertThat(s.path("span_count").asLong()).isEqualTo(20);
        }
    }
}
