package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.config.TjConfig;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.Storage;
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
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny write queue: overload answers 503 + Retry-After, and every acknowledged record is stored. */
class OverloadTest {
    static final Instant T = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
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

    /** Ten Claude Code api_request records of one session, 1 input token each. */
    private static String tenRecords(String session) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(OtlpJson.apiRequest(session, i + 1, T.plusSeconds(i), session + "-p", 1, 2, 0, 0, 0.001, 100));
        }
        return OtlpJson.logs(OtlpJson.resource("claude-code", null, "tty-" + session), records);
    }

    private HttpRequest post(String json) {
        return server.request("/v1/logs")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestServer.SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndAcceptedRecordsAreDurable() throws Exception {
        GatedStorage[] gate = new GatedStorage[1];
        server = TestServer.start(dir, OverloadTest::tinyQueue, Clock.systemUTC(), s -> GatedStorage.wrap(s, gate));
        gate[0].closeGate();

        // A is answered once journaled, while storage is still held back
        HttpResponse<String> a = server.send(post(tenRecords("ov-a")));
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(gate[0].commitEntered.await(30, TimeUnit.SECONDS))
                .as("writer is applying A")
                .isTrue();
        // with a full batch (10) waiting for storage, B is held back rather than refused
        CompletableFuture<HttpResponse<String>> b =
                server.http.sendAsync(post(tenRecords("ov-b")), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.daemon.context().metrics().queuedRecords() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.daemon.context().metrics().queuedRecords()).isEqualTo(20);

        HttpResponse<String> c = server.send(post(tenRecords("ov-c")));
        assertThat(c.statusCode()).isEqualTo(503);
        assertThat(c.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(TestServer.json(c).get("error").asText()).contains("queue");
        assertGrpcUnavailable();
        assertThat(b.isDone()).as("B waits for storage to catch up").isFalse();

        gate[0].openGate();
        assertThat(b.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(server.session("ov-a").at("/session/input_tokens").asLong()).isEqualTo(10);
        assertThat(server.session("ov-b").at("/session/input_tokens").asLong()).isEqualTo(10);
        assertThat(server.get("/api/v1/sessions/ov-c").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/v1/sessions/ov-grpc").statusCode()).isEqualTo(404);
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("tj_ingest_overloaded_total{transport=\"http\"} 1");
        assertThat(metrics).contains("tj_ingest_overloaded_total{transport=\"grpc\"} 1");
    }

    @Test
    void aBurstGetsOnly200Or503AndEvery200IsStored() throws Exception {
        server = TestServer.start(dir, OverloadTest::tinyQueue, Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<String, Integer> outcome = new ConcurrentHashMap<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        String session = "burst-" + thread + "-" + i;
                        HttpResponse<String> r = server.send(post(tenRecords(session)));
                        outcome.put(session, r.statusCode());
                        if (r.statusCode() == 503) {
                            assertThat(r.headers().firstValue("Retry-After")).isPresent();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(outcome).hasSize(48);
        assertThat(outcome.values()).allMatch(s -> s == 200 || s == 503);
        for (var e : outcome.entrySet()) {
            if (e.getValue() == 200) {
                JsonNode s = server.session(e.getKey()).get("session");
                assertThat(s.get("input_tokens").asLong()).as(e.getKey()).isEqualTo(10);
                assertThat(s.get("span_count").asLong()).isEqualTo(10);
            } else {
                assertThat(server.get("/api/v1/sessions/" + e.getKey()).statusCode())
                        .isEqualTo(404);
            }
        }
    }

    /** With the queue full, an OTLP/gRPC export answers UNAVAILABLE (retryable per the OTLP spec). */
    private void assertGrpcUnavailable() throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.daemon.grpcPort())
                .usePlaintext()
                .build();
        try {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TestServer.SECRET);
            var stub = LogsServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(20, TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
            LogRecord.Builder rec = LogRecord.newBuilder()
                    .setTimeUnixNano(OtlpJson.nanos(T))
                    .setBody(AnyValue.newBuilder().setStringValue("claude_code.api_request"));
            for (String[] kv : new String[][] {
                {"session.id", "ov-grpc"},
                {"event.sequence", "1"},
                {"input_tokens", "5"},
                {"output_tokens", "5"},
                {"duration_ms", "10"},
                {"model", "claude-sonnet-4-6"}
            }) {
                rec.addAttributes(KeyValue.newBuilder()
                        .setKey(kv[0])
                        .setValue(AnyValue.newBuilder().setStringValue(kv[1])));
            }
            var request = ExportLogsServiceRequest.newBuilder()
                    .addResourceLogs(ResourceLogs.newBuilder()
                            .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                                    .addAttributes(KeyValue.newBuilder()
                                            .setKey("service.name")
                                            .setValue(AnyValue.newBuilder().setStringValue("claude-code"))))
                            .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(rec)))
                    .build();
            StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
                    StatusRuntimeException.class, () -> stub.export(request));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Delegates to a real storage (through a dynamic proxy, so it keeps up with the SPI); batch writes
     * wait while the gate is closed. The store's write side ({@link Storage#ingestStore()}) is proxied too.
     */
    static final class GatedStorage implements InvocationHandler {
        private final Object d;
        final CountDownLatch commitEntered = new CountDownLatch(1);
        private volatile CountDownLatch gate = new CountDownLatch(0);

        private GatedStorage(Object d) {
            this.d = d;
        }

        static Storage wrap(Storage d, GatedStorage[] handle) {
            handle[0] = new GatedStorage(d);
            return (Storage)
                    Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, handle[0]);
        }

        private Object gatedWriter(Object realWriter) {
            return Proxy.newProxyInstance(
                    IngestStore.class.getClassLoader(), new Class<?>[] {IngestStore.class}, (proxy, method, args) -> {
                        // a record batch is written by commit, or by stage into a group
                        if (method.getName().equals("commit")
                                || method.getName().equals("stage")) {
                            commitEntered.countDown();
                            gate.await(60, TimeUnit.SECONDS);
                        }
                        try {
                            return method.invoke(realWriter, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        void closeGate() {
            gate = new CountDownLatch(1);
        }

        void openGate() {
            gate.countDown();
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            try {
                Object result = method.invoke(d, args);
                return method.getName().equals("ingestStore") ? gatedWriter(result) : result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
