package dev.tj.server;

import static dev.tj.server.OtlpJson.span;
import static dev.tj.server.OtlpJson.spanId;
import static dev.tj.server.OtlpJson.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.config.TjConfig;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input answers 4xx (or a per-record rejection), leaves stored data as it was, and
 * leaves the server answering.
 */
class BadInputTest {
    static final String SESSION = "bad-input-baseline";
    static final Instant T = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    TestServer server;
    JsonNode baseline;

    @BeforeEach
    void start() {
        start(c -> c);
    }

    private void start(java.util.function.UnaryOperator<TjConfig> customize) {
        if (server != null) server.close();
        server = TestServer.start(dir, customize, java.time.Clock.systemUTC());
        server.ingestLogs(OtlpJson.logs(
                OtlpJson.resource("claude-code", "proj", "ttys1"),
                List.of(
                        OtlpJson.userPrompt(SESSION, 1, T, "p1"),
                        OtlpJson.apiRequest(SESSION, 2, T.plusSeconds(1), "p1", 11, 22, 33, 44, 0.5, 1000),
                        OtlpJson.toolResult(SESSION, 3, T.plusSeconds(2), "p1", "Read", true, 10))));
        baseline = totals();
        assertThat(baseline.get("input_tokens").asLong()).isEqualTo(11);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode totals() {
        JsonNode s = server.session(SESSION).get("session").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) s).remove(List.of("tier"));
        return s;
    }

    /** The stored session is exactly as before, nothing else was stored, and the server still answers. */
    private void assertUnchanged() {
        assertThat(totals()).isEqualTo(baseline);
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        JsonNode list = TestServer.json(server.get("/api/v1/sessions"));
        assertThat(list.get("count").asInt()).as("no new sessions: %s", list).isEqualTo(1);
    }

    private HttpResponse<String> postLogs(String contentType, byte[] body, String... extraHeaders) {
        String[] headers = new String[extraHeaders.length + 2];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + TestServer.SECRET;
        System.arraycopy(extraHeaders, 0, headers, 2, extraHeaders.length);
        return server.post("/v1/logs", contentType, body, headers);
    }

    /** Either refused as a whole (400) or every record rejected in a partial success. */
    private static void assertRefusedOrAllRejected(HttpResponse<String> r, int records) {
        if (r.statusCode() == 400) {
            assertThat(TestServer.json(r).get("error").asText()).isNotBlank();
            return;
        }
        assertThat(r.statusCode()).as("answer %s", r.body()).isEqualTo(200);
        JsonNode a = TestServer.json(r);
        assertThat(a.get("ingested").asInt()).isZero();
        assertThat(a.get("rejected").asInt() + a.get("ignored").asInt())
                .as("answer %s", a)
                .isEqualTo(records);
    }

    @Test
    void malformedJson() {
        var r = postLogs("application/json", "{\"resourceLogs\": [ {".getBytes());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(r).get("error").asText()).isNotBlank();
        assertUnchanged();
    }

    @Test
    void malformedProtobuf() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x12, 0x34, 0x00, 0x7f};
        var r = postLogs("application/x-protobuf", garbage);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-protobuf");
        assertUnchanged();
    }

    @Test
    void wrongValueTypes() {
        var r = postLogs("application/json", "{\"resourceLogs\": 42}".getBytes());
        assertThat(r.statusCode()).isEqualTo(400);
        var r2 = postLogs("application/json", "[1, 2, 3]".getBytes());
        assertThat(r2.statusCode()).isEqualTo(400);
        Map<String, Object> rec = OtlpJson.apiRequest(SESSION, 9, T.plusSeconds(9), "p1", 1, 1, 1, 1, 0.1, 10);
        rec.put("timeUnixNano", Map.of("not", "a number"));
        var r3 = postLogs(
                "application/json",
                OtlpJson.logs(OtlpJson.resource("claude-code", null, null), List.of(rec))
                        .getBytes());
        assertRefusedOrAllRejected(r3, 1);
        assertUnchanged();
    }

    @Test
    void missingIds() {
        // a Claude Code event without session.id, and a span without trace and span ids
        Map<String, Object> rec = OtlpJson.record(
                T.plusSeconds(5),
                "claude_code.api_request",
                Map.of("input_tokens", "5", "output_tokens", "5", "duration_ms", "10", "model", "claude-sonnet-4-6"));
        assertRefusedOrAllRejected(
                postLogs(
                        "application/json",
                        OtlpJson.logs(OtlpJson.resource("claude-code", null, null), List.of(rec))
                                .getBytes()),
                1);
        Map<String, Object> sp = span(
                "",
                "",
                "gen_ai.llm.call",
                3,
                T,
                T.plusSeconds(1),
                Map.of("session.id", SESSION, "gen_ai.usage.input_tokens", 5L));
        var r = server.postJson(
                "/v1/traces", OtlpJson.traces(OtlpJson.resource("claude-code", null, null), List.of(sp)));
        assertRefusedOrAllRejected(r, 1);
        assertUnchanged();
    }

    @Test
    void timestampZeroIsRejectedPerRecord() {
        Map<String, Object> rec = OtlpJson.apiRequest(SESSION, 7, T, "p1", 1000, 1000, 0, 0, 1.0, 10);
        rec.put("timeUnixNano", "0");
        rec.put("observedTimeUnixNano", "0");
        rec.put(
                "attributes",
                OtlpJson.attrs(Map.of(
                        "session.id",
                        SESSION,
                        "event.sequence",
                        7,
                        "input_tokens",
                        "1000",
                        "output_tokens",
                        "1000",
                        "duration_ms",
                        "10",
                        "model",
                        "claude-sonnet-4-6",
                        "cost_usd",
                        "1.0")));
        var r = postLogs(
                "application/json",
                OtlpJson.logs(OtlpJson.resource("claude-code", null, null), List.of(rec))
                        .getBytes());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode a = TestServer.json(r);
        assertThat(a.get("ingested").asInt()).isZero();
        assertThat(a.get("rejected").asInt()).isEqualTo(1);
        assertThat(a.at("/partialSuccess/rejectedLogRecords").asText()).isEqualTo("1");
        assertThat(a.at("/partialSuccess/errorMessage").asText()).isNotBlank();
        assertThat(a.at("/rejections/0/reason").asText()).isNotBlank();
        assertUnchanged();
    }

    @Test
    void farFutureTimestampIsRejectedPerRecord() {
        Instant future = Instant.parse("2099-01-01T00:00:00Z");
        var r = postLogs(
                "application/json",
                OtlpJson.logs(
                                OtlpJson.resource("claude-code", null, null),
                                List.of(OtlpJson.apiRequest(SESSION, 8, future, "p1", 1000, 1000, 0, 0, 1.0, 10)))
                        .getBytes());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode a = TestServer.json(r);
        assertThat(a.get("ingested").asInt()).isZero();
        assertThat(a.get("rejected").asInt()).isEqualTo(1);
        assertThat(a.at("/partialSuccess/rejectedLogRecords").asText()).isEqualTo("1");
        assertUnchanged();
    }

    @Test
    void oneHundredMegabyteBodyIsRefusedBeforeItIsRead() throws Exception {
        long size = 100L * 1024 * 1024;
        String status = rawPost("/v1/logs", "Content-Length: " + size, size, false);
        assertThat(status).startsWith("HTTP/1.1 413");
        assertUnchanged();
    }

    @Test
    void chunkedBodyOverTheLimitIsCutOffWhileStreaming() throws Exception {
        start(c -> c.withSecurity(
                new TjConfig.Security(TestServer.SECRET, 65536, 256, 10, 1024 * 1024, java.time.Duration.ofHours(24))));
        String status = rawPost("/v1/logs", "Transfer-Encoding: chunked", 100L * 1024 * 1024, true);
        assertThat(status).startsWith("HTTP/1.1 413");
        assertUnchanged();
    }

    @Test
    void gzipBombIsCutOffAtTheDecompressedLimit() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            gz.write("{\"resourceLogs\":[".getBytes());
            for (int i = 0; i < 64; i++) gz.write(spaces); // 64 MiB of whitespace, valid JSON so far
            gz.write("]}".getBytes());
        }
        assertThat(compressed.size()).isLessThan(1 << 20);
        var r = postLogs("application/json", compressed.toByteArray(), "Content-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(413);
        assertUnchanged();
    }

    @Test
    void corruptGzipIsRefused() {
        var r = postLogs("application/json", "not gzip at all".getBytes(), "Content-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(400);
        assertUnchanged();
    }

    @Test
    void invalidUtf8() {
        byte[] prefix = ("{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                        + "{\"stringValue\":\"claude-code-")
                .getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xc3, (byte) 0x28, (byte) 0xff};
        byte[] suffix = "\"}}]},\"scopeLogs\":[]}]}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(bad, 0, body, prefix.length, bad.length);
        System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
        var r = postLogs("application/json", body);
        assertThat(r.statusCode()).isEqualTo(400);

        // protobuf: a string field (service.name) holding invalid UTF-8
        var proto = server.postBytes(
                "/v1/logs",
                "application/x-protobuf",
                logsRequestWithRawServiceName(bad),
                "Authorization",
                "Bearer " + TestServer.SECRET);
        assertThat(proto.statusCode()).isIn(200, 400);
        assertThat(proto.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-protobuf");
        assertUnchanged();
    }

    @Test
    void tenThousandAttributesAreRejectedPerRecord() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("session.id", SESSION);
        for (int i = 0; i < 10_000; i++) attrs.put("attr." + i, "v" + i);
        var r = server.postJson(
                "/v1/traces",
                OtlpJson.traces(
                        OtlpJson.resource("claude-code", null, null),
                        List.of(span(
                                traceId("wide"), spanId("wide"), "gen_ai.tool.call", 1, T, T.plusSeconds(1), attrs))));
        assertRefusedOrAllRejected(r, 1);
        if (r.statusCode() == 200)
            assertThat(TestServer.json(r).get("rejected").asInt()).isEqualTo(1);
        assertUnchanged();
    }

    @Test
    void hundredDeepNestingIsRejectedPerRecord() {
        Object nested = "leaf";
        for (int i = 0; i < 100; i++) nested = Map.of("k", nested);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("session.id", SESSION);
        attrs.put("gen_ai.tool.name", "deep");
        attrs.put("deep", nested);
        var r = server.postJson(
                "/v1/traces",
                OtlpJson.traces(
                        OtlpJson.resource("claude-code", null, null),
                        List.of(span(
                                traceId("deep"), spanId("deep"), "gen_ai.tool.call", 1, T, T.plusSeconds(1), attrs))));
        assertRefusedOrAllRejected(r, 1);
        assertUnchanged();
    }

    @Test
    void unknownContentTypeIs415() {
        var r = postLogs("text/plain", "{}".getBytes());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(TestServer.json(r).get("error").asText()).contains("Content-Type");
        var none = postLogs(null, "{}".getBytes());
        assertThat(none.statusCode()).isEqualTo(415);
        var charset = postLogs("application/json; charset=utf-8", "{}".getBytes());
        assertThat(charset.statusCode()).as("parameters are fine").isEqualTo(200);
        var brotli = postLogs("application/json", "{}".getBytes(), "Content-Encoding", "br");
        assertThat(brotli.statusCode()).isEqualTo(415);
        assertUnchanged();
    }

    @Test
    void missingOrWrongSecretOnHttpIs401() {
        byte[] body = OtlpJson.logs(
                        OtlpJson.resource("claude-code", null, null),
                        List.of(OtlpJson.apiRequest(SESSION, 20, T.plusSeconds(20), "p1", 1, 1, 1, 1, 0.1, 10)))
                .getBytes();
        for (String path :
                List.of("/v1/logs", "/v1/traces", "/v1/metrics", "/api/v1/spans", "/api/v1/sessions/close")) {
            var none = server.post(path, "application/json", body);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(TestServer.json(none).get("detail").asText()).isEqualTo("Invalid ingest secret");
            var wrong = server.post(path, "application/json", body, "Authorization", "Bearer not-the-secret");
            assertThat(wrong.statusCode()).as(path).isEqualTo(401);
            var basic = server.post(path, "application/json", body, "Authorization", "Basic " + TestServer.SECRET);
            assertThat(basic.statusCode()).as(path).isEqualTo(401);
        }
        assertUnchanged();
    }

    @Test
    void missingOrWrongSecretOnGrpcIsUnauthenticated() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.daemon.grpcPort())
                .usePlaintext()
                .build();
        try {
            var stub = LogsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            var request = ExportLogsServiceRequest.getDefaultInstance();
            StatusRuntimeException none = org.junit.jupiter.api.Assertions.assertThrows(
                    StatusRuntimeException.class, () -> stub.export(request));
            assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            Metadata wrong = new Metadata();
            wrong.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer nope");
            StatusRuntimeException bad = org.junit.jupiter.api.Assertions.assertThrows(
                    StatusRuntimeException.class,
                    () -> stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(wrong))
                            .export(request));
            assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            Metadata right = new Metadata();
            right.put(
                    Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TestServer.SECRET);
            var ok = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(right))
                    .export(request);
            assertThat(ok.hasPartialSuccess()).isFalse();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertUnchanged();
    }

    /**
     * POSTs {@code bodyBytes} of JSON-ish filler over a raw socket (chunked or with the given
     * length header) from a second thread, and returns the status line the server answered. The
     * body is generated while sending, never held in memory.
     */
    private String rawPost(String path, String lengthHeader, long bodyBytes, boolean chunked) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.daemon.httpPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + TestServer.SECRET + "\r\n" + lengthHeader + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                try {
                    for (long sent = 0; sent < bodyBytes; sent += chunk.length) {
                        if (chunked) out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes());
                        out.write(chunk);
                        if (chunked) out.write("\r\n".getBytes());
                    }
                    if (chunked) out.write("0\r\n\r\n".getBytes());
                    out.flush();
                } catch (IOException expected) {
                    // the server answered and closed the connection while we were still sending
                }
            });
            writer.setDaemon(true);
            writer.start();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') line.append((char) c);
            return line.toString().trim();
        }
    }

    /** An ExportLogsServiceRequest whose resource service.name string carries the given raw bytes. */
    private static byte[] logsRequestWithRawServiceName(byte[] raw) {
        // Built by hand so the invalid UTF-8 survives (the generated builders would reject or replace it).
        ByteArrayOutputStream anyValue = new ByteArrayOutputStream();
        field(anyValue, 1, raw); // AnyValue.string_value
        ByteArrayOutputStream kv = new ByteArrayOutputStream();
        field(kv, 1, "service.name".getBytes(StandardCharsets.UTF_8)); // KeyValue.key
        field(kv, 2, anyValue.toByteArray()); // KeyValue.value
        ByteArrayOutputStream resource = new ByteArrayOutputStream();
        field(resource, 1, kv.toByteArray()); // Resource.attributes
        ByteArrayOutputStream resourceLogs = new ByteArrayOutputStream();
        field(resourceLogs, 1, resource.toByteArray()); // ResourceLogs.resource
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        field(request, 1, resourceLogs.toByteArray()); // ExportLogsServiceRequest.resource_logs
        return request.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] value) {
        out.write((number << 3) | 2);
        int len = value.length;
        while (len >= 0x80) {
            out.write((len & 0x7f) | 0x80);
            len >>>= 7;
        }
        out.write(len);
        out.writeBytes(value);
    }
}
