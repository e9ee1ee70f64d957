package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Usage;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A live Codex 0.169.0 session through the real daemon, over OTLP/HTTP JSON, OTLP/HTTP protobuf and
 * OTLP/gRPC: records without a body, named only by {@code event.name}, {@code timeUnixNano} 0. The
 * session must appear with its prompt, call, tool call, tokens (tj's convention), cost and the
 * command that exited 3 as an error.
 */
class CodexLiveTest extends LiveServer {

    static final Instant T0 = Instant.parse("2026-11-20T09:29:00Z");

    /** One turn: prompt, API request, a response with tokens and a token-less twin, a command that exits 3. */
    static List<Map<String, Object>> work(String conversation) {
        List<Map<String, Object>> r = new ArrayList<>();
        r.add(event(conversation, 0.1, "codex.conversation_starts", "provider_name", "scripted"));
        r.add(event(conversation, 0.2, "codex.user_prompt", "prompt_length", 12L, "prompt", "[REDACTED]"));
        r.add(event(
                conversation,
                1.0,
                "codex.api_request",
                "duration_ms",
                800L,
                "http.response.status_code",
                200L,
                "attempt",
                1L));
        r.add(event(conversation, 1.1, "codex.sse_event", "event.kind", "response.created"));
        r.add(event(
                conversation,
                1.9,
                "codex.sse_event",
                "event.kind",
                "response.completed",
                "input_token_count",
                3393L,
                "cached_token_count",
                2100L,
                "cache_write_token_count",
                0L,
                "output_token_count",
                500L,
                "reasoning_token_count",
                300L,
                "tool_token_count",
                0L));
        r.add(event(conversation, 1.91, "codex.sse_event", "event.kind", "response.completed"));
        r.add(event(
                conversation,
                2.0,
                "codex.tool_decision",
                "tool_name",
                "exec_command",
                "call_id",
                "call_1",
                "decision",
                "approved",
                "source",
                "config"));
        r.add(event(
                conversation,
                2.1,
                "codex.tool_result",
                "tool_name",
                "exec_command",
                "call_id",
                "call_1",
                "duration_ms",
                40L,
                "success",
                "true",
                "arguments",
                "{\"cmd\":\"exit 3\"}",
                "output",
                "Chunk ID: 1\nProcess exited with code 3\nOutput:\n"));
        return r;
    }

    static Map<String, Object> event(String conversation, double sec, String name, Object... kvs) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("event.name", name);
        a.put("event.timestamp", T0.plusMillis((long) (sec * 1000)).toString());
        a.put("conversation.id", conversation);
        a.put("app.version", "0.169.0");
        a.put("model", "gpt-5-codex");
        for (int i = 0; i < kvs.length; i += 2) a.put((String) kvs[i], kvs[i + 1]);
        return a;
    }

    static ExportLogsServiceRequest proto(List<Map<String, Object>> records) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("codex_otel.log_only"));
        for (Map<String, Object> a : records) {
            LogRecord.Builder lr = LogRecord.newBuilder()
                    .setTimeUnixNano(0)
                    .setObservedTimeUnixNano(
                            Instant.parse((String) a.get("event.timestamp")).toEpochMilli() * 1_000_000L + 5_000_000L);
            a.forEach((k, v) -> lr.addAttributes(KeyValue.newBuilder()
                    .setKey(k)
                    .setValue(
                            v instanceof Long l
                                    ? AnyValue.newBuilder().setIntValue(l).build()
                                    : AnyValue.newBuilder()
                                            .setStringValue((String) v)
                                            .build())));
            scope.addLogRecords(lr);
        }
        Resource res = Resource.newBuilder()
                .addAttributes(KeyValue.newBuilder()
                        .setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("codex_exec")))
                .build();
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().setResource(res).addScopeLogs(scope))
                .build();
    }

    static String json(List<Map<String, Object>> records) {
        ObjectNode root = TestServer.JSON.createObjectNode();
        ObjectNode rl = root.putArray("resourceLogs").addObject();
        rl.putObject("resource").putArray("attributes").add(kv("service.name", "codex_exec"));
        ObjectNode sl = rl.putArray("scopeLogs").addObject();
        sl.putObject("scope").put("name", "codex_otel.log_only");
        ArrayNode lrs = sl.putArray("logRecords");
        for (Map<String, Object> a : records) {
            ObjectNode lr = lrs.addObject();
            lr.put("timeUnixNano", "0");
            lr.put(
                    "observedTimeUnixNano",
                    Long.toString(
                            Instant.parse((String) a.get("event.timestamp")).toEpochMilli() * 1_000_000L));
            ArrayNode attrs = lr.putArray("attributes");
            a.forEach((k, v) -> attrs.add(kv(k, v)));
        }
        return root.toString();
    }

    static ObjectNode kv(String k, Object v) {
        ObjectNode n = TestServer.JSON.createObjectNode().put("key", k);
        if (v instanceof Long l) n.putObject("value").put("intValue", Long.toString(l));
        else n.putObject("value").put("stringValue", (String) v);
        return n;
    }

    @Test
    void aLiveCodexSessionAppearsOverEveryTransport() throws Exception {
        JsonNode viaJson = server.ingestLogs(json(work("conv-json")));
        assertThat(viaJson.toString()).doesNotContain("rejected\":1");

        HttpResponse<String> viaProto = server.post(
                "/v1/logs",
                "application/x-protobuf",
                proto(work("conv-proto")).toByteArray(),
                "Authorization",
                "Bearer " + TestServer.SECRET);
        assertThat(viaProto.statusCode()).as(viaProto.body()).isEqualTo(200);

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.daemon.grpcPort())
                .usePlaintext()
                .build();
        try {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TestServer.SECRET);
            var answer = LogsServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                    .export(proto(work("conv-grpc")));
            assertThat(answer.getPartialSuccess().getRejectedLogRecords()).isZero();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        // OpenAI's 3393 input include 2100 cached: tj's input is the 1293 uncached; total = OpenAI's 3893
        Usage expected = new Usage(1293, 500, 2100, 0, 0);
        double cost =
                Pricing.packaged().quote("openai", "gpt-5-codex", expected).costUsd();
        for (String id : List.of("conv-json", "conv-proto", "conv-grpc")) {
            JsonNode s = server.session(id).get("session");
            assertThat(s.get("agent_id").asText()).as(id).isEqualTo("codex_exec");
            assertThat(s.get("input_tokens").asLong()).as(id).isEqualTo(1293);
            assertThat(s.get("cache_read_tokens").asLong()).as(id).isEqualTo(2100);
            assertThat(s.get("output_tokens").asLong()).as(id).isEqualTo(500);
            assertThat(s.get("llm_call_count").asLong()).as(id).isEqualTo(1);
            assertThat(s.get("tool_call_count").asLong()).as(id).isEqualTo(1);
            assertThat(s.get("error_count").asLong()).as(id).isEqualTo(1);
            assertThat(s.get("total_cost_usd").asDouble()).as(id).isCloseTo(cost, within(1e-12));
            assertThat(s.get("started_at").asText()).as(id).startsWith("2026-11-20T09:29:00");
        }
        String body = server.get("/api/v1/sessions/conv-proto").body();
        assertThat(body)
                .contains("invoke_agent")
                .doesNotContain("Process exited")
                .doesNotContain("exit 3\"");
    }
}
