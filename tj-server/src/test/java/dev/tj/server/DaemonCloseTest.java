package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.storage.Storage;
import dev.tj.storage.duckdb.DuckDbStorage;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** close() is graceful: stop accepting, apply every answered record to storage, close storage. */
class DaemonCloseTest {
    @TempDir
    Path dir;

    @Test
    void closeLetsAnInFlightIngestFinishAndItsRecordsSurvive() throws Exception {
        OverloadTest.GatedStorage[] gate = new OverloadTest.GatedStorage[1];
        TestServer server =
                TestServer.start(dir, c -> c, Clock.systemUTC(), s -> OverloadTest.GatedStorage.wrap(s, gate));
        Thread closer;
        try {
            gate[0].closeGate();
            Instant t = Instant.now().minus(1, ChronoUnit.MINUTES);
            String body = OtlpJson.logs(
                    OtlpJson.resource("claude-code", null, "tty-close"),
                    List.of(
                            OtlpJson.apiRequest("s-close", 1, t, "p", 3, 4, 0, 0, 0.01, 10),
                            OtlpJson.apiRequest("s-close", 2, t.plusSeconds(1), "p", 3, 4, 0, 0, 0.01, 10)));
            // answered once in the journal, while storage is still held back
            HttpResponse<String> r = server.send(server.request("/v1/logs")
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TestServer.SECRET)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(r).get("ingested").asInt()).isEqualTo(2);
            assertThat(gate[0].commitEntered.await(30, TimeUnit.SECONDS)).isTrue();

            int port = server.daemon.httpPort();
            closer = new Thread(server.daemon::close, "closer");
            closer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean refused = false;
            while (!refused && System.nanoTime() < deadline) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    Thread.sleep(20);
                } catch (ConnectException e) {
                    refused = true;
                }
            }
            assertThat(refused).as("no new connections once closing").isTrue();
            assertThat(closer.isAlive())
                    .as("close waits for the answered records to reach storage")
                    .isTrue();

            gate[0].openGate();
            closer.join(30_000);
            assertThat(closer.isAlive()).isFalse();
        } finally {
            server.close(); // idempotent
        }
        try (Storage reopened = DuckDbStorage.open(dir.resolve("test.duckdb"))) {
            var s = reopened.sessions().session("s-close");
            assertThat(s).isPresent();
            assertThat(s.get().spanCount()).isEqualTo(2);
            assertThat(s.get().usage().input()).isEqualTo(6);
        }
    }
}
