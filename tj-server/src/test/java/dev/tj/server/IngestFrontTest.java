package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tj.core.config.TjConfig;
import dev.tj.core.history.SpanWire;
import dev.tj.core.ingest.IngestAnswer;
import dev.tj.core.ingest.IngestFront;
import dev.tj.core.ingest.IngestMetrics;
import dev.tj.core.ingest.IngestResult;
import dev.tj.core.ingest.Refusal;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.SpanIndex;
import dev.tj.core.storage.Storage;
import dev.tj.server.ingest.HttpRefusals;
import dev.tj.storage.duckdb.DuckDbStorage;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP/HTTP (JSON and protobuf), OTLP/gRPC and backfill through the daemon share one accept path:
 * each refusal has the same meaning and the same words on every transport, and /metrics counts
 * every request under its transport.
 */
class IngestFrontTest {
    static final Instant T = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** What one refused request told its client, whatever the transport. */
    record Told(String transport, String kind, String message, Integer retryAfter) {}

    @Test
    void aFullQueueIsRefusedAlikeOnEveryTransport() throws Exception {
        OverloadTest.GatedStorage[] gate = new OverloadTest.GatedStorage[1];
        server = TestServer.start(
                dir, IngestFrontTest::tinyQueue, Clock.systemUTC(), s -> OverloadTest.GatedStorage.wrap(s, gate));
        gate[0].closeGate();
        // A is answered (journaled) while storage is held back; B waits behind it and fills the queue
        assertThat(server.postJson("/v1/logs", tenRecords("full-a")).statusCode())
                .isEqualTo(200);
        assertThat(gate[0].commitEntered.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<String>> b = server.http.sendAsync(
                server.request("/v1/logs")
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TestServer.SECRET)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(tenRecords("full-b")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.daemon.context().metrics().queuedRecords() < 20 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(server.daemon.context().metrics().queuedRecords()).isEqualTo(20);

        List<Told> told = everyTransport("full-c");
        gate[0].openGate();
        assertThat(b.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        assertThat(told).allSatisfy(t -> {
            assertThat(t.kind()).as(t.transport()).isIn("503", "UNAVAILABLE");
            assertThat(t.message()).as(t.transport()).isEqualTo("write queue full (20 records)");
            if (t.retryAfter() != null)
                assertThat(t.retryAfter()).as(t.transport()).isEqualTo(1);
        });
        assertThat(server.get("/api/v1/sessions/full-c").statusCode()).isEqualTo(404);
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("tj_ingest_overloaded_total{transport=\"http\"} 2");
        assertThat(metrics).contains("tj_ingest_overloaded_total{transport=\"grpc\"} 1");
        assertThat(metrics).contains("tj_ingest_overloaded_total{transport=\"backfill\"} 1");
    }

    @Test
    void aStorageFailureIsRefusedAlikeOnEveryTransportAndNothingIsStored() throws Exception {
        AtomicReference<RuntimeException> failing = new AtomicReference<>();
        server = TestServer.start(dir, c -> c, Clock.systemUTC(), s -> probesFailWith(s, failing));
        failing.set(new RuntimeException("disk on fire"));
        List<Told> told = everyTransport("broken");
        failing.set(null);

        assertThat(told).allSatisfy(t -> {
            assertThat(t.kind()).as(t.transport()).isIn("503", "UNAVAILABLE");
            assertThat(t.message())
                    .as(t.transport())
                    .isEqualTo("Storage write failed; nothing of this request was stored, retry later");
            if (t.retryAfter() != null)
                assertThat(t.retryAfter()).as(t.transport()).isEqualTo(5);
        });
        assertThat(server.get("/api/v1/sessions/broken").statusCode()).isEqualTo(404);
        assertThat(server.get("/metrics").body())
                .contains("tj_ingest_records_total{outcome=\"stored\",transport=\"http\"} 0")
                .contains("tj_ingest_records_total{outcome=\"stored\",transport=\"grpc\"} 0")
                .contains("tj_ingest_records_total{outcome=\"stored\",transport=\"backfill\"} 0")
                .contains("tj_ingest_requests_refused_total{transport=\"http\"} 2")
                .contains("tj_ingest_requests_refused_total{transport=\"grpc\"} 1")
                .contains("tj_ingest_requests_refused_total{transport=\"backfill\"} 1");
    }

    @Test
    void aClosedStoreIsRefusedAlikeOnEveryTransport() throws Exception {
        // the very failure a closed DuckDB store raises, taken from a real one
        Storage closed = DuckDbStorage.open(dir.resolve("closed.duckdb"));
        closed.close();
        RuntimeException closedSignal =
                assertThrows(RuntimeException.class, () -> closed.sessions().spanCount());
        AtomicReference<RuntimeException> failing = new AtomicReference<>();
        server = TestServer.start(dir, c -> c, Clock.systemUTC(), s -> probesFailWith(s, failing));
        failing.set(closedSignal);
        List<Told> told = everyTransport("closed");
        failing.set(null);

        assertThat(told).allSatisfy(t -> {
            assertThat(t.kind()).as(t.transport()).isIn("503", "UNAVAILABLE");
            assertThat(t.message())
                    .as(t.transport())
                    .isEqualTo(
                            "Storage is closed (tj is shutting down); nothing of this request was stored, retry later");
        });
    }

    @Test
    void malformedBodiesAre400OverHttpAndBackfill() {
        server = TestServer.start(dir);
        HttpResponse<String> json = server.postJson("/v1/logs", "{\"resourceLogs\": [");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(json).get("error").asText()).startsWith("invalid JSON");
        HttpResponse<byte[]> proto = server.postBytes(
                "/v1/logs",
                "application/x-protobuf",
                new byte[] {(byte) 0xff, 1, 2},
                "Authorization",
                "Bearer " + TestServer.SECRET);
        assertThat(proto.statusCode()).isEqualTo(400);
        assertThat(grpcStatus(proto.body()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        HttpResponse<String> backfill = server.postJson("/api/v1/backfill/spans", "{\"spans\": [");
        assertThat(backfill.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(backfill).get("error").asText()).startsWith("invalid JSON");
        HttpResponse<String> badBatch = server.postJson("/api/v1/backfill/spans", "{\"spans\": [42]}");
        assertThat(badBatch.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(badBatch).get("error").asText()).startsWith("invalid backfill batch");
        assertThat(server.get("/metrics").body())
                .contains("tj_ingest_requests_refused_total{transport=\"http\"} 2")
                .contains("tj_ingest_requests_refused_total{transport=\"backfill\"} 2");
    }

    @Test
    void metricsCountEveryRequestUnderItsTransport() throws Exception {
        server = TestServer.start(dir);
        assertThat(server.postJson("/v1/logs", tenRecords("m-http")).statusCode())
                .isEqualTo(200);
        grpc(logRecord("m-grpc", 1), logRecord("m-grpc", 2), logRecord("m-grpc", 3));
        HttpResponse<String> b = server.postJson("/api/v1/backfill/spans", backfillBatch("m-backfill", 4));
        assertThat(b.statusCode()).as(b.body()).isEqualTo(200);
        assertThat(TestServer.json(b).get("stored").asInt()).isEqualTo(4);
        // a refused secret counts as a refused request of its transport too
        assertThat(server.post(
                                "/v1/logs",
                                "application/json",
                                tenRecords("m-nosecret").getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(401);

        String metrics = server.get("/metrics").body();
        assertThat(metrics)
                .contains("tj_ingest_requests_total{transport=\"http\"} 2")
                .contains("tj_ingest_requests_total{transport=\"grpc\"} 1")
                .contains("tj_ingest_requests_total{transport=\"backfill\"} 1")
                .contains("tj_ingest_requests_refused_total{transport=\"http\"} 1")
                .contains("tj_ingest_requests_refused_total{transport=\"grpc\"} 0")
                .contains("tj_ingest_records_total{outcome=\"stored\",transport=\"http\"} 10")
                .contains("tj_ingest_records_total{outcome=\"stored\",transport=\"grpc\"} 3")
                .contains("tj_ingest_records_total{outcome=\"stored\",transport=\"backfill\"} 4");
        for (String transport : List.of("http", "grpc", "backfill")) {
            assertThat(sample(metrics, "tj_ingest_bytes_total{transport=\"" + transport + "\"}"))
                    .as(transport)
                    .isPositive();
        }
        // the writer is shared: its series carry no transport
        assertThat(metrics).contains("tj_ingest_queue_records 0");
    }

    @Test
    void whileClosingTheFrontRefusesBeforeDecoding() {
        server = TestServer.start(dir);
        IngestMetrics metrics = new IngestMetrics();
        IngestFront front = new IngestFront(
                server.daemon.context().pipeline(), metrics.forTransport("test"), () -> true, Runnable::run);
        IngestAnswer<IngestResult> answer = front.accept(10, "json", () -> {
                    throw new AssertionError("decoded while closing");
                })
                .join();
        assertThat(answer).isEqualTo(new IngestAnswer.Refused<IngestResult>(Refusal.CLOSING, 5, "tj is shutting down"));
        assertThat(HttpRefusals.status(Refusal.CLOSING)).isEqualTo(503);
        assertThat(metrics.forTransport("test").requests()).isEqualTo(1);
        assertThat(metrics.forTransport("test").requestsRefused()).isEqualTo(1);
        assertThat(metrics.forTransport("test").overloaded()).isZero();
    }

    // ------------------------------------------------------------------------------------------

    /** The same refusal provoked on every transport: HTTP JSON, HTTP protobuf, gRPC, backfill. */
    private List<Told> everyTransport(String session) throws Exception {
        List<Told> told = new ArrayList<>();
        HttpResponse<String> json = server.postJson("/v1/logs", tenRecords(session));
        told.add(new Told(
                "http json",
                String.valueOf(json.statusCode()),
                TestServer.json(json).get("error").asText(),
                json.headers().firstValue("Retry-After").map(Integer::parseInt).orElse(-1)));
        HttpResponse<byte[]> proto = server.postBytes(
                "/v1/logs",
                "application/x-protobuf",
                logsRequest(logRecord(session, 1)).toByteArray(),
                "Authorization",
                "Bearer " + TestServer.SECRET);
        com.google.rpc.Status st = grpcStatus(proto.body());
        assertThat(st.getCode()).isEqualTo(Status.Code.UNAVAILABLE.value());
        told.add(new Told(
                "http protobuf",
                String.valueOf(proto.statusCode()),
                st.getMessage(),
                proto.headers().firstValue("Retry-After").map(Integer::parseInt).orElse(-1)));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc(logRecord(session, 2)));
        told.add(new Told("grpc", e.getStatus().getCode().name(), e.getStatus().getDescription(), null));
        HttpResponse<String> backfill = server.postJson("/api/v1/backfill/spans", backfillBatch(session, 1));
        told.add(new Told(
                "backfill",
                String.valueOf(backfill.statusCode()),
                TestServer.json(backfill).get("error").asText(),
                backfill.headers()
                        .firstValue("Retry-After")
                        .map(Integer::parseInt)
                        .orElse(-1)));
        return told;
    }

    private static com.google.rpc.Status grpcStatus(byte[] body) {
        try {
            return com.google.rpc.Status.parseFrom(body);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("not a google.rpc.Status", e);
        }
    }

    private static TjConfig tinyQueue(TjConfig c) {
        return new TjConfig(
                c.api(),
                c.security(),
                c.storage(),
                new TjConfig.Ingest(20, 10),
                c.sessions(),
                c.agentProjects(),
                c.sessionLabels(),
                c.declaredPlans(),
                c.pricingOverrides(),
                c.source());
    }

    /** Real storage whose dedup probes (the journal stage's only storage call) fail while {@code failing} is set. */
    static Storage probesFailWith(Storage real, AtomicReference<RuntimeException> failing) {
        SpanIndex index = (SpanIndex) Proxy.newProxyInstance(
                SpanIndex.class.getClassLoader(), new Class<?>[] {SpanIndex.class}, (proxy, method, args) -> {
                    RuntimeException f = failing.get();
                    if (f != null
                            && (method.getName().equals("existingSpans")
                                    || method.getName().equals("existingPointIds"))) {
                        throw f;
                    }
                    return invoke(method, real.index(), args);
                });
        return (Storage) Proxy.newProxyInstance(
                Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class},
                (proxy, method, args) -> method.getName().equals("index") ? index : invoke(method, real, args));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String tenRecords(String session) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(OtlpJson.apiRequest(session, i + 1, T.plusSeconds(i), session + "-p", 1, 2, 0, 0, 0.001, 100));
        }
        return OtlpJson.logs(OtlpJson.resource("claude-code", null, "tty-" + session), records);
    }

    private static LogRecord logRecord(String session, int sequence) {
        LogRecord.Builder rec = LogRecord.newBuilder()
                .setTimeUnixNano(OtlpJson.nanos(T.plusSeconds(sequence)))
                .setBody(AnyValue.newBuilder().setStringValue("claude_code.api_request"));
        for (String[] kv : new String[][] {
            {"session.id", session},
            {"event.sequence", String.valueOf(sequence)},
            {"input_tokens", "5"},
            {"output_tokens", "5"},
            {"duration_ms", "10"},
            {"model", "claude-sonnet-4-6"}
        }) {
            rec.addAttributes(KeyValue.newBuilder()
                    .setKey(kv[0])
                    .setValue(AnyValue.newBuilder().setStringValue(kv[1])));
        }
        return rec.build();
    }

    private static ExportLogsServiceRequest logsRequest(LogRecord... records) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (LogRecord r : records) scope.addLogRecords(r);
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                                .addAttributes(KeyValue.newBuilder()
                                        .setKey("service.name")
                                        .setValue(AnyValue.newBuilder().setStringValue("claude-code"))))
                        .addScopeLogs(scope))
                .build();
    }

    private void grpc(LogRecord... records) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.daemon.grpcPort())
                .usePlaintext()
                .build();
        try {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TestServer.SECRET);
            LogsServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(20, TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                    .export(logsRequest(records));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A backfill batch of {@code n} priced-by-the-daemon LLM calls of one session, as {@code tj backfill} sends it. */
    private static String backfillBatch(String session, int n) {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant t = T.plusSeconds(i);
            spans.add(Span.builder()
                    .spanId(session + "-span-" + i)
                    .traceId(session + "-trace")
                    .sessionId(session)
                    .agentId("claude-code")
                    .name("gen_ai.llm.call")
                    .kind(SpanKind.CLIENT)
                    .status(SpanStatus.OK)
                    .startTime(t)
                    .endTime(t.plusMillis(100))
                    .durationMs(100.0)
                    .provider("anthropic")
                    .model("claude-sonnet-4-5")
                    .usage(new Usage(10, 20, 0, 0, 0))
                    .build());
        }
        try {
            return TestServer.JSON.writeValueAsString(SpanWire.batch(spans, List.of()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double sample(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " "))
                return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
        throw new AssertionError("no sample " + series);
    }
}
