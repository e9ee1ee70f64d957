package dev.tj.core.config;

import dev.tj.core.session.PlanTier;
import dev.tj.core.span.Machine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything tj reads from its TOML config (TokenJam-compatible keys), with defaults.
 *
 * @param sessionLabels    {@code [session_labels]}: key is a session id or a prefix of one, in file order
 * @param agentProjects    {@code [agents.<id>].project}
 * @param declaredPlans    {@code [budget.<provider>].plan}, keyed by provider, sorted
 * @param pricingOverrides the raw {@code [pricing]} table (provider tables and {@code models}), may be empty
 * @param source           the file this came from, or null for defaults
 */
public record TjConfig(
        Api api,
        Security security,
        Storage storage,
        Ingest ingest,
        Sessions sessions,
        Map<String, String> agentProjects,
        LinkedHashMap<String, String> sessionLabels,
        Map<String, PlanTier> declaredPlans,
        Map<String, Object> pricingOverrides,
        Catchup catchup,
        Upstream upstream,
        Machine machine,
        Path source) {

    /** Without a {@code [catchup]} section: catch-up on, with no roots (what a config built in code gets). */
    public TjConfig(
            Api api,
            Security security,
            Storage storage,
            Ingest ingest,
            Sessions sessions,
            Map<String, String> agentProjects,
            LinkedHashMap<String, String> sessionLabels,
            Map<String, PlanTier> declaredPlans,
            Map<String, Object> pricingOverrides,
            Path source) {
        this(
                api,
                security,
                storage,
                ingest,
                sessions,
                agentProjects,
                sessionLabels,
                declaredPlans,
                pricingOverrides,
                Catchup.DEFAULT,
                Upstream.NONE,
                Machine.local(),
                source);
    }

    /**
     * {@code [api]}, {@code [api.auth]}, and the gRPC port {@code [api] grpc_port}.
     *
     * @param readApiKey   {@code [api.auth] read_api_key}: with auth enabled, a second key that may
     *                     only read (GET); empty when there is none
     * @param tlsCert      {@code [api] tls_cert}: PEM certificate chain, leaf first; null for plain HTTP
     * @param tlsKey       {@code [api] tls_key}: its PEM private key; set exactly when tlsCert is
     * @param insecureHttp {@code tj serve --insecure-http} only (no TOML key, so it is always said
     *                     out loud): serve plain HTTP on a non-loopback address anyway
     */
    public record Api(
            String host,
            int port,
            int grpcPort,
            boolean authEnabled,
            String apiKey,
            String readApiKey,
            Path tlsCert,
            Path tlsKey,
            boolean insecureHttp) {
        public Api {
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("[api] tls_cert and tls_key go together");
            }
            if (readApiKey == null) readApiKey = "";
        }

        /** Without team access settings: plain HTTP, no read-only key. */
        public Api(String host, int port, int grpcPort, boolean authEnabled, String apiKey) {
            this(host, port, grpcPort, authEnabled, apiKey, "", null, null, false);
        }

        public boolean tls() {
            return tlsCert != null;
        }

        /** "https" when TLS is configured, else "http". */
        public String scheme() {
            return tls() ? "https" : "http";
        }

        public Api withBind(String newHost, int newPort, int newGrpcPort) {
            return new Api(
                    newHost, newPort, newGrpcPort, authEnabled, apiKey, readApiKey, tlsCert, tlsKey, insecureHttp);
        }

        public Api withTls(Path cert, Path key) {
            return new Api(host, port, grpcPort, authEnabled, apiKey, readApiKey, cert, key, insecureHttp);
        }

        public Api withInsecureHttp(boolean insecure) {
            return new Api(host, port, grpcPort, authEnabled, apiKey, readApiKey, tlsCert, tlsKey, insecure);
        }

        public Api withReadApiKey(String key) {
            return new Api(host, port, grpcPort, authEnabled, apiKey, key, tlsCert, tlsKey, insecureHttp);
        }

        /** Whether {@link #host} is a loopback address or name (127.0.0.0/8, ::1, localhost). */
        public boolean loopback() {
            return Loopback.isLoopback(host);
        }

        /**
         * Why these settings may not serve, or null: a non-loopback bind needs TLS, unless plain HTTP
         * was asked for explicitly.
         */
        public String bindRefusal() {
            if (loopback() || tls() || insecureHttp) return null;
            return "refusing to serve plain HTTP on " + host + ", which is not a loopback address: tokens, "
                    + "API keys and telemetry would cross the network in clear text. Set [api] tls_cert and "
                    + "[api] tls_key (PEM files), or pass --insecure-http to do it anyway.";
        }
    }

    /** {@code [security]}. maxBodyBytes bounds both the wire body and its gunzipped size. */
    public record Security(
            String ingestSecret,
            int maxAttributeBytes,
            int maxAttributesPerSpan,
            int maxAttributeDepth,
            long maxBodyBytes,
            Duration maxFutureSkew) {
        public Security withIngestSecret(String secret) {
            return new Security(
                    secret, maxAttributeBytes, maxAttributesPerSpan, maxAttributeDepth, maxBodyBytes, maxFutureSkew);
        }
    }

    /**
     * {@code [storage]}.
     *
     * @param path        the DuckDB file; with a PostgreSQL {@code url}, where this node keeps its own
     *                    files (its id and ingest journal) beside it
     * @param backend     which store: {@code duckdb} (the default) or {@code postgresql}
     * @param memoryLimit what the store may keep in memory (DuckDB's {@code memory_limit}, e.g. 256MB)
     * @param threads     worker threads of the store (default 1; 0: the store's own default, one per core)
     * @param url         the shared database ({@code [storage] url}, {@code TJ_STORAGE_URL} or
     *                    {@code tj serve --storage-url}): {@code postgresql://user:pass@host:5432/db}; null
     *                    for DuckDB. Holds a password: show {@link #location()}, never this.
     */
    public record Storage(Path path, String backend, String memoryLimit, int threads, String url) {
        public static final String DUCKDB = "duckdb";
        public static final String POSTGRESQL = "postgresql";
        /** DuckDB's buffer pool when unconfigured: bounded, unlike DuckDB's own 80 % of RAM. */
        public static final String DEFAULT_MEMORY_LIMIT = "128MB";
        // One DuckDB worker: on a laptop the writer shares the cores with the HTTP threads,
        // and a second worker made the writer's commit spin on the task queue (2-core
        // machine: ingest 24k -> 30k records/s, backfill 8.2 -> 7.6 s, status p95 89 -> 76 ms).
        public static final int DEFAULT_THREADS = 1;

        public Storage(Path path, String backend, String memoryLimit, int threads) {
            this(path, backend, memoryLimit, threads, null);
        }

        /** The same store settings on the database at {@code url} (checked; null keeps DuckDB). */
        public Storage withUrl(String url) {
            if (url == null || url.isBlank()) return this;
            StorageUrl.parse(url);
            return new Storage(path, POSTGRESQL, memoryLimit, threads, url.trim());
        }

        public boolean isPostgres() {
            return POSTGRESQL.equals(backend);
        }

        /** Where the data is, as it may be shown (the password masked). */
        public String location() {
            return isPostgres() ? StorageUrl.parse(url).masked() : String.valueOf(path);
        }

        /** This node's own directory next to the configured path (PostgreSQL: node id and journal). */
        public Path nodeDirectory() {
            Path abs = path.toAbsolutePath();
            return abs.resolveSibling(abs.getFileName() + ".node");
        }

        @Override
        public String toString() {
            return "Storage[" + backend + " " + location() + ", memoryLimit=" + memoryLimit + ", threads=" + threads
                    + "]";
        }
    }

    /** {@code [ingest]}: the writer queue bound (records) and the largest group commit. */
    public record Ingest(int queueRecords, int batchRecords) {}

    /**
     * {@code [sessions]}: the idle window, where Claude Code transcripts are looked up
     * ({@code claude_projects_root}) and where Codex rollouts are ({@code codex_sessions_root}).
     */
    public record Sessions(Duration idleWindow, Path claudeProjectsRoot, Path codexSessionsRoot) {
        public Sessions(Duration idleWindow, Path claudeProjectsRoot) {
            this(idleWindow, claudeProjectsRoot, null);
        }
    }

    /**
     * {@code [catchup]}: whether {@code tj serve} follows the transcript roots and stores what the live
     * path missed, how long a changed file must be quiet before it is read, and the roots (resolved by
     * {@link ConfigLoader}: {@code claude_roots} / {@code codex_roots}, else the agents' own locations).
     * Roots that do not exist yet are fine.
     */
    public record Catchup(
            boolean enabled, Duration settle, java.util.List<Path> claudeRoots, java.util.List<Path> codexRoots) {
        public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(30);
        public static final Catchup DEFAULT =
                new Catchup(true, DEFAULT_SETTLE, java.util.List.of(), java.util.List.of());

        public Catchup {
            claudeRoots = java.util.List.copyOf(claudeRoots);
            codexRoots = java.util.List.copyOf(codexRoots);
        }
    }

    /**
     * {@code [upstream]}: a team server this tj forwards everything it stores to (local-first: the
     * local store stays whole), and the ingest token it sends. Empty url: no forwarding.
     */
    public record Upstream(String url, String token) {
        public static final Upstream NONE = new Upstream("", "");

        public Upstream {
            url = url == null ? "" : url.strip();
            token = token == null ? "" : token.strip();
        }

        public boolean enabled() {
            return !url.isEmpty();
        }

        @Override
        public String toString() { // never the token
            return "Upstream[url=" + url + ", token=" + (token.isEmpty() ? "none" : "set") + "]";
        }
    }

    public static TjConfig defaults(Path tjHome) {
        return new TjConfig(
                new Api("127.0.0.1", 7391, 4317, false, ""),
                new Security("", 65536, 256, 10, 32L * 1024 * 1024, Duration.ofHours(24)),
                new Storage(
                        tjHome.resolve("telemetry.duckdb"),
                        Storage.DUCKDB,
                        Storage.DEFAULT_MEMORY_LIMIT,
                        Storage.DEFAULT_THREADS),
                // Batches of 8,000: every record in flight is live heap that each young collection
                // copies, and larger batches made the pauses, not the commits, the writer's limit.
                new Ingest(200_000, 8_000),
                new Sessions(Duration.ofMinutes(240), null),
                Map.of(),
                new LinkedHashMap<>(),
                Map.of(),
                Map.of(),
                null);
    }

    public String projectFor(String agentId) {
        return agentId == null ? null : agentProjects.get(agentId);
    }

    public PlanTier planFor(String billingAccount) {
        return billingAccount == null ? null : declaredPlans.get(billingAccount);
    }

    public TjConfig withApi(Api a) {
        return new TjConfig(
                a,
                security,
                storage,
                ingest,
                sessions,
                agentProjects,
                sessionLabels,
                declaredPlans,
                pricingOverrides,
                catchup,
                upstream,
                machine,
                source);
    }

    public TjConfig withSecurity(Security s) {
        return new TjConfig(
                api,
                s,
                storage,
                ingest,
                sessions,
                agentProjects,
                sessionLabels,
                declaredPlans,
                pricingOverrides,
                catchup,
                upstream,
                machine,
                source);
    }

    public TjConfig withStorage(Storage st) {
        return new TjConfig(
                api,
                security,
                st,
                ingest,
                sessions,
                agentProjects,
                sessionLabels,
                declaredPlans,
                pricingOverrides,
                catchup,
                upstream,
                machine,
                source);
    }

    public TjConfig withSessions(Sessions s) {
        return new TjConfig(
                api,
                security,
                storage,
                ingest,
                s,
                agentProjects,
                sessionLabels,
                declaredPlans,
                pricingOverrides,
                catchup,
                upstream,
                machine,
                source);
    }

    public TjConfig withCatchup(Catchup c) {
        return new TjConfig(
                api,
                security,
                storage,
                ingest,
                sessions,
                agentProjects,
                sessionLabels,
                declaredPlans,
                pricingOverrides,
                c,
                upstream,
                machine,
                source);
    }

    public TjConfig withUpstream(Upstream u) {
        return new TjConfig(
                api,
                security,
                storage,
                ingest,
                sessions,
                agentProjects,
                sessionLabels,
                declaredPlans,
                pricingOverrides,
                catchup,
                u,
                machine,
                source);
    }

    public TjConfig withMachine(Machine m) {
        return new TjConfig(
                api,
                security,
                storage,
                ingest,
                sessions,
                agentProjects,
                sessionLabels,
                declaredPlans,
                pricingOverrides,
                catchup,
                upstream,
                m,
                source);
    }
}
