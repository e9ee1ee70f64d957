package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code tj serve} processes (two homes, two journals) on one real PostgreSQL
 * ({@code TJ_TEST_PG_URL}, a schema of this test's own) take OTLP for the same sessions at the same
 * time, each record reaching one node or both: every session's totals are the sum of its distinct
 * records, read alike from either node.
 */
class TwoNodesIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int SESSIONS = 6;
    static final int RECORDS = 40;

    @TempDir
    Path homeA;

    @TempDir
    Path homeB;

    /** A storage URL on the PostgreSQL {@code bin/test} started, in a new schema of the caller's own. */
    static String freshSchema() throws java.sql.SQLException {
        String url = System.getenv("TJ_TEST_PG_URL");
        assertThat(url)
                .as("TJ_TEST_PG_URL (bin/test starts a PostgreSQL and sets it)")
                .isNotBlank();
        String schema = "it_" + Long.toUnsignedString(System.nanoTime(), 36);
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Test
    void twoDaemonsOnOneDatabaseAddUpTheSameSessionsExactly() throws Exception {
        Map<String, String> env = Map.of("TJ_STORAGE_URL", freshSchema());
        Instant start = Instant.now().minusSeconds(600);
        try (TjProcess.Daemon a = TjProcess.Daemon.start(homeA, env);
                TjProcess.Daemon b = TjProcess.Daemon.start(homeB, env)) {
            assertThat(a.awaitStdout("catch-up")).contains("database    postgresql://");
            String sa = a.secret(), sb = b.secret();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> posts = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    String session = "two-" + i;
                    // all records to one node, the first half (again) to the other, at the same time
                    TjProcess.Daemon whole = i % 2 == 0 ? a : b, half = i % 2 == 0 ? b : a;
                    String wholeSecret = whole == a ? sa : sb, halfSecret = half == a ? sa : sb;
                    posts.add(pool.submit(() -> whole.post(
                                    "/v1/logs", wholeSecret, CcLogs.apiRequests(session, "tty", RECORDS, start))
                            .statusCode()));
                    posts.add(pool.submit(() -> half.post(
                                    "/v1/logs", halfSecret, CcLogs.apiRequests(session, "tty", RECORDS / 2, start))
                            .statusCode()));
                }
                for (Future<Integer> f : posts)
                    assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
        } // SIGTERM: each node drains what it acknowledged into the database
        long input = (long) RECORDS * (RECORDS + 1) / 2;
        try (TjProcess.Daemon a = TjProcess.Daemon.start(homeA, env);
                TjProcess.Daemon b = TjProcess.Daemon.start(homeB, env)) {
            for (TjProcess.Daemon node : List.of(a, b)) {
                for (int i = 0; i < SESSIONS; i++) {
                    var r = node.get("/api/v1/sessions/two-" + i);
                    assertThat(r.statusCode()).isEqualTo(200);
                    JsonNode s = JSON.readTree(r.body()).path("session");
                    assertThat(s.path("span_count").asLong())
                            .as("spans of two-%d", i)
                            .isEqualTo(RECORDS);
                    assertThat(s.path("input_tokens").asLong())
                            .as("input of two-%d", i)
                            .isEqualTo(input);
                }
            }
        }
    }
}
