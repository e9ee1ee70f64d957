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
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    static String assistant(String sid, String ts, String id, long in, long out, long read, long write) {
        return "{\"type\":\"assistant\",\"sessionId\":\"" + sid + "\",\"cwd\":\"/home/dev/app\",\"timestamp\":\"" + ts
                + "\",\"requestId\":\"req_" + id + "\",\"message\":{\"id\":\"" + id + "\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_" + id + "\",\"name\":\"Read\",\"input\":{}}],"
                + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":" + in + ",\"output_tokens\":" + out
                + ",\"cache_read_input_tokens\":" + read + ",\"cache_creation_input_tokens\":" + write + "}}}\n";
    }

    /** What tj backfill does while the daemon runs, over plain HTTP. */
    final class HttpSink implements BackfillSink {
        final String base;

        HttpSink(String base) { this.base = base; }

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
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/backfill/spans"))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(SpanWire.batch(spans, files))))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode n = JSON.readTree(r.body());
                return new Written(n.path("stored").asInt(), n.path("existing").asInt(), n.path("live_skipped").asInt(),
                        n.path("new_sessions").asInt(), 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        JsonNode get(String path) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
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
        Files.writeString(f, assistant("s1", "2026-01-01T10:00:00Z", "msg_1", 10, 100, 1000, 50)
                + assistant("s1", "2026-01-02T10:00:00Z", "msg_2", 20, 200, 2000, 60), StandardCharsets.UTF_8);
        TjConfig d = TjConfig.defaults(dir);
        TjConfig config = d.withApi(new TjConfig.Api("127.0.0.1", 0, 0, false, ""));
        DuckDbStorage storage = DuckDbStorage.open(dir.resolve("t.duckdb"));
        try (Daemon daemon = Daemon.start(config, storage, Pricing.packaged(), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + daemon.httpPort();
            HttpSink sink = new HttpSink(base);
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
            var svc = new BackfillService(sink, Pricing.packaged()::quote, later);
            var opts = new BackfillService.Options(List.of(root), null, false, 1);
            var r = svc.claudeCode(opts, new Progress());
            assertThat(r.spansStored()).isEqualTo(4); // 2 calls + 2 tools
            assertThat(sink.sourceFiles()).containsKey(f.toString());
            assertThat(svc.claudeCode(opts, new Progress()).filesRead()).isZero();

            JsonNode cost = sink.get("/api/v1/cost?since=all&group_by=day");
            assertThat(cost.path("rows")).hasSize(2);
            assertThat(cost.path("rows").get(0).path("group").asText()).isEqualTo("2026-01-01");
            assertThat(cost.path("totals").path("input_tokens").asLong()).isEqualTo(30);
            assertThat(cost.path("totals").path("output_tokens").asLong()).isEqualTo(300);
            assertThat(cost.path("totals").path("cache_read_tokens").asLong()).isEqualTo(3000);
            assertThat(cost.path("totals").path("cache_write_tokens").asLong()).isEqualTo(110);
            assertThat(cost.path("total_cache_tokens").asLong()).isEqualTo(3000);
            assertThat(cost.has("framing")).isTrue();
            var direct = new CostService(storage, config).report(
                    CostQueries.parse("all", null, "day", null, null, Instant.now()));
            assertThat(cost.path("totals").path("cost_usd").asDouble())
                    .isCloseTo(direct.totals().costUsd(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(sink.get("/api/v1/cost?since=all&group_by=project").path("rows").get(0).path("group").asText())
                    .isEqualTo("app");

            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/cost?group_by=planet")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
        }
    }
}
