package dev.tj.server;

import static dev.tj.testkit.StatuslinePayloads.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.quota.QuotaSnapshot;
import dev.tj.core.quota.QuotaWindow;
import dev.tj.core.quota.SpendLimit;
import dev.tj.core.span.Machine;
import dev.tj.core.storage.QuotaSnapshots;
import dev.tj.testkit.MutableClock;
import dev.tj.testkit.StatuslinePayloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/statusline} on a real daemon over DuckDB with its clock at the payloads' time:
 * the line for each payload variant, the snapshot kept for each (none for an API-key user), the
 * ingest secret, and JSON it cannot read refused with nothing kept.
 */
class StatuslineApiTest {
    static final String PATH = "/api/v1/statusline";
    static final Instant AT = Instant.ofEpochSecond(NOW);

    @TempDir
    Path dir;

    TestServer server;
    MutableClock clock = new MutableClock(AT);

    @BeforeEach
    void start() {
        server = TestServer.start(dir, c -> c.withMachine(new Machine("box", "ann")), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    QuotaSnapshots quota() {
        return server.daemon.context().storage().quota();
    }

    List<QuotaSnapshot> kept() {
        return quota().between(Instant.EPOCH, Instant.ofEpochSecond(NOW * 2), null);
    }

    /**
     * The snapshots once the last one posted is kept: they are written after the answer, in
     * arrival order, so everything posted before it has been dealt with by then.
     */
    List<QuotaSnapshot> keptOnce(Instant lastAt) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<QuotaSnapshot> k = kept();
            if (!k.isEmpty() && k.get(k.size() - 1).at().equals(lastAt)) return k;
            Thread.sleep(50);
        }
        throw new AssertionError("no snapshot at " + lastAt + " kept: " + kept());
    }

    /** Posts a Max payload at this time as a marker, and waits for it to be kept. */
    List<QuotaSnapshot> keptWithMarker(Instant markerAt) throws InterruptedException {
        clock.set(markerAt);
        assertThat(server.postJson(PATH, StatuslinePayloads.MAX).statusCode()).isEqualTo(200);
        return keptOnce(markerAt);
    }

    @Test
    void eachVariantAnswersItsLineAsPlainText() {
        for (Map.Entry<String, String> e : StatuslinePayloads.expectedLines().entrySet()) {
            var r = server.postJson(PATH, e.getKey());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(r.body()).isEqualTo(e.getValue());
        }
    }

    @Test
    void snapshotsAreKeptAtTheDaemonsClockForPlansAndGatewaysOnly() throws Exception {
        server.postJson(PATH, StatuslinePayloads.API);

        clock.set(AT.plusSeconds(1));
        server.postJson(PATH, StatuslinePayloads.MAX);
        clock.set(AT.plusSeconds(2));
        server.postJson(PATH, StatuslinePayloads.GATEWAY);

        List<QuotaSnapshot> kept = keptOnce(AT.plusSeconds(2));
        assertThat(kept).hasSize(2);
        QuotaSnapshot max = kept.get(0);
        assertThat(max.at()).isEqualTo(AT.plusSeconds(1));
        assertThat(max.sessionId()).isEqualTo("5f0c9a8e-1d2b-4c3a-9e8f-7a6b5c4d3e2f");
        assertThat(max.promptId()).isEqualTo("p-0042");
        assertThat(max.model()).isEqualTo("claude-opus-4-1-20250805");
        assertThat(max.sessionCostUsd()).isEqualTo(3.2049);
        assertThat(max.contextUsedPercent()).isEqualTo(41.6);
        assertThat(max.machine()).isEqualTo("box");
        assertThat(max.user()).isEqualTo("ann");
        // seven_day_sonnet at 150 % is not a reading: dropped
        assertThat(max.windows())
                .containsExactly(
                        new QuotaWindow("five_hour", 80, AT.plusSeconds(3 * 3600)),
                        new QuotaWindow("seven_day", 13.6, AT.plusSeconds(4 * 86400 + 2 * 3600)),
                        new QuotaWindow("seven_day_opus", 20, AT.plusSeconds(86400)));
        assertThat(max.spend()).isNull();
        QuotaSnapshot gw = kept.get(1);
        assertThat(gw.windows()).isEmpty();
        assertThat(gw.spend()).isEqualTo(new SpendLimit(12.3, 50, "month"));
        assertThat(quota().latest("ann")).contains(gw);
    }

    @Test
    void aClockGoneBackStillAnswersTheLineAndKeepsTheSeriesForward() throws Exception {
        clock.set(AT.plusSeconds(60));
        server.postJson(PATH, StatuslinePayloads.PRO);
        clock.set(AT);
        var r = server.postJson(PATH, StatuslinePayloads.MAX);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(StatuslinePayloads.expectedLines().get(StatuslinePayloads.MAX));
        assertThat(keptWithMarker(AT.plusSeconds(120)))
                .extracting(QuotaSnapshot::at)
                .containsExactly(AT.plusSeconds(60), AT.plusSeconds(120));
    }

    @Test
    void withoutTheIngestSecretNothingIsAnsweredOrKept() throws Exception {
        byte[] body = StatuslinePayloads.MAX.getBytes(StandardCharsets.UTF_8);
        assertThat(server.post(PATH, "application/json", body).statusCode()).isEqualTo(401);
        assertThat(server.post(PATH, "application/json", body, "Authorization", "Bearer wrong")
                        .statusCode())
                .isEqualTo(401);
        assertThat(keptWithMarker(AT.plusSeconds(5)))
                .extracting(QuotaSnapshot::at)
                .containsExactly(AT.plusSeconds(5));
    }

