package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code tokenjam.run_id} and {@code tokenjam.parent_session_id} come from the resource on every
 * ingest path that makes sessions (OTLP logs and traces over HTTP protobuf and gRPC with the official
 * SDK exporters, and HTTP JSON), are taken when a later export first carries them, and are never
 * overwritten once set; the runs endpoints then show the run with its spawn tree.
 */
class RunIdentityTest extends LiveServer {
    static final String RUN = "run-2026-11-30-a";
    static final List<String> PATHS = List.of(
            "logs-http-proto", "logs-grpc", "logs-http-json", "traces-http-proto", "traces-grpc", "traces-http-json");

    static String session(String path) {
        return "sess-" + path;
    }

    /** Resource attributes of export n: none at first, then the run, then a different run (ignored). */
    static Map<String, String> resource(String path, int n) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("service.name", path.startsWith("logs") ? "claude-code" : "research-bot");
        if (n == 1) {
            r.put("tokenjam.run_id", RUN);
            int i = PATHS.indexOf(path);
            if (i > 0) r.put("tokenjam.parent_session_id", session(PATHS.get(i - 1)));
        } else if (n == 2) {
            r.put("tokenjam.run_id", "run-other");
            r.put("tokenjam.parent_session_id", "someone-else");
        }
        return r;
    }

    static Resource sdkResource(Map<String, String> attrs) {
        var b = Attributes.builder();
        attrs.forEach(b::put);
        return Resource.create(b.build());
    }

    static Instant at(int n) {
        return Instant.now().minus(10, ChronoUnit.MINUTES).plusSeconds(n * 10L).truncatedTo(ChronoUnit.MILLIS);
    }

    static List<LogRecordData> sdkLogs(Map<String, String> resource, String session, int n) {
        List<LogRecordData> out = new CopyOnWriteArrayList<>();
        LogRecordProcessor capture = new LogRecordProcessor() {
            @Override
            public void onEmit(Context context, ReadWriteLogRecord r) {
                out.add(r.toLogRecordData());
            }
        };
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(sdkResource(resource))
                .addLogRecordProcessor(capture)
                .build()) {
            provider.get("com.anthropic.claude_code.events")
                    .logRecordBuilder()
                    .setTimestamp(at(n))
                    .setBody("claude_code.api_request")
                    .setAllAttributes(Attributes.builder()
                            .put("session.id", session)
                            .put("event.name", "api_request")
                            .put("event.sequence", (long) n + 1)
                            .put("prompt.id", "p" + n)
                            .put("model", "claude-sonnet-4-5-20250929")
                            .put("input_tokens", 10L)
                            .put("output_tokens", 20L)
                            .put("cost_usd", 0.001)
                            .put("duration_ms", 100L)
                            .build())
                    .emit();
        }
        return out;
    }

    static List<SpanData> sdkSpans(Map<String, String> resource, String session, int n) {
        List<SpanData> out = new CopyOnWriteArrayList<>();
        SpanProcessor capture = SdkExportersTest.capture(out);
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(sdkResource(resource))
                .addSpanProcessor(capture)
                .build()) {
            var span = provider.get("tj.test")
                    .spanBuilder("gen_ai.llm.call")
                    .setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(at(n))
                    .setAttribute("session.id", session)
                    .setAttribute("gen_ai.provider.name", "anthropic")
                    .setAttribute("gen_ai.request.model", "claude-sonnet-4-6")
                    .setAttribute("gen_ai.usage.input_tokens", 100L)
                    .setAttribute("gen_ai.usage.output_tokens", 10L)
                    .startSpan();
            span.end(at(n).plusMillis(500));
        }
        return out;
    }

    static boolean logs(LogRecordExporter exporter, List<LogRecordData> records) {
        try (exporter) {
            CompletableResultCode r = exporter.export(records).join(30, TimeUnit.SECONDS);
            return r.isSuccess();
        }
    }

    static boolean spans(SpanExporter exporter, List<SpanData> spans) {
        try (exporter) {
            return exporter.export(spans).join(30, TimeUnit.SECONDS).isSuccess();
        }
    }

    void export(String path, int n) {
        Map<String, String> res = resource(path, n);
        String session = session(path);
        String auth = "Bearer " + TestServer.SECRET;
        String grpc = "http://127.0.0.1:" + server.daemon.grpcPort();
        boolean ok = switch (path) {
            case "logs-http-proto" ->
                logs(
                        OtlpHttpLogRecordExporter.builder()
                                .setEndpoint(server.base() + "/v1/logs")
                                .addHeader("Authorization", auth)
                                .build(),
                        sdkLogs(res, session, n));
            case "logs-grpc" ->
                logs(
                        OtlpGrpcLogRecordExporter.builder()
                                .setEndpoint(grpc)
                                .addHeader("Authorization", auth)
                                .build(),
                        sdkLogs(res, session, n));
            case "traces-http-proto" ->
                spans(
                        OtlpHttpSpanExporter.builder()
                                .setEndpoint(server.base() + "/v1/traces")
                                .addHeader("Authorization", auth)
                                .build(),
                        sdkSpans(res, session, n));
            case "traces-grpc" ->
                spans(
                        OtlpGrpcSpanExporter.builder()
                                .setEndpoint(grpc)
                                .addHeader("Authorization", auth)
                                .build(),
                        sdkSpans(res, session, n));
            case "logs-http-json" -> {
                server.ingestLogs(OtlpJson.logs(
                        res, List.of(OtlpJson.apiRequest(session, n + 1, at(n), "p" + n, 10, 20, 0, 0, 0.001, 100))));
                yield true;
            }
            case "traces-http-json" -> {
                server.ingestTraces(OtlpJson.traces(
                        res,
                        List.of(OtlpJson.span(
                                OtlpJson.traceId(session),
                                OtlpJson.spanId(session + n),
                                "gen_ai.llm.call",
                                3,
                                at(n),
                                at(n).plusMillis(500),
                                Map.of(
                                        "session.id",
                                        session,
                                        "gen_ai.request.model",
                                        "claude-sonnet-4-6",
                                        "gen_ai.usage.input_tokens",
                                        100,
                                        "gen_ai.usage.output_tokens",
                                        10)))));
                yield true;
            }
            default -> throw new IllegalArgumentException(path);
        };
        assertThat(ok).as(path + " export " + n).isTrue();
    }

    @Test
    void runAndParentComeFromTheResourceOnEveryPathAndAreNeverOverwritten() {
        for (int n = 0; n < 3; n++) {
            for (String path : PATHS) export(path, n);
        }
        for (int i = 0; i < PATHS.size(); i++) {
            JsonNode s = server.session(session(PATHS.get(i))).get("session");
            assertThat(s.get("llm_call_count").asLong()).as(PATHS.get(i)).isEqualTo(3);
            assertThat(s.get("run_id").asText()).as(PATHS.get(i)).isEqualTo(RUN);
            if (i == 0)
                assertThat(s.get("parent_session_id").asText())
                        .as("the first export to carry a parent sets it, even after the run was set")
                        .isEqualTo("someone-else");
            else
                assertThat(s.get("parent_session_id").asText()).as(PATHS.get(i)).isEqualTo(session(PATHS.get(i - 1)));
        }

        JsonNode runs = TestServer.json(server.get("/api/v1/runs")).get("runs");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("run_id").asText()).isEqualTo(RUN);
        assertThat(runs.get(0).get("session_count").asInt()).isEqualTo(6);
        assertThat(runs.get(0).get("input_tokens").asLong()).isEqualTo(3 * (3 * 10 + 3 * 100));

        JsonNode run = TestServer.json(server.get("/api/v1/runs/" + RUN));
        assertThat(run.get("run").get("session_count").asInt()).isEqualTo(6);
        assertThat(run.get("run").get("span_count").asLong()).isEqualTo(18);
        assertThat(run.get("sessions")).hasSize(6);
        // the spawn tree is the chain of paths, each spawned by the one before
        JsonNode node = run.get("tree");
        assertThat(node).hasSize(1);
        for (String path : PATHS) {
            assertThat(node.get(0).get("session_id").asText()).isEqualTo(session(path));
            node = node.get(0).get("children");
        }
        assertThat(node).isEmpty();

        JsonNode children = server.session(session(PATHS.get(0))).get("children");
        assertThat(children).hasSize(1);
        assertThat(children.get(0).get("session_id").asText()).isEqualTo(session(PATHS.get(1)));

        HttpResponse<String> other = server.get("/api/v1/runs/run-other");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(other).get("error").asText()).isEqualTo("Run run-other not found");
    }

    @Test
    void runsAreEmptyWithoutRunIds() {
        export("logs-http-json", 0);
        assertThat(TestServer.json(server.get("/api/v1/runs")).get("runs")).isEmpty();
        assertThat(new ArrayList<>(List.of(server.get("/api/v1/runs/none").statusCode())))
                .containsExactly(404);
    }
}
