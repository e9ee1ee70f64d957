package dev.tj.cli;

import dev.tj.core.agent.Connection;
import dev.tj.core.config.TjConfig;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.storage.Storage;
import dev.tj.server.Daemon;
import dev.tj.server.tls.PemKeyStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    @Option(
            names = "--storage-url",
            description = "A PostgreSQL database shared with other tj nodes, postgresql://user:pass@host:5432/db "
                    + "(default: [storage] url, TJ_STORAGE_URL, else the local DuckDB file)")
    String storageUrl;

    @Option(
            names = "--check",
            description = "Start everything (database, ports, the catch-up's first pass), then stop: checks the setup. "
                    + "bin/tj runs it once per build to make the daemon's class-data archive.")
    boolean check;

    private static final java.time.Duration CHECK_CATCHUP_WAIT = java.time.Duration.ofMinutes(2);

    @Option(
            names = "--insecure-http",
            description = "Serve plain HTTP on a non-loopback --host without [api] tls_cert/tls_key "
                    + "(tokens and keys then cross the network in clear text)")
    boolean insecureHttp;

    @Override
    public Integer call() throws Exception {
        TjConfig config = configOption.load();
        Path home = ConfigOption.tjHome();
        IngestSecret.Result secret = IngestSecret.findOrCreate(config, home);
        TjConfig.Api api = config.api();
        config = config.withApi(api.withBind(
                                host != null ? host : api.host(),
                                port != null ? port : api.port(),
                                grpcPort != null ? grpcPort : api.grpcPort())
                        .withInsecureHttp(insecureHttp))
                .withSecurity(config.security().withIngestSecret(secret.secret()));
        if (storageUrl != null) {
            if (!dev.tj.core.config.StorageUrl.isPostgres(storageUrl)) {
                System.err.println("tj: --storage-url must look like postgresql://user:password@host:5432/database: "
                        + dev.tj.core.config.StorageUrl.maskText(storageUrl));
                return 2;
            }
            config = config.withStorage(config.storage().withUrl(storageUrl));
        }
        String refusal = config.api().bindRefusal();
        if (refusal == null && config.api().tls()) {
            try {
                PemKeyStore.load(config.api().tlsCert(), config.api().tlsKey());
            } catch (IllegalArgumentException e) {
                refusal = e.getMessage();
            }
        }
        if (refusal == null) refusal = refusal(home, config);
        if (refusal != null) {
            System.err.println("tj: " + refusal);
            return 1;
        }
        Files.createDirectories(config.storage().path().toAbsolutePath().getParent());
        // the price tables parse while the database opens: both sit on the path to the catch-up's first pass
        TjConfig loaded = config;
        CompletableFuture<Pricing> prices =
                CompletableFuture.supplyAsync(() -> Pricing.load(loaded, System.getenv(), ConfigOption.home()));
        Storage storage = Stores.open(config.storage());
        Pricing pricing;
        try {
            pricing = prices.join();
        } catch (CompletionException e) {
            storage.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
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
        if (check) {
            boolean caughtUp = daemon.awaitFirstCatchup(CHECK_CATCHUP_WAIT);
            System.out.println("tj serve --check: started (http " + config.api().host() + ":" + daemon.httpPort()
                    + ", grpc " + daemon.grpcPort() + ", database "
                    + config.storage().location() + ")"
                    + (caughtUp ? "" : ", the catch-up's first pass still running (it goes on at the next start)")
                    + "; stopping");
            return 0; // Main exits, and the shutdown hook drains and checkpoints as on a SIGTERM
        }
        written.set(ServerState.write(
                home,
                ProcessHandle.current().pid(),
                config.api().host(),
                daemon.httpPort(),
                daemon.grpcPort(),
                config.api().tls() ? PemKeyStore.publicKeyPin(config.api().tlsCert()) : null));
        if (!config.api().loopback() && !config.api().tls()) {
            System.err.println("tj: WARNING --insecure-http: plain HTTP on "
                    + config.api().host() + "; tokens, API keys and telemetry cross the network in clear text.");
        }
        banner(System.out, config, daemon, secret);
        stopped.await();
        return 0;
    }

    /**
     * Why this daemon cannot start, said before anything is opened: this home's daemon already
     * runs, or a port is taken (by whom, when the OS says).
     */
    static String refusal(Path home, TjConfig config) {
        Optional<ServerState> prior = ServerState.read(home);
        if (prior.flatMap(ServerState::process).isPresent()) {
            ServerState s = prior.get();
            return "tj is already running from " + home + " (pid " + s.pid() + ", http://" + s.host() + ":" + s.port()
                    + "). `tj stop` stops it.";
        }
        for (int port : new int[] {config.api().port(), config.api().grpcPort()}) {
            if (port == 0 || free(config.api().host(), port)) continue;
            Optional<Long> pid = PortHolder.pid(port);
            boolean tj =
                    tjVersion(port).isPresent() || pid.map(ServeCommand::runsTj).orElse(false);
            String who = (tj ? "a tj daemon" : "another program")
                    + pid.map(p -> " (pid " + p + (tj ? "" : commandOf(p)) + ")")
                            .orElse("");
            return "port " + port + " on " + config.api().host() + " is taken by " + who
                    + ". Stop it, or choose another port: --port/--grpc-port or [api] port/grpc_port.";
        }
        return null;
    }

    private static boolean free(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The version a tj on this port reports, if what listens there is a tj. */
    private static Optional<String> tjVersion(int port) {
        try {
            var r = new DaemonClient("http://127.0.0.1:" + port, null, 1000).get("/api/v1/version");
            return r.filter(DaemonClient.Response::ok)
                    .map(DaemonClient.Response::body)
                    .filter(b -> b.contains("\"version\""));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A tj started from its jar: {@code java … -jar …/tj*.jar serve}. */
    private static boolean runsTj(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().arguments())
                .map(a -> String.join(" ", a).matches("(?s).*-jar \\S*tj[^/\\s]*\\.jar serve.*"))
                .orElse(false);
    }

    private static String commandOf(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().command())
                .map(c -> ", " + c)
                .orElse("");
    }

    /** Which transcript folders the daemon follows for what the live path missed. */
    private static String catchup(TjConfig.Catchup c) {
        if (!c.enabled()) return "off ([catchup] enabled = false)";
        java.util.List<String> found = java.util.stream.Stream.concat(c.claudeRoots().stream(), c.codexRoots().stream())
                .filter(java.nio.file.Files::isDirectory)
                .map(Object::toString)
                .toList();
        return (found.isEmpty() ? "no transcript folder yet" : String.join(", ", found))
                + "  (files read once quiet for " + c.settle().toSeconds() + " s; GET /api/v1/catchup)";
    }

    private static void banner(PrintStream out, TjConfig config, Daemon daemon, IngestSecret.Result secret) {
        String host = config.api().host().equals("0.0.0.0")
                ? "127.0.0.1"
                : config.api().host();
        String base = config.api().scheme() + "://" + host + ":" + daemon.httpPort();
        out.println("tj " + Version.current() + " is running");
        out.println("  dashboard   " + base + "/");
        out.println("  OTLP/HTTP   " + base + "  (POST /v1/logs, /v1/traces, /v1/metrics; json or protobuf, gzip ok)");
        out.println("  OTLP/gRPC   " + config.api().scheme() + "://" + host + ":" + daemon.grpcPort());
        out.println("  metrics     " + base + "/metrics");
        out.println("  database    " + config.storage().location());
        out.println("  catch-up    " + catchup(config.catchup()));
        if (config.security().ingestSecret().equals(secret.secret()) && secret.file() != null) {
            out.println("  secret      " + (secret.created() ? "created " : "") + secret.file()
                    + "  (ingest POSTs need: Authorization: Bearer <secret>)");
        }
        out.println();
        for (String line : Connection.helpLines()) out.println(line);
        out.println(Connection.local(host, daemon.httpPort(), Connection.SECRET_PLACEHOLDER)
                .settingsSnippet());
        out.println("Your ingest secret is the content of " + secret.file() + " (or [security] ingest_secret).");
        out.println("For gRPC use OTEL_EXPORTER_OTLP_PROTOCOL=grpc and endpoint http://" + host + ":"
                + daemon.grpcPort() + ".");
        out.flush();
    }
}
