package dev.tj.server.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.CostQueries;
import dev.tj.core.cost.CostService;
import dev.tj.core.history.BackfillService;
import dev.tj.core.history.BackfillSink;
import dev.tj.core.history.Progress;
import dev.tj.core.history.SpanWire;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import dev.tj.server.Daemon;
import dev.tj.storage.duckdb.DuckDbStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/cost and backfill through a running daemon, over real HTTP and a real DuckDB file. */
class CostModuleTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    static String assistant(String sid, String ts, String id, long in, long out, long read, long write) {
        return "{\"type\":\"assistant\",\"sessionId\":\"" + sid + "\",\"cwd\":\"/home/dev/app\",\"timestamp\":\"" + ts
                + "\",\"requestId\":\"req_" + id + "\",\"message\":{\"id\":\"" + id
                + "\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_" + id + "\",\"name\":\"Read\",\"input\":{}}],"
                + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out
                + ",\"cache_read_input_tokens\":" + read + ",\"cache_creation_input_tokens\":" + write + "}}}\n";
    }

    /** What tj backfill does while the daemon runs, over plain HTTP. */
    final class HttpSink implements BackfillSink {
        final String base;

        HttpSink(String base) {
            this.base = base;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map<String, SourceFile> sourceFiles() {
            Map<String, SourceFile> out = new LinkedHashMap<>();
            for (JsonNode f : get("/api/v1/backfill/source-files").path("files")) {
                SourceFile sf = SpanWire.file(JSON.convertValue(f, Map.class));
                out.put(sf.path(), sf);
            }
            return out;
        }

        @Override
        public Written write(List<Span> spans, List<SourceFile> files) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/backfill/spans"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        JSON.writeValueAsString(SpanWire.batch(spans, files))))
                                .header("Content-Type", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode n = JSON.readTree(r.body());
                return new Written(
                        n.path("stored").asInt(),
                        n.path("existing").asInt(),
                        n.path("live_skipped").asInt(),
                        n.path("new_sessions").asInt(),
                        0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        JsonNode get(String path) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                return JSON.readTree(r.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void backfillThroughTheDaemonAndCostOverHttpAgreeWithTheCostService() throws Exception {
        Path root = dir.resolve("projects");
        Path f = root.resolve("-home-dev-app").resolve("s1.jsonl");
        Files.createDirectories(f.getParent());
        Files.writeString(
                f,
                assistant("s1", "2026-01-01T10:00:00Z", "msg_1", 10, 100, 1000, 50)
                        + assistant("s1", "2026-01-02T10:00:00Z", "msg_2", 20, 200, 2000, 60),
                StandardCharsets.UTF_8);
        TjConfig d = TjConfig.defaults(dir);
        TjConfig config = d.withApi(new TjConfig.Api("127.0.0.1", 0, 0, false, ""));
        DuckDbStorage storage = DuckDbStorage.open(dir.resolve("t.duckdb"));
        try (Daemon daemon = Daemon.start(config, storage, Pricing.packaged(), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + daemon.httpPort();
            HttpSink sink = new HttpSink(base);
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
            var svc = new BackfillService(sink, Pricing.packaged(), later);
            var opts = new BackfillService.Options(List.of(root), null, false, 1);
            var r = svc.claudeCode(opts, new Progress()).result();
            assertThat(r.spansStored()).isEqualTo(4); // 2 calls + 2 tools
            assertThat(sink.sourceFiles()).containsKey(f.toString());
            assertThat(svc.claudeCode(opts, new Progress()).result().filesRead())
                    .isZero();

            JsonNode cost = sink.get("/api/v1/cost?since=all&group_by=day");
            assertThat(cost.path("rows")).hasSize(2);
            assertThat(cost.path("rows").get(0).path("group").asText()).isEqualTo("2026-01-01");
            assertThat(cost.path("totals").path("input_tokens").asLong()).isEqualTo(30);
            assertThat(cost.path("totals").path("output_tokens").asLong()).isEqualTo(300);
            assertThat(cost.path("totals").path("cache_read_tokens").asLong()).isEqualTo(3000);
            assertThat(cost.path("totals").path("cache_write_tokens").asLong()).isEqualTo(110);
            assertThat(cost.path("total_cache_tokens").asLong()).isEqualTo(3000);
            assertThat(cost.has("framing")).isTrue();
            var direct = new CostService(storage, config)
                    .report(CostQueries.parse("all", null, "day", null, null, Instant.now()));
            assertThat(cost.path("totals").path("cost_usd").asDouble())
                    .isCloseTo(direct.totals().costUsd(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(sink.get("/api/v1/cost?since=all&group_by=project")
                            .path("rows")
                            .get(0)
                            .path("group")
                            .asText())
                    .isEqualTo("app");

            HttpResponse<String> bad = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/cost?group_by=planet"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
        }
    }

    /** Claude Code's api_request log events for the same responses the transcript holds. */
    static String otlpApiRequests(String sid, boolean withRequestIds, int firstMsg, long[][] calls, String[] times) {
        StringBuilder b = new StringBuilder("{\"resourceLogs\":[{\"resource\":{\"attributes\":["
                + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"claude-code\"}}]},"
                + "\"scopeLogs\":[{\"scope\":{\"name\":\"com.anthropic.claude_code.events\"},\"logRecords\":[");
        for (int i = 0; i < calls.length; i++) {
            Instant t = Instant.parse(times[i]);
            long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            if (i > 0) b.append(',');
            b.append("{\"timeUnixNano\":\"")
                    .append(nanos)
                    .append("\",\"body\":{\"stringValue\":\"claude_code.api_request\"},\"attributes\":[")
                    .append(kv("session.id", sid))
                    .append(',')
                    .append(kv("event.name", "api_request"))
                    .append(',')
                    .append("{\"key\":\"event.sequence\",\"value\":{\"intValue\":\"")
                    .append(i + 1)
                    .append("\"}},")
                    .append(kv("model", "claude-sonnet-4-5-20250929"))
                    .append(',')
                    .append(kv("input_tokens", Long.toString(calls[i][0])))
                    .append(',')
                    .append(kv("output_tokens", Long.toString(calls[i][1])))
                    .append(',')
                    .append(kv("cache_read_tokens", Long.toString(calls[i][2])))
                    .append(',')
                    .append(kv("cache_creation_tokens", Long.toString(calls[i][3])))
                    .append(',');
            if (withRequestIds)
                b.append(kv("request_id", "req_msg_" + (firstMsg + i))).append(',');
            b.append(kv("duration_ms", "1000")).append("]}");
        }
        return b.append("]}]}]}").toString();
    }

    static String kv(String k, String v) {
        return "{\"key\":\"" + k + "\",\"value\":{\"stringValue\":\"" + v + "\"}}";
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void theSameWorkByOtlpAndByBackfillCountsOnce(boolean withRequestIds) throws Exception {
        // the daemon ran from the 2nd response on; the transcript has all three
        long[][] calls = {{10, 100, 1000, 50}, {20, 200, 2000, 60}, {30, 300, 3000, 70}};
        String[] times = {"2026-01-01T10:00:00Z", "2026-01-01T10:05:00Z", "2026-01-01T10:10:00Z"};
        Path root = dir.resolve("projects");
        Path f = root.resolve("-home-dev-app").resolve("s9.jsonl");
        Files.createDirectories(f.getParent());
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < 3; i++)
            t.append(assistant("s9", times[i], "msg_" + (i + 1), calls[i][0], calls[i][1], calls[i][2], calls[i][3]));
        Files.writeString(f, t, StandardCharsets.UTF_8);
        TjConfig config = TjConfig.defaults(dir).withApi(new TjConfig.Api("127.0.0.1", 0, 0, false, ""));
        DuckDbStorage storage = DuckDbStorage.open(dir.resolve("t.duckdb"));
        try (Daemon daemon = Daemon.start(config, storage, Pricing.packaged(), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + daemon.httpPort();
            String live = otlpApiRequests(
                    "s9", withRequestIds, 2, new long[][] {calls[1], calls[2]}, new String[] {times[1], times[2]});
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/logs"))
                            .POST(HttpRequest.BodyPublishers.ofString(live))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            HttpSink sink = new HttpSink(base);
            var svc =
                    new BackfillService(sink, Pricing.packaged(), Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
            var res = svc.claudeCode(new BackfillService.Options(List.of(root), null, false, 1), new Progress())
                    .result();
            assertThat(res.spansLiveSkipped()).isEqualTo(4); // msg_2, msg_3 and their tool spans: the daemon saw them
            var session = storage.sessions().session("s9").orElseThrow();
            assertThat(List.of(
                            session.usage().input(),
                            session.usage().output(),
                            session.usage().cacheRead(),
                            session.usage().cacheWrite()))
                    .containsExactly(60L, 600L, 6000L, 180L); // each response once, whichever path brought it
            // and the cost report agrees
            JsonNode cost = sink.get("/api/v1/cost?since=all&group_by=session");
            assertThat(cost.path("rows").get(0).path("output_tokens").asLong()).isEqualTo(600);
        }
    }
}