    @Test
    void jsonItCannotReadIsA400AndKeepsNothing() throws Exception {
        String max = StatuslinePayloads.MAX;
        for (String bad :
                new String[] {"", "{", "not json", "[1,2]", "\"x\"", "null", max.substring(0, max.length() - 3)}) {
            var r = server.postJson(PATH, bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(keptWithMarker(AT.plusSeconds(5)))
                .extracting(QuotaSnapshot::at)
                .containsExactly(AT.plusSeconds(5));
    }

    @Test
    void aFailingStoreStillAnswersTheLine(@TempDir Path other) {
        try (TestServer failing = TestServer.start(other, c -> c, clock, FailingQuota::new)) {
            for (int i = 0; i < 2; i++) { // the second after the warning was said
                var r = failing.postJson(PATH, StatuslinePayloads.MAX);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body())
                        .isEqualTo(StatuslinePayloads.expectedLines().get(StatuslinePayloads.MAX));
            }
        }
    }

    /** A store whose snapshot writes fail (a full disk, PostgreSQL gone). */
    record FailingQuota(dev.tj.core.storage.Storage s) implements dev.tj.core.storage.Storage {
        @Override
        public QuotaSnapshots quota() {
            throw new IllegalStateException("the quota store is down");
        }

        @Override
        public dev.tj.core.storage.SpanIndex index() {
            return s.index();
        }

        @Override
        public dev.tj.core.storage.SessionReads sessions() {
            return s.sessions();
        }

        @Override
        public dev.tj.core.storage.StatusQueries status() {
            return s.status();
        }

        @Override
        public dev.tj.core.storage.CostReads costs() {
            return s.costs();
        }

        @Override
        public dev.tj.core.storage.SessionRollupReads rollups() {
            return s.rollups();
        }

        @Override
        public dev.tj.core.storage.RunReads runs() {
            return s.runs();
        }

        @Override
        public dev.tj.core.storage.SnapshotReads snapshots() {
            return s.snapshots();
        }

        @Override
        public dev.tj.core.storage.IngestTokens tokens() {
            return s.tokens();
        }

        @Override
        public dev.tj.core.storage.FinishedCalls finishedCalls() {
            return s.finishedCalls();
        }

        @Override
        public dev.tj.core.storage.IngestStore ingestStore() {
            return s.ingestStore();
        }

        @Override
        public long journalPosition() {
            return s.journalPosition();
        }

        @Override
        public java.util.Optional<Path> journalDirectory() {
            return s.journalDirectory();
        }

        @Override
        public void close() {
            s.close();
        }
    }

    @Test
    void badValuesAreLeftOutOfTheLineAndTheSnapshot() throws Exception {
        String json = "{\"model\":{\"display_name\":\"Opus\"},\"context_window\":{\"used_percentage\":140},"
                + "\"rate_limits\":{\"five_hour\":{\"used_percentage\":-3},\"seven_day\":{\"used_percentage\":50,"
                + "\"resets_at\":\"tomorrow\"},\"spend_limit\":{\"used_usd\":-1,\"limit_usd\":50}}}";
        var r = server.postJson(PATH, json);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Opus · 7d 50%");
        QuotaSnapshot s = keptOnce(AT).get(0);
        assertThat(s.windows()).containsExactly(new QuotaWindow("seven_day", 50, null));
        assertThat(s.contextUsedPercent()).isNull();
        assertThat(s.spend()).isNull();
    }

    /** The Max payload with another five_hour reading. */
    static String maxAt(double fiveHour) {
        return StatuslinePayloads.MAX.replace(
                "\"five_hour\":{\"used_percentage\":80", "\"five_hour\":{\"used_percentage\":" + fiveHour);
    }

    @Test
    void onceItsCallsMovedTheWindowTheLineSaysTheSessionsShare() throws InterruptedException {
        String session = "5f0c9a8e-1d2b-4c3a-9e8f-7a6b5c4d3e2f"; // the payloads' session
        assertThat(StatuslinePayloads.MAX).contains(session);
        assertThat(server.postJson(PATH, maxAt(10)).body()).doesNotContain("this session");
        keptOnce(AT);
        server.ingestLogs(OtlpJson.logs(
                OtlpJson.resource("claude-code", null, null),
                List.of(OtlpJson.apiRequest(session, 1, AT.plusSeconds(30), "prompt-1", 0, 1_000, 0, 0, 0.05, 900))));
        clock.set(AT.plusSeconds(60));
        var second = server.postJson(PATH, maxAt(22));
        assertThat(second.statusCode()).isEqualTo(200);
        keptOnce(AT.plusSeconds(60));
        // worked out after the snapshot was kept, so a later refresh shows it
        String line = "";
        for (int i = 0; i < 200 && !line.contains("this session"); i++) {
            clock.set(AT.plusSeconds(61 + i));
            line = server.postJson(PATH, maxAt(22)).body();
            if (!line.contains("this session")) Thread.sleep(50);
        }
        assertThat(line).endsWith(" · this session 12.0% of 5h");
    }
}
