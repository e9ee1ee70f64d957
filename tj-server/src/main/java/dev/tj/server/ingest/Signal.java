package dev.tj.server.ingest;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.otlp.OtlpDecoder;
import dev.tj.otlp.OtlpFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** The three OTLP signals: how to decode each and how to word its partial-success response. */
public enum Signal {
    LOGS("rejectedLogRecords", "record_id") {
        @Override
        IngestBatch decode(OtlpDecoder d, byte[] body, OtlpFormat f) {
            return d.decodeLogs(body, f);
        }

        @Override
        public ExportLogsServiceResponse response(int rejected, String message) {
            var b = ExportLogsServiceResponse.newBuilder();
            if (rejected > 0) {
                b.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                        .setRejectedLogRecords(rejected)
                        .setErrorMessage(message));
            }
            return b.build();
        }
    },
    TRACES("rejectedSpans", "span_id") {
        @Override
        IngestBatch decode(OtlpDecoder d, byte[] body, OtlpFormat f) {
            return d.decodeTraces(body, f);
        }

        @Override
        public ExportTraceServiceResponse response(int rejected, String message) {
            var b = ExportTraceServiceResponse.newBuilder();
            if (rejected > 0) {
                b.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(rejected)
                        .setErrorMessage(message));
            }
            return b.build();
        }
    },
    METRICS("rejectedDataPoints", "record_id") {
        @Override
        IngestBatch decode(OtlpDecoder d, byte[] body, OtlpFormat f) {
            return d.decodeMetrics(body, f);
        }

        @Override
        public ExportMetricsServiceResponse response(int rejected, String message) {
            var b = ExportMetricsServiceResponse.newBuilder();
            if (rejected > 0) {
                b.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                        .setRejectedDataPoints(rejected)
                        .setErrorMessage(message));
            }
            return b.build();
        }
    };

    /** The OTLP/JSON name of the rejected-count field in partialSuccess. */
    final String jsonRejectedField;
    /** TokenJam's name for the id of a rejected record. */
    final String rejectionIdKey;

    Signal(String jsonRejectedField, String rejectionIdKey) {
        this.jsonRejectedField = jsonRejectedField;
        this.rejectionIdKey = rejectionIdKey;
    }

    abstract IngestBatch decode(OtlpDecoder d, byte[] body, OtlpFormat f);

    /** The OTLP export response; partial_success only when something was rejected. */
    public abstract com.google.protobuf.Message response(int rejected, String message);
}
