package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Claude Code's metrics, sent by the official SDK metric exporters, are kept per session. */
class ClaudeCodeMetricsTest extends LiveServer {
    static final AttributeKey<String> SESSION = AttributeKey.stringKey("session.id");
    static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");

    private void sessionWithLogs(String session) {
        try (var exporter = OtlpHttpLogRecordExporter.builder()
                .setEndpoint(server.base() + "/v1/logs")
                .addHeader("Authorization", "Bearer " + TestServer.SECRET)
                .build()) {
            assertThat(exporter.export(SdkExportersTest.claudeCodeSession(session))
                            .join(30, TimeUnit.SECONDS)
                            .isSuccess())
                    .isTrue();
        }
    }

    private static void emitMetrics(MetricExporter exporter, String session) {
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(SdkExportersTest.CLAUDE)
                .registerMetricReader(PeriodicMetricReader.builder(exporter)
                        .setInterval(Duration.ofHours(1))
                        .build())
                .build();
        Meter meter = provider.get("com.anthropic.claude_code");
        var lines = meter.counterBuilder("claude_code.lines_of_code.count").build();
        lines.add(42, Attributes.of(SESSION, session, TYPE, "added"));
        lines.add(7, Attributes.of(SESSION, session, TYPE, "removed"));
        meter.counterBuilder("claude_code.session.count").build().add(1, Attributes.of(SESSION, session));
        meter.counterBuilder("claude_code.active_time.total")
                .setUnit("s")
                .ofDoubles()
                .build()
                .add(93.5, Attributes.of(SESSION, session, TYPE, "cli"));
        assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        provider.shutdown().join(30, TimeUnit.SECONDS);
    }

    private void assertPoints(String session) {
        JsonNode metrics = server.session(session).get("metrics");
        List<String> seen = new ArrayList<>();
        for (JsonNode p : metrics) {
            seen.add(p.get("name").asText() + "|"
                    + p.path("attributes").path("type").asText("") + "|"
                    + p.get("value").asDouble());
            assertThat(p.get("session_id").asText()).isEqualTo(session);
            assertThat(p.get("agent_id").asText()).isEqualTo("claude-code-xyz");
        }
        assertThat(seen)
                .contains(
                        "claude_code.lines_of_code.count|added|42.0",
                        "claude_code.lines_of_code.count|removed|7.0",
                        "claude_code.session.count||1.0",
                        "claude_code.active_time.total|cli|93.5");
    }

    @Test
    void httpProtobufMetricExporter() {
        sessionWithLogs("metrics-http");
        emitMetrics(
                OtlpHttpMetricExporter.builder()
                        .setEndpoint(server.base() + "/v1/metrics")
                        .addHeader("Authorization", "Bearer " + TestServer.SECRET)
                        .build(),
                "metrics-http");
        assertPoints("metrics-http");
        // token totals come from the events; metric points are kept beside them, never added twice
        assertThat(server.session("metrics-http")
                        .get("session")
                        .get("input_tokens")
                        .asLong())
                .isEqualTo(15);
    }

    @Test
    void grpcMetricExporter() {
        sessionWithLogs("metrics-grpc");
        emitMetrics(
                OtlpGrpcMetricExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + server.daemon.grpcPort())
                        .addHeader("Authorization", "Bearer " + TestServer.SECRET)
                        .build(),
                "metrics-grpc");
        assertPoints("metrics-grpc");
    }
}
