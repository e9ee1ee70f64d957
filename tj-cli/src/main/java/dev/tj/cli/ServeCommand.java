package dev.tj.cli;

import dev.tj.core.config.TjConfig;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.storage.Storage;
import dev.tj.server.Daemon;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run the tj daemon in the foreground: OTLP receivers, REST API and dashboard.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(
            names = "--host",
            description = "Address to bind (default 127.0.0.1; use 0.0.0.0 only on a trusted network)")
    String host;

    @Option(names = "--port", description = "HTTP port for OTLP/HTTP, API and dashboard (default 7391)")
    Integer port;

    @Option(names = "--grpc-port", description = "OTLP/gRPC port (default 4317)")
    Integer grpcPort;

    @Override
    public Integer call() throws Exception {
        TjConfig config = configOption.load();
        Path home = ConfigOption.tjHome();
        IngestSecret.Result secret = IngestSecret.findOrCreate(config, home);
        TjConfig.Api api = config.api();
        config = config.withApi(new TjConfig.Api(
                        host != null ? host : api.host(),
                        port != null ? port : api.port(),
                        grpcPort != null ? grpcPort : api.grpcPort(),
                        api.authEnabled(),
                        api.apiKey()))
                .withSecurity(config.security().withIngestSecret(secret.secret()));
        Files.createDirectories(config.storage().path().toAbsolutePath().getParent());
        Storage storage = Stores.open(config.storage());
        Pricing pricing = Pricing.load(config, System.getenv(), ConfigOption.home());
        // The hook is in place before the port opens: a SIGTERM that arrives as soon as /health
        // answers must still drain and checkpoint.
        AtomicReference<Daemon> running = new AtomicReference<>();
        AtomicReference<ServerState> written = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.err.println(
                                    "tj: shutting down (draining queued writes, checkpointing the database)");
                            try {
                                Daemon d;
                                synchronized (running) { // waits for a start in progress to finish
                                    d = running.get();
                                }
                                if (d != null) d.close();
                                else storage.close();
                            } finally {
                                if (written.get() != null) written.get().delete();
                                stopped.countDown();
                            }
                        },
                        "tj-shutdown"));
        Daemon daemon;
        synchronized (running) {
            daemon = Daemon.start(config, storage, pricing, Clock.systemUTC());
            running.set(daemon);
        }
        written.set(ServerState.write(
                home, ProcessHandle.current().pid(), config.api().host(), daemon.httpPort(), daemon.grpcPort()));
        banner(System.out, config, daemon, secret);
        stopped.await();
        return 0;
    }

    private static void banner(PrintStream out, TjConfig config, Daemon daemon, IngestSecret.Result secret) {
        String host = config.api().host().equals("0.0.0.0")
                ? "127.0.0.1"
                : config.api().host();
        String base = "http://" + host + ":" + daemon.httpPort();
        out.println("tj " + Version.current() + " is running");
        out.println("  dashboard   " + base + "/");
        out.println("  OTLP/HTTP   " + base + "  (POST /v1/logs, /v1/traces, /v1/metrics; json or protobuf, gzip ok)");
        out.println("  OTLP/gRPC   http://" + host + ":" + daemon.grpcPort());
        out.println("  metrics     " + base + "/metrics");
        out.println("  database    " + config.storage().path());
        if (config.security().ingestSecret().equals(secret.secret()) && secret.file() != null) {
            out.println("  secret      " + (secret.created() ? "created " : "") + secret.file()
                    + "  (ingest POSTs need: Authorization: Bearer <secret>)");
        }
        out.println();
        out.println("Point Claude Code at tj: add to the \"env\" block of ~/.claude/settings.json");
        out.println("  \"CLAUDE_CODE_ENABLE_TELEMETRY\": \"1\",");
        out.println("  \"OTEL_LOGS_EXPORTER\": \"otlp\",");
        out.println("  \"OTEL_METRICS_EXPORTER\": \"otlp\",");
        out.println("  \"OTEL_EXPORTER_OTLP_PROTOCOL\": \"http/protobuf\",");
        out.println("  \"OTEL_EXPORTER_OTLP_ENDPOINT\": \"" + base + "\",");
        out.println("  \"OTEL_EXPORTER_OTLP_HEADERS\": \"Authorization=Bearer <secret>\"");
        out.println("where <secret> is the content of " + secret.file() + " (or [security] ingest_secret).");
        out.println("For gRPC use OTEL_EXPORTER_OTLP_PROTOCOL=grpc and endpoint http://" + host + ":"
                + daemon.grpcPort() + ".");
        out.flush();
    }
}
