package dev.tj.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.tj.core.ingest.IngestBatch;
import dev.tj.otlp.internal.JsonOtlpReader;
import dev.tj.otlp.internal.LogMapper;
import dev.tj.otlp.internal.MetricMapper;
import dev.tj.otlp.internal.ProtoLogsWire;
import dev.tj.otlp.internal.ProtoOtlpReader;
import dev.tj.otlp.internal.TraceMapper;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.util.Objects;

/**
 * Decodes OTLP export requests (OTLP/JSON or protobuf bodies, or already-parsed gRPC messages) into
 * tj's domain objects. Stateless and thread-safe.
 *
 * <p>A request that cannot be read at all throws {@link MalformedPayload}. Problems with single
 * records become {@code Rejection}s in the returned batch; records deliberately not kept (streaming
 * deltas, raw API bodies, unknown events) are counted in {@code ignored}.
 */
public final class OtlpDecoder {
    /** The nesting the wire reader allows, for the generated parsers too. */
    static final int PROTOBUF_RECURSION_LIMIT = ProtoLogsWire.RECURSION_LIMIT;

    public OtlpDecoder() {}

    public IngestBatch decodeLogs(byte[] body, OtlpFormat format) {
        return switch (Objects.requireNonNull(format, "format")) {
            case JSON -> LogMapper.map(JsonOtlpReader.logs(body));
            case PROTOBUF -> LogMapper.map(read(body, ProtoLogsWire::logs));
        };
    }

    public IngestBatch decodeTraces(byte[] body, OtlpFormat format) {
        return switch (Objects.requireNonNull(format, "format")) {
            case JSON -> TraceMapper.map(JsonOtlpReader.traces(body));
            case PROTOBUF -> traces(parse(body, ExportTraceServiceRequest.parser()));
        };
    }

    public IngestBatch decodeMetrics(byte[] body, OtlpFormat format) {
        return switch (Objects.requireNonNull(format, "format")) {
            case JSON -> MetricMapper.map(JsonOtlpReader.metrics(body));
            case PROTOBUF -> metrics(parse(body, ExportMetricsServiceRequest.parser()));
        };
    }

    /** For the gRPC receiver, which gets the request already parsed. */
    public IngestBatch logs(ExportLogsServiceRequest request) {
        return LogMapper.map(ProtoOtlpReader.logs(request));
    }

    public IngestBatch traces(ExportTraceServiceRequest request) {
        return TraceMapper.map(ProtoOtlpReader.traces(request));
    }

    public IngestBatch metrics(ExportMetricsServiceRequest request) {
        return MetricMapper.map(ProtoOtlpReader.metrics(request));
    }

    /** Reads a body straight from the wire (see {@link ProtoLogsWire}); the same refusals as {@link #parse}. */
    private static <T> T read(byte[] body, WireReader<T> reader) {
        CodedInputStream in = CodedInputStream.newInstance(body == null ? new byte[0] : body);
        try {
            return reader.read(in);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedPayload("invalid OTLP protobuf: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new MalformedPayload("invalid OTLP protobuf: " + e, e);
        }
    }

    private interface WireReader<T> {
        T read(CodedInputStream in) throws IOException;
    }

    private static <T> T parse(byte[] body, Parser<T> parser) {
        // an empty body is a valid, empty protobuf message
        CodedInputStream in = CodedInputStream.newInstance(body == null ? new byte[0] : body);
        in.setRecursionLimit(PROTOBUF_RECURSION_LIMIT);
        try {
            return parser.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedPayload("invalid OTLP protobuf: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MalformedPayload("invalid OTLP protobuf: " + e, e);
        }
    }
}
