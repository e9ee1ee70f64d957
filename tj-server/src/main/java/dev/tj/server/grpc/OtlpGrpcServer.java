package dev.tj.server.grpc;

import dev.tj.core.access.IngestGate;
import dev.tj.core.ingest.IngestAnswer;
import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.ingest.IngestFront;
import dev.tj.core.ingest.IngestMetrics;
import dev.tj.core.ingest.IngestResult;
import dev.tj.core.ingest.Refusal;
import dev.tj.core.span.Machine;
import dev.tj.otlp.OtlpDecoder;
import dev.tj.server.http.HttpGuards;
import dev.tj.server.ingest.IngestOutcomes;
import dev.tj.server.ingest.Signal;
import dev.tj.server.tls.PemKeyStore;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC receiver for logs, traces and metrics. Same {@link IngestFront} as OTLP/HTTP, so the same
 * refusals in the same words; the call completes once the records are in the journal (fsynced).
 * Overload, shutdown and storage failures answer UNAVAILABLE (retryable per the OTLP spec),
 * malformed input INVALID_ARGUMENT, a missing or wrong ingest secret UNAUTHENTICATED.
 */
public final class OtlpGrpcServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OtlpGrpcServer.class);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Server server;

    private OtlpGrpcServer(Server server) {
        this.server = server;
    }

    /** Who sent a call: the machine of its ingest token, or absent (the secret, or open ingest). */
    public static final Context.Key<String> MACHINE = Context.key("tj.machine");

    /**
     * @param gate who may ingest (secret or machine token)
     * @param tls the identity to serve TLS with, or null for plaintext
     */
    public static OtlpGrpcServer start(
            String host,
            int port,
            long maxBodyBytes,
            IngestGate gate,
            PemKeyStore tls,
            OtlpDecoder decoder,
            IngestFront front)
            throws IOException {
        Receiver r = new Receiver(decoder, front);
        ServerInterceptor auth = new GateInterceptor(gate, front.metrics());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, maxBodyBytes))
                .maxInboundMetadataSize(64 * 1024)
                .addService(ServerInterceptors.intercept(new LogsService(r), auth))
                .addService(ServerInterceptors.intercept(new TraceService(r), auth))
                .addService(ServerInterceptors.intercept(new MetricsService(r), auth));
        if (tls != null) builder.sslContext(sslContext(tls));
        return new OtlpGrpcServer(builder.build().start());
    }

    private static SslContext sslContext(PemKeyStore tls) throws IOException {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(tls.keyStore(), tls.password());
            return GrpcSslContexts.configure(SslContextBuilder.forServer(kmf)).build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for gRPC: " + e.getClass().getSimpleName(), e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** Stops taking calls, lets running ones finish (up to the timeout), then stops. */
    public void shutdown(long timeoutMillis) {
        server.shutdown();
        try {
            if (!server.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
    }

    @Override
    public void close() {
        shutdown(10_000);
    }

    /** The ingest secret or a machine token on every call; the machine goes on the call's context. */
    private static final class GateInterceptor implements ServerInterceptor {
        private final IngestGate gate;
        private final IngestMetrics.Transport metrics;

        GateInterceptor(IngestGate gate, IngestMetrics.Transport metrics) {
            this.gate = gate;
            this.metrics = metrics;
        }

        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            IngestGate.Admission a = gate.admit(HttpGuards.bearer(headers.get(AUTHORIZATION)));
            if (!a.allowed()) {
                metrics.incrementRequests();
                metrics.incrementRequestsRefused();
                call.close(Status.UNAUTHENTICATED.withDescription("Invalid ingest secret"), new Metadata());
                return new ServerCall.Listener<>() {};
            }
            if (a.machine() == null) return next.startCall(call, headers);
            return Contexts.interceptCall(Context.current().withValue(MACHINE, a.machine()), call, headers, next);
        }
    }

    private static final class Receiver {
        final OtlpDecoder decoder;
        final IngestFront front;

        Receiver(OtlpDecoder decoder, IngestFront front) {
            this.decoder = decoder;
            this.front = front;
        }

        <R> void export(
                Signal signal,
                int wireBytes,
                Supplier<IngestBatch> decode,
                StreamObserver<R> out,
                Class<R> responseType) {
            String machine = MACHINE.get();
            front.accept(wireBytes, "protobuf", decode, machine == null ? null : new Machine(machine, null))
                    .thenAccept(answer -> {
                        try {
                            if (answer instanceof IngestAnswer.Accepted<IngestResult> ok) {
                                IngestResult result = ok.result();
                                out.onNext(responseType.cast(
                                        signal.response(result.rejected(), IngestOutcomes.summary(result))));
                                out.onCompleted();
                            } else {
                                var refused = (IngestAnswer.Refused<IngestResult>) answer;
                                out.onError(status(refused.kind())
                                        .withDescription(refused.message())
                                        .asRuntimeException());
                            }
                        } catch (RuntimeException e) {
                            // The client went away (call cancelled); nothing left to tell it.
                            log.debug("could not answer a gRPC export", e);
                        }
                    });
        }

        static Status status(Refusal kind) {
            return switch (kind) {
                case MALFORMED, UNSUPPORTED -> Status.INVALID_ARGUMENT;
                case TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
                case OVERLOADED, CLOSING, STORAGE_CLOSED, FAILED -> Status.UNAVAILABLE;
            };
        }
    }

    private static final class LogsService extends LogsServiceGrpc.LogsServiceImplBase {
        private final Receiver r;

        LogsService(Receiver r) {
            this.r = r;
        }

        @Override
        public void export(ExportLogsServiceRequest req, StreamObserver<ExportLogsServiceResponse> out) {
            r.export(
                    Signal.LOGS,
                    req.getSerializedSize(),
                    () -> r.decoder.logs(req),
                    out,
                    ExportLogsServiceResponse.class);
        }
    }

    private static final class TraceService extends TraceServiceGrpc.TraceServiceImplBase {
        private final Receiver r;

        TraceService(Receiver r) {
            this.r = r;
        }

        @Override
        public void export(ExportTraceServiceRequest req, StreamObserver<ExportTraceServiceResponse> out) {
            r.export(
                    Signal.TRACES,
                    req.getSerializedSize(),
                    () -> r.decoder.traces(req),
                    out,
                    ExportTraceServiceResponse.class);
        }
    }

    private static final class MetricsService extends MetricsServiceGrpc.MetricsServiceImplBase {
        private final Receiver r;

        MetricsService(Receiver r) {
            this.r = r;
        }

        @Override
        public void export(ExportMetricsServiceRequest req, StreamObserver<ExportMetricsServiceResponse> out) {
            r.export(
                    Signal.METRICS,
                    req.getSerializedSize(),
                    () -> r.decoder.metrics(req),
                    out,
                    ExportMetricsServiceResponse.class);
        }
    }
}
