package dev.tj.server;

import dev.tj.core.access.IngestGate;
import dev.tj.core.access.MachineTokens;
import dev.tj.core.attention.AttentionBoard;
import dev.tj.core.config.TjConfig;
import dev.tj.core.drilldown.TranscriptSearch;
import dev.tj.core.ingest.BatchWriter;
import dev.tj.core.ingest.IngestFront;
import dev.tj.core.ingest.IngestJournal;
import dev.tj.core.ingest.IngestMetrics;
import dev.tj.core.ingest.IngestPipeline;
import dev.tj.core.ingest.Sanitizer;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.session.Lifecycle;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.snapshot.SnapshotKeeper;
import dev.tj.core.snapshot.SnapshotProducer;
import dev.tj.core.status.StatusService;
import dev.tj.core.storage.Storage;
import dev.tj.core.storage.StorageUnavailableException;
import dev.tj.core.upstream.Forwarder;
import dev.tj.otlp.OtlpDecoder;
import dev.tj.server.api.AccessModule;
import dev.tj.server.api.ApiModule;
import dev.tj.server.api.PrometheusModule;
import dev.tj.server.grpc.OtlpGrpcServer;
import dev.tj.server.http.HttpGuards;
import dev.tj.server.ingest.BackfillModule;
import dev.tj.server.ingest.CatchupModule;
import dev.tj.server.ingest.IngestRoutes;
import dev.tj.server.ingest.OtlpHttpModule;
import dev.tj.server.tls.HttpsConnector;
import dev.tj.server.tls.PemKeyStore;
import dev.tj.server.upstream.HttpUpstream;
import dev.tj.server.upstream.UpstreamModule;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: one writer, the OTLP receivers (HTTP and gRPC), the REST API, the dashboard.
 * It owns the storage it is given and closes it on {@link #close()}.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    /** How long close() lets in-flight requests finish. */
    static final long DRAIN_MILLIS = 10_000;

    private final ServerContext context;
    private final Javalin http;
    private final OtlpGrpcServer grpc;
    private final ExecutorService responder;
    private final AtomicBoolean closing;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService sweeper;
    private final CatchupModule catchup;
    private final Forwarder forwarder;

    /** How often sessions that went stale are looked for (their snapshots are kept then). */
    static final long STALE_SWEEP_MINUTES = 5;

    private static void sweep(SnapshotKeeper keeper) {
        try {
            keeper.sweepStale();
        } catch (RuntimeException e) {
            log.warn("stale-session sweep failed", e);
        }
    }

    private Daemon(
            ServerContext context,
            Javalin http,
            OtlpGrpcServer grpc,
            ExecutorService responder,
            AtomicBoolean closing,
            ScheduledExecutorService sweeper,
            CatchupModule catchup,
            Forwarder forwarder) {
        this.sweeper = sweeper;
        this.catchup = catchup;
        this.forwarder = forwarder;
        this.context = context;
        this.http = http;
        this.grpc = grpc;
        this.responder = responder;
        this.closing = closing;
    }

    /** The upstream forwarder {@code [upstream]} asks for; null when none, or when there is no durable journal to forward from. */
    private static Forwarder forwarder(TjConfig.Upstream up, IngestJournal journal, Clock clock) {
        if (!up.enabled()) return null;
        if (journal.directory() == null) {
            log.warn("[upstream] url is set but this storage keeps no ingest journal: nothing is forwarded");
            return null;
        }
        log.info("forwarding everything stored to {}", up.url());
        return new Forwarder(journal, new HttpUpstream(up.url(), up.token()), up.url(), clock);
    }

    /** The drill-in over the configured transcript roots; stories of unchanged files are kept (64 at most). */
    static dev.tj.core.drilldown.Drilldown drilldown(TjConfig config, Clock clock) {
        return new dev.tj.core.drilldown.Drilldown(
                TranscriptSearch.of(
                        config.sessions().claudeProjectsRoot(),
                        config.sessions().codexSessionsRoot(),
                        clock),
                new dev.tj.core.drilldown.StoryCache(64));
    }

    /**
     * Builds everything and starts listening on {@code [api] host}, {@code port} and {@code grpc_port}
     * (0 picks a free port). If startup fails, whatever was started is stopped and storage closed.
     */
    public static Daemon start(TjConfig config, Storage storage, Pricing pricing, Clock clock) {
        return start(config, storage, pricing, clock, null);
    }

    /**
     * Same, with what method snapshots hold: {@code producer} is asked for a session's payloads when
     * it closes or completes, goes stale, or is backfilled through the daemon; null keeps the
     * drill-in's story of the session's transcript.
     */
    public static Daemon start(
            TjConfig config, Storage storage, Pricing pricing, Clock clock, SnapshotProducer producer) {
        IngestMetrics metrics = new IngestMetrics();
        SessionAccumulator accumulator = new SessionAccumulator(config::planFor, config::projectFor);
        IngestJournal journal = storage.journalDirectory()
                .map(dir -> IngestJournal.open(dir, storage.journalPosition()))
                .orElseGet(IngestJournal::none);
        BatchWriter writer = new BatchWriter(storage, accumulator, metrics, config.ingest(), journal);
        Forwarder forwarder = forwarder(config.upstream(), journal, clock);
        ExecutorService responder = IdlePool.of("tj-respond-", 4);
        dev.tj.core.drilldown.Drilldown drilldown = drilldown(config, clock);
        SnapshotKeeper keeper = new SnapshotKeeper(
                storage,
                producer != null ? producer : new dev.tj.core.drilldown.StorySnapshots(drilldown),
                snapshots -> writer.saveSnapshots(snapshots).join(),
                clock,
                config.sessions().idleWindow());
        writer.onCommit(keeper::committed);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tj-stale-sweep");
            t.setDaemon(true);
            return t;
        });
        Javalin http = null;
        OtlpGrpcServer grpc = null;
        CatchupModule catchup = null;
        try {
            String refusal = config.api().bindRefusal();
            if (refusal != null) throw new IllegalStateException(refusal);
            if (!config.api().loopback() && !config.api().tls()) {
                log.warn(
                        "!!! --insecure-http: serving PLAIN HTTP on {}, not a loopback address: tokens, API keys and "
                                + "telemetry cross the network in clear text. Set [api] tls_cert and tls_key. !!!",
                        config.api().host());
            }
            PemKeyStore identity = config.api().tls()
                    ? PemKeyStore.load(config.api().tlsCert(), config.api().tlsKey())
                    : null;
            MachineTokens machineTokens = new MachineTokens(storage.tokens(), clock);
            IngestGate gate = new IngestGate(config.security().ingestSecret(), machineTokens);
            IngestPipeline pipeline = new IngestPipeline(
                    new Sanitizer(config.security()),
                    pricing,
                    writer,
                    metrics.forTransport(IngestMetrics.HTTP),
                    clock,
                    config.machine());
            Lifecycle lifecycle = new Lifecycle(config.sessions().idleWindow());
            TranscriptSearch transcripts = drilldown.search();
            AttentionBoard attention = new AttentionBoard();
            StatusService status = new StatusService(storage, config, lifecycle, transcripts, attention, clock);
            ServerContext ctx = new ServerContext(
                    config,
                    storage,
                    pipeline,
                    writer,
                    status,
                    attention,
                    lifecycle,
                    transcripts,
                    pricing,
                    metrics,
                    clock,
                    keeper);
            OtlpDecoder decoder = new OtlpDecoder();
            SessionFacts facts = new SessionFacts(4);
            AtomicBoolean closing = new AtomicBoolean();

            BackfillModule backfill =
                    new BackfillModule(front(pipeline, metrics, IngestMetrics.BACKFILL, closing, responder));
            UpstreamModule upstream =
                    new UpstreamModule(front(pipeline, metrics, IngestMetrics.FORWARD, closing, responder), forwarder);
            catchup = new CatchupModule(backfill, ctx);
            // What the live path missed is read while the ports open (the writer and pipeline are
            // ready): on two cores the first pass overlaps the mostly single-threaded HTTP and gRPC
            // start. Live work cannot be doubled by the head start: the catch-up reads only files
            // quiet for settle_seconds and drops what a session already holds live (LiveFilter), as
            // it does later on.
            catchup.start();
            List<RouteModule> modules = List.of(
                    new OtlpHttpModule(decoder, front(pipeline, metrics, IngestMetrics.HTTP, closing, responder)),
                    backfill,
                    catchup,
                    new ApiModule(responder, facts),
                    new dev.tj.server.api.QuotaModule(),
                    new dev.tj.server.api.HookModule(),
                    new dev.tj.server.api.StatuslineModule(),
                    upstream,
                    new PrometheusModule(catchup::status, upstream::status),
                    new dev.tj.server.ui.DashboardModule(),
                    new dev.tj.server.cost.CostModule(),
                    new dev.tj.server.diagnostic.DiagnosticsModule(),
                    new dev.tj.server.drilldown.DrilldownModule(drilldown, facts),
                    new AccessModule(machineTokens));
            HttpGuards guards = new HttpGuards(config, metrics, gate);
            http = Javalin.create(cfg -> configure(cfg, config, identity, ctx, guards, modules));
            http.start();
            grpc = OtlpGrpcServer.start(
                    config.api().host(),
                    config.api().grpcPort(),
                    config.security().maxBodyBytes(),
                    gate,
                    identity,
                    decoder,
                    front(pipeline, metrics, IngestMetrics.GRPC, closing, responder));
            log.info(
                    "tj listening: {} {}:{}, grpc{} {}:{}",
                    config.api().scheme(),
                    config.api().host(),
                    http.port(),
                    identity != null ? " (TLS)" : "",
                    config.api().host(),
                    grpc.port());
            sweeper.scheduleWithFixedDelay(() -> sweep(keeper), 1, STALE_SWEEP_MINUTES, TimeUnit.MINUTES);
            if (forwarder != null) forwarder.start();
            return new Daemon(ctx, http, grpc, responder, closing, sweeper, catchup, forwarder);
        } catch (Exception | Error e) {
            if (catchup != null) catchup.close();
            if (forwarder != null) forwarder.close();
            if (grpc != null) grpc.shutdown(1000);
            if (http != null) stopQuietly(http);
            sweeper.shutdownNow();
            keeper.close();
            responder.shutdown();
            try {
                writer.close();
            } catch (RuntimeException ignored) {
                // storage may already be unusable
            }
            try {
                storage.close();
            } catch (RuntimeException ignored) {
                // nothing more to do
            }
            if (e instanceof RuntimeException re) throw re;
            if (e instanceof Error err) throw err;
            throw new IllegalStateException("tj failed to start: " + e.getMessage(), e);
        }
    }

    private static final Duration READ_WAIT = Duration.ofSeconds(5);

    private static void configure(
            JavalinConfig cfg,
            TjConfig config,
            PemKeyStore identity,
            ServerContext ctx,
            HttpGuards guards,
            List<RouteModule> modules) {
        cfg.jsonMapper(Json.javalin());
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.jetty.host = config.api().host();
        cfg.jetty.port = config.api().port();
        if (identity != null) {
            // the only connector: HTTPS on the configured address (Javalin adds its plain one only when none is)
            cfg.jetty.addConnector((server, httpConfig) -> HttpsConnector.create(
                    server,
                    httpConfig,
                    identity,
                    config.api().host(),
                    config.api().port()));
        }
        // Routes that read ctx.body() get the same bound as the ingest receivers (which stream).
        cfg.http.maxRequestSize = config.security().maxBodyBytes();
        // Javalin copies every result through a fresh buffer of this size (Jetty's 32 KB by
        // default): at thousands of ingest answers a second of a few dozen bytes each, that buffer
        // was an eighth of everything the daemon allocated. Larger results take a few more writes.
        cfg.http.responseBufferSize = 8192;
        cfg.jetty.modifyServer(server -> {
            // Graceful stop: close the connectors, then wait for in-flight requests.
            server.setHandler(new GracefulHandler());
            server.setStopTimeout(DRAIN_MILLIS);
        });
        guards.register(cfg);
        cfg.routes.before(c -> awaitAnswered(c, ctx));
        for (RouteModule m : modules) m.register(cfg, ctx);
        cfg.routes.exception(HttpResponseException.class, (e, c) -> {
            String message = e.getStatus() == 404 ? "Not found: " + c.method() + " " + c.path() : e.getMessage();
            c.status(e.getStatus()).json(Map.of("error", message == null ? "HTTP " + e.getStatus() : message));
        });
        cfg.routes.exception(StorageUnavailableException.class, (e, c) -> {
            // the database is down or restarting: a read can be asked again shortly (ingest still
            // answers from the journal); the message names the database without its password
            log.warn("{} {}: {}", c.method(), c.path(), e.getMessage());
            c.status(503).header("Retry-After", "5").json(Map.of("error", "Storage is unavailable; retry later"));
        });
        cfg.routes.exception(Exception.class, (e, c) -> {
            log.error("unhandled error on {} {}", c.method(), c.path(), e);
            c.status(500).json(Map.of("error", "Internal server error"));
        });
    }

    /**
     * Read-your-writes: an answered record is durable in the journal before it is in storage, so API
     * reads first wait (briefly) for the writer to apply everything answered so far.
     */
    private static void awaitAnswered(Context c, ServerContext ctx) {
        String path = c.path();
        if (c.method() == HandlerType.OPTIONS || IngestRoutes.isOtlpReceiver(path)) return;
        // not while storage is away: nothing would be applied, each read would only wait out READ_WAIT
        if ((path.startsWith("/api/") || path.equals("/metrics"))
                && ctx.writer().storageUnavailableSince().isEmpty())
            ctx.writer().awaitApplied(READ_WAIT);
    }

    private static IngestFront front(
            IngestPipeline pipeline,
            IngestMetrics metrics,
            String transport,
            AtomicBoolean closing,
            ExecutorService responder) {
        return new IngestFront(pipeline, metrics.forTransport(transport), closing::get, responder);
    }

    /** Waits until the transcript catch-up's first pass is done (or was never to run), at most {@code max}. */
    public boolean awaitFirstCatchup(Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            String state = catchup.status().state();
            if (!state.equals("starting") && !state.equals("catching_up")) return true;
            Thread.sleep(20);
        }
        return false;
    }

    public int httpPort() {
        return http.port();
    }

    public int grpcPort() {
        return grpc.port();
    }

    public ServerContext context() {
        return context;
    }

    /**
     * Graceful stop: refuse new ingest, stop accepting connections and let in-flight requests finish
     * (their records are in the journal, fsynced, before they are answered), then drain the writer so
     * that everything answered is applied, checkpoint and close storage.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        closing.set(true);
        catchup.close();
        if (forwarder != null) forwarder.close();
        stopQuietly(http);
        grpc.shutdown(DRAIN_MILLIS);
        sweeper.shutdownNow();
        context.snapshots().close();
        try {
            context.writer().close();
        } catch (RuntimeException e) {
            log.error("writer did not close cleanly", e);
        }
        responder.shutdown();
        try {
            responder.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            context.storage().close();
        } catch (RuntimeException e) {
            log.error("storage did not close cleanly", e);
        }
    }

    private static void stopQuietly(Javalin http) {
        try {
            http.stop();
        } catch (RuntimeException e) {
            log.warn("http server did not stop cleanly", e);
        }
    }
}
