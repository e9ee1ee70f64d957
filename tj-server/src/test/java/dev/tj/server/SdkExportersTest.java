package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.ingest.IngestMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The official OpenTelemetry Java exporters as clients: http/protobuf (plain and gzip) and gRPC. */
class SdkExportersTest extends LiveServer {

    static final Resource CLAUDE = Resource.create(Attributes.builder()
            .put("service.name", "claude-code-xyz")
            .put("service.namespace", "webapp")
            .put("service.instance.id", "ttys042")
            .build());

    /** Claude-Code-shaped events for one session, made by the real SDK. */
    static List<LogRecordData> claudeCodeSession(String session) {
        List<LogRecordData> out = new CopyOnWriteArrayList<>();
        LogRecordProcessor capture = new LogRecordProcessor() {
            @Override
            public void onEmit(Context context, ReadWriteLogRecord r) {
                out.add(r.toLogRecordData());
            }
        };
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(CLAUDE)
                .addLogRecordProcessor(capture)
                .build()) {
            var logger = provider.get("com.anthropic.claude_code.events");
            Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES);
            String prompt = session + "-prompt-1";
            logger.logRecordBuilder()
                    .setTimestamp(t0)
                    .setBody("claude_code.user_prompt")
                    .setAllAttributes(Attributes.builder()
                            .put("session.id", session)
                            .put("event.name", "user_prompt")
                            .put("event.sequence", 1L)
                            .put("prompt.id", prompt)
                            .put("prompt_length", "12")
                            .build())
                    .emit();
            logger.logRecordBuilder()
                    .setTimestamp(t0.plusSeconds(1))
                    .setBody("claude_code.api_request")
                    .setAllAttributes(Attributes.builder()
                            .put("session.id", session)
                            .put("event.name", "api_request")
                            .put("event.sequence", 2L)
                            .put("prompt.id", prompt)
                            .put("model", "claude-sonnet-4-5-20250929")
                            .put("input_tokens", 10L)
                            .put("output_tokens", 200L)
                            .put("cache_read_tokens", 3000L)
                            .put("cache_creation_tokens", 400L)
                            .put("cost_usd", 0.0123)
                            .put("duration_ms", 1500L)
                            .build())
                    .emit();
            logger.logRecordBuilder()
                    .setTimestamp(t0.plusSeconds(3))
                    .setBody("claude_code.tool_decision")
                    .setAllAttributes(Attributes.builder()
                            .put("session.id", session)
                            .put("event.name", "tool_decision")
                            .put("event.sequence", 3L)
                            .put("prompt.id", prompt)
                            .put("tool_name", "Bash")
                            .put("decision", "accept")
                            .put("source", "config")
                            .build())
                    .emit();
            logger.logRecordBuilder()
                    .setTimestamp(t0.plusSeconds(4))
                    .setBody("claude_code.tool_result")
                    .setAllAttributes(Attributes.builder()
                            .put("session.id", session)
                            .put("event.name", "tool_result")
                            .put("event.sequence", 4L)
                            .put("prompt.id", prompt)
                            .put("tool_name", "Bash")
                            .put("success", "true")
                            .put("duration_ms", 250L)
                            .build())
                    .emit();
            logger.logRecordBuilder()
                    .setTimestamp(t0.plusSeconds(5))
                    .setBody("claude_code.api_request")
                    .setAllAttributes(Attributes.builder()
                            .put("session.id", session)
                            .put("event.name", "api_request")
                            .put("event.sequence", 5L)
                            .put("prompt.id", prompt)
                            .put("model", "claude-sonnet-4-5-20250929")
                            .put("input_tokens", 5L)
                            .put("output_tokens", 100L)
                            .put("cache_read_tokens", 3500L)
                            .put("cache_creation_tokens", 0L)
                            .put("cost_usd", 0.004)
                            .put("duration_ms", 900L)
                            .build())
                    .emit();
        }
        return out;
    }

    static boolean export(LogRecordExporter exporter, List<LogRecordData> records) {
        try (exporter) {
            CompletableResultCode r = exporter.export(records).join(30, TimeUnit.SECONDS);
            return r.isSuccess();
        }
    }

    private void assertSessionTotals(String session) {
        JsonNode detail = server.session(session);
        JsonNode s = detail.get("session");
        assertThat(s.get("agent_id").asText()).isEqualTo("claude-code-xyz");
        assertThat(s.get("namespace").asText()).isEqualTo("webapp");
        assertThat(s.get("instance_id").asText()).isEqualTo("ttys042");
        assertThat(s.get("input_tokens").asLong()).isEqualTo(15);
        assertThat(s.get("output_tokens").asLong()).isEqualTo(300);
        assertThat(s.get("cache_read_tokens").asLong()).isEqualTo(6500);
        assertThat(s.get("cache_write_tokens").asLong()).isEqualTo(400);
        assertThat(s.get("reported_cost_usd").asDouble()).isCloseTo(0.0163, within(1e-9));
        assertThat(s.get("total_cost_usd").asDouble()).as("our own price").isPositive();
        assertThat(s.get("tool_call_count").asLong())
                .as("a decision is not a second call")
                .isEqualTo(1);
        assertThat(s.get("llm_call_count").asLong()).isEqualTo(2);
        assertThat(s.get("status").asText())
                .as("a prompt marker never completes a session")
                .isEqualTo("active");
        assertThat(detail.get("spans")).hasSize(5);
    }

    @Test
    void httpProtobufLogExporter() {
        String session = "sdk-http-1";
        boolean ok = export(
                OtlpHttpLogRecordExporter.builder()
                        .setEndpoint(server.base() + "/v1/logs")
                        .addHeader("Authorization", "Bearer " + TestServer.SECRET)
                        .build(),
                claudeCodeSession(session));
        assertThat(ok).isTrue();
        assertSessionTotals(session);
    }

    @Test
    void httpProtobufLogExporterWithGzip() {
        String session = "sdk-http-gzip-1";
        boolean ok = export(
                OtlpHttpLogRecordExporter.builder()
                        .setEndpoint(server.base() + "/v1/logs")
                        .setCompression("gzip")
                        .addHeader("Authorization", "Bearer " + TestServer.SECRET)
                        .build(),
                claudeCodeSession(session));
        assertThat(ok).isTrue();
        assertSessionTotals(session);
        assertThat(server.daemon
                        .context()
                        .metrics()
                        .forTransport(IngestMetrics.HTTP)
                        .bytes())
                .isPositive();
    }

    @Test
    void grpcLogExporter() {
        String session = "sdk-grpc-1";
        boolean ok = export(
                OtlpGrpcLogRecordExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + server.daemon.grpcPort())
                        .addHeader("Authorization", "Bearer " + TestServer.SECRET)
                        .build(),
                claudeCodeSession(session));
        assertThat(ok).isTrue();
        assertSessionTotals(session);
    }

    @Test
    void grpcLogExporterWithGzipResendsAsDuplicates() {
        String session = "sdk-grpc-gzip-1";
        List<LogRecordData> records = claudeCodeSession(session);
        for (int i = 0; i < 2; i++) {
            assertThat(export(
                            OtlpGrpcLogRecordExporter.builder()
                                    .setEndpoint("http://127.0.0.1:" + server.daemon.grpcPort())
                                    .setCompression("gzip")
                                    .addHeader("Authorization", "Bearer " + TestServer.SECRET)
                                    .build(),
                            records))
                    .isTrue();
        }
        assertSessionTotals(session);
        assertThat(server.daemon
                        .context()
                        .metrics()
                        .forTransport(IngestMetrics.GRPC)
                        .recordsDuplicate())
                .isEqualTo(5);
    }

    @Test
    void wrongOrMissingSecretIsRefusedOnHttpAndGrpcAndStoresNothing() {
        String session = "sdk-unauth-1";
        List<LogRecordData> records = claudeCodeSession(session);
        assertThat(export(
                        OtlpHttpLogRecordExporter.builder()
                                .setEndpoint(server.base() + "/v1/logs")
                                .addHeader("Authorization", "Bearer wrong")
                                .build(),
                        records))
                .isFalse();
        assertThat(export(
                        OtlpHttpLogRecordExporter.builder()
                                .setEndpoint(server.base() + "/v1/logs")
                                .build(),
                        records))
                .isFalse();
        assertThat(export(
                        OtlpGrpcLogRecordExporter.builder()
                                .setEndpoint("http://127.0.0.1:" + server.daemon.grpcPort())
                                .addHeader("Authorization", "Bearer wrong")
                                .build(),
                        records))
                .isFalse();
        assertThat(export(
                        OtlpGrpcLogRecordExporter.builder()
                                .setEndpoint("http://127.0.0.1:" + server.daemon.grpcPort())
                                .build(),
                        records))
                .isFalse();
        assertThat(server.get("/api/v1/sessions/" + session).statusCode()).isEqualTo(404);
    }

    /** A processor that keeps every ended span, to export them later in one batch. */
    static SpanProcessor capture(List<SpanData> out) {
        return new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {}

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                out.add(span.toSpanData());
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        };
    }

    @Test
    void httpSpanExporterWithGenAiSpans() {
        String session = "sdk-spans-1";
        List<SpanData> spans = new CopyOnWriteArrayList<>();
        SpanProcessor capture = capture(spans);
        Instant t0 = Instant.now().minus(2, ChronoUnit.MINUTES);
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "research-bot")))
                .addSpanProcessor(capture)
                .build()) {
            Tracer tracer = provider.get("tj.test");
            Span root = tracer.spanBuilder("invoke_agent")
                    .setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(t0)
                    .setAttribute("session.id", session)
                    .startSpan();
            Context ctx = Context.root().with(root);
            Span llm = tracer.spanBuilder("gen_ai.llm.call")
                    .setParent(ctx)
                    .setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(t0.plusMillis(100))
                    .setAttribute("session.id", session)
                    .setAttribute("gen_ai.provider.name", "anthropic")
                    .setAttribute("gen_ai.request.model", "claude-sonnet-4-6")
                    .setAttribute("gen_ai.usage.input_tokens", 1200L)
                    .setAttribute("gen_ai.usage.output_tokens", 300L)
                    .startSpan();
            llm.end(t0.plusMillis(2100));
            Span tool = tracer.spanBuilder("gen_ai.tool.call")
                    .setParent(ctx)
                    .setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(t0.plusMillis(2200))
                    .setAttribute("session.id", session)
                    .setAttribute("gen_ai.tool.name", "search")
                    .startSpan();
            tool.end(t0.plusMillis(2500));
            root.end(t0.plusMillis(3000));
        }
        assertThat(spans).hasSize(3);
        try (OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(server.base() + "/v1/traces")
                .addHeader("Authorization", "Bearer " + TestServer.SECRET)
                .build()) {
            assertThat(exporter.export(spans).join(30, TimeUnit.SECONDS).isSuccess())
                    .isTrue();
        }
        JsonNode detail = server.session(session);
        JsonNode s = detail.get("session");
        assertThat(s.get("agent_id").asText()).isEqualTo("research-bot");
        assertThat(s.get("input_tokens").asLong()).isEqualTo(1200);
        assertThat(s.get("output_tokens").asLong()).isEqualTo(300);
        assertThat(s.get("tool_call_count").asLong()).isEqualTo(1);
        assertThat(s.get("llm_call_count").asLong()).isEqualTo(1);
        assertThat(s.get("total_cost_usd").asDouble()).isPositive();
        assertThat(s.get("status").asText())
                .as("a finished invoke_agent completes the session")
                .isEqualTo("completed");
        assertThat(detail.get("spans")).hasSize(3);
        for (JsonNode sp : detail.get("spans")) {
            assertThat(sp.get("trace_id").asText()).matches("[0-9a-f]{32}");
            assertThat(sp.get("span_id").asText()).matches("[0-9a-f]{16}");
        }
    }
}
