package dev.tj.core.config;

import dev.tj.core.pricing.RateTables;
import dev.tj.core.session.PlanTier;
import dev.tj.core.span.Machine;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Finds and reads the TOML config: --config / TJ_CONFIG, then ./tokenjam.toml, ./.tj/config.toml,
 * ~/.config/tj/config.toml; defaults when none exists.
 *
 * <p>Keys are TokenJam's. Sections tj does not implement (proxy, alerts, capture, export,
 * defaults, policies, summarize ...) and unknown keys inside known sections are tolerated; a known
 * key with the wrong type or an out-of-range value is an error naming file, line and column.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** The smallest {@code [sessions] idle_minutes}: the active window is 5 minutes. */
    public static final int MIN_IDLE_MINUTES = 5;

    /**
     * @param explicit --config value or null
     * @param env      process environment (TJ_CONFIG, TJ_HOME, TJ_CLAUDE_PROJECTS_ROOT ...)
     * @param cwd      working directory
     * @param home     user home
     * @throws ConfigException with file, line and column on a syntax or type error
     */
    public static TjConfig load(Path explicit, Map<String, String> env, Path cwd, Path home) {
        if (env == null) env = Map.of();
        Path file = discover(explicit, env, cwd, home);
        Path tjHome = tjHome(env, cwd, home);
        TjConfig defaults = TjConfig.defaults(tjHome);
        Path projectsRoot = envPath(env, "TJ_CLAUDE_PROJECTS_ROOT", cwd, home);
        if (file == null) {
            Path root = projectsRoot != null
                    ? projectsRoot
                    : home.resolve(".claude").resolve("projects");
            TjConfig.Sessions s =
                    new TjConfig.Sessions(defaults.sessions().idleWindow(), root, codexRoot(env, cwd, home, null));
            return withStorageUrl(defaults, env)
                    .withSessions(s)
                    .withCatchup(catchup(TjConfig.Catchup.DEFAULT, s, env, home));
        }
        TomlParseResult toml = TomlFiles.parse(file);
        TjConfig read = withStorageUrl(new Reader(toml, file, cwd, home).read(defaults, projectsRoot), env);
        TjConfig.Sessions s = read.sessions();
        TjConfig.Sessions sessions = new TjConfig.Sessions(
                s.idleWindow(), s.claudeProjectsRoot(), codexRoot(env, cwd, home, s.codexSessionsRoot()));
        return read.withSessions(sessions).withCatchup(catchup(read.catchup(), sessions, env, home));
    }

    /** {@code TJ_STORAGE_URL} chooses the shared database over the config file's storage. */
    private static TjConfig withStorageUrl(TjConfig config, Map<String, String> env) {
        String url = env.get("TJ_STORAGE_URL");
        if (url == null || url.isBlank()) return config;
        if (!StorageUrl.isPostgres(url)) {
            throw new ConfigException("TJ_STORAGE_URL must look like postgresql://user:password@host:5432/database: "
                    + StorageUrl.maskText(url));
        }
        return config.withStorage(config.storage().withUrl(url));
    }

    /**
     * The catch-up roots: {@code [catchup] claude_roots} / {@code codex_roots} when given, else every
     * place the agents may write (as {@code tj backfill} looks, existing or not, plus the
     * {@code [sessions]} roots).
     */
    private static TjConfig.Catchup catchup(
            TjConfig.Catchup read, TjConfig.Sessions sessions, Map<String, String> env, Path home) {
        List<Path> claude = !read.claudeRoots().isEmpty()
                ? read.claudeRoots()
                : dev.tj.core.history.TranscriptRoots.claudeCodeCandidates(env, home, sessions.claudeProjectsRoot());
        List<Path> codex = !read.codexRoots().isEmpty()
                ? read.codexRoots()
                : dev.tj.core.history.TranscriptRoots.codexCandidates(env, home, sessions.codexSessionsRoot());
        return new TjConfig.Catchup(read.enabled(), read.settle(), claude, codex);
    }

    /** {@code [sessions] codex_sessions_root}, else {@code $CODEX_HOME/sessions}, else {@code ~/.codex/sessions}. */
    private static Path codexRoot(Map<String, String> env, Path cwd, Path home, Path configured) {
        if (configured != null) return configured;
        Path codexHome = envPath(env, "CODEX_HOME", cwd, home);
        return (codexHome != null ? codexHome : home.resolve(".codex")).resolve("sessions");
    }

    /** The config file that {@link #load} would read, or null when it would use defaults. */
    public static Path discover(Path explicit, Map<String, String> env, Path cwd, Path home) {
        if (explicit != null) return mustExist(expand(explicit.toString(), cwd, home), "--config");
        String fromEnv = env == null ? null : env.get("TJ_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) return mustExist(expand(fromEnv.trim(), cwd, home), "TJ_CONFIG");
        for (Path p : List.of(
                cwd.resolve("tokenjam.toml"),
                cwd.resolve(".tj").resolve("config.toml"),
                home.resolve(".config").resolve("tj").resolve("config.toml"))) {
            if (Files.isRegularFile(p)) return p.toAbsolutePath().normalize();
        }
        return null;
    }

    /** TJ_HOME (default {@code ~/.tj}): where the database and server state live. */
    public static Path tjHome(Map<String, String> env, Path cwd, Path home) {
        Path p = envPath(env, "TJ_HOME", cwd, home);
        return p != null ? p : home.resolve(".tj");
    }

    private static Path envPath(Map<String, String> env, String name, Path cwd, Path home) {
        String v = env == null ? null : env.get(name);
        if (v == null || v.isBlank()) return null;
        try {
            return expand(v.trim(), cwd, home);
        } catch (InvalidPathException e) {
            throw new ConfigException(name + ": not a valid path: " + v);
        }
    }

    private static Path mustExist(Path p, String from) {
        if (!Files.isRegularFile(p)) throw new ConfigException(p + ": config file not found (from " + from + ")");
        return p;
    }

    /** {@code ~} and {@code ~/x} against home; relative paths against cwd. */
    static Path expand(String s, Path cwd, Path home) {
        Path p;
        if (s.equals("~")) p = home;
        else if (s.startsWith("~/") || s.startsWith("~" + java.io.File.separator)) p = home.resolve(s.substring(2));
        else p = Path.of(s);
        if (!p.isAbsolute()) p = cwd.resolve(p);
        return p.toAbsolutePath().normalize();
    }

    /** Typed reads from one parsed file, each failure naming file:line:column. */
    private static final class Reader {
        private final TomlParseResult root;
        private final Path file;
        private final String name;
        private final Path cwd;
        private final Path home;

        Reader(TomlParseResult root, Path file, Path cwd, Path home) {
            this.root = root;
            this.file = file;
            this.name = file.toString();
            this.cwd = cwd;
            this.home = home;
        }

        TjConfig read(TjConfig d, Path projectsRootFromEnv) {
            TjConfig.Api da = d.api();
            Path tlsCert = path(List.of("api", "tls_cert"), da.tlsCert());
            Path tlsKey = path(List.of("api", "tls_key"), da.tlsKey());
            if ((tlsCert == null) != (tlsKey == null)) {
                List<String> given = tlsCert != null ? List.of("api", "tls_cert") : List.of("api", "tls_key");
                throw error(given, "[api] tls_cert and [api] tls_key go together: set both or neither");
            }
            String apiKey = string(List.of("api", "auth", "api_key"), da.apiKey());
            String readKey = string(List.of("api", "auth", "read_api_key"), da.readApiKey());
            if (!readKey.isEmpty() && readKey.equals(apiKey)) {
                throw error(
                        List.of("api", "auth", "read_api_key"),
                        "[api.auth] read_api_key must differ from api_key (one may write, the other only read)");
            }
            TjConfig.Api api = new TjConfig.Api(
                    string(List.of("api", "host"), da.host()),
                    port(List.of("api", "port"), da.port()),
                    port(List.of("api", "grpc_port"), da.grpcPort()),
                    bool(List.of("api", "auth", "enabled"), da.authEnabled()),
                    apiKey,
                    readKey,
                    tlsCert,
                    tlsKey,
                    false);

            TjConfig.Security ds = d.security();
            TjConfig.Security security = new TjConfig.Security(
                    string(List.of("security", "ingest_secret"), ds.ingestSecret()),
                    (int) integer(
                            List.of("security", "max_attribute_bytes"), ds.maxAttributeBytes(), 1, Integer.MAX_VALUE),
                    (int) integer(
                            List.of("security", "max_attributes_per_span"),
                            ds.maxAttributesPerSpan(),
                            1,
                            Integer.MAX_VALUE),
                    (int) integer(List.of("security", "max_attribute_depth"), ds.maxAttributeDepth(), 1, 1000),
                    integer(List.of("security", "max_body_bytes"), ds.maxBodyBytes(), 1024, Long.MAX_VALUE),
                    hours(List.of("security", "max_future_skew_hours"), ds.maxFutureSkew()));

            TjConfig.Storage dst = d.storage();
            String backend = string(List.of("storage", "backend"), dst.backend());
            String url = string(List.of("storage", "url"), null);
            if (url != null && !url.isBlank() && !present(List.of("storage", "backend"))) {
                backend = TjConfig.Storage.POSTGRESQL;
            }
            if (!TjConfig.Storage.DUCKDB.equals(backend) && !TjConfig.Storage.POSTGRESQL.equals(backend)) {
                throw error(
                        List.of("storage", "backend"), "[storage] backend must be duckdb or postgresql: " + backend);
            }
            if (TjConfig.Storage.POSTGRESQL.equals(backend)) {
                if (url == null || url.isBlank()) {
                    throw error(
                            List.of("storage", "backend"),
                            "[storage] backend postgresql needs [storage] url = \"postgresql://user:pass@host:5432/db\"");
                }
                if (!StorageUrl.isPostgres(url)) {
                    throw error(
                            List.of("storage", "url"),
                            "[storage] url must look like postgresql://user:password@host:5432/database: "
                                    + StorageUrl.maskText(url));
                }
            } else if (url != null && !url.isBlank()) {
                throw error(List.of("storage", "url"), "[storage] url is for backend postgresql, not " + backend);
            }
            String memoryLimit = string(List.of("storage", "memory_limit"), dst.memoryLimit());
            if (!memoryLimit.matches("(?i)\\s*\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\\s*")) {
                throw error(
                        List.of("storage", "memory_limit"),
                        "[storage] memory_limit must be a size such as 256MB or 1GB: " + memoryLimit);
            }
            TjConfig.Storage storage = new TjConfig.Storage(
                    path(List.of("storage", "path"), dst.path()),
                    backend,
                    memoryLimit.trim(),
                    (int) integer(List.of("storage", "threads"), dst.threads(), 0, 1024),
                    TjConfig.Storage.POSTGRESQL.equals(backend) ? url.trim() : null);

            TjConfig.Ingest di = d.ingest();
            int queue = (int) integer(List.of("ingest", "queue_records"), di.queueRecords(), 1, Integer.MAX_VALUE);
            int batch = (int) integer(List.of("ingest", "batch_records"), di.batchRecords(), 1, Integer.MAX_VALUE);
            if (batch > queue && present(List.of("ingest", "batch_records"))) {
                throw error(
                        List.of("ingest", "batch_records"),
                        "[ingest] batch_records (" + batch + ") must not exceed queue_records (" + queue + ")");
            }
            TjConfig.Ingest ingest = new TjConfig.Ingest(queue, Math.min(batch, queue));

            long idle = integer(
                    List.of("sessions", "idle_minutes"),
                    d.sessions().idleWindow().toMinutes(),
                    MIN_IDLE_MINUTES,
                    525_600);
            Path projects = projectsRootFromEnv != null
                    ? projectsRootFromEnv
                    : path(
                            List.of("sessions", "claude_projects_root"),
                            home.resolve(".claude").resolve("projects"));
            Path codexSessions = path(List.of("sessions", "codex_sessions_root"), null);
            TjConfig.Sessions sessions = new TjConfig.Sessions(Duration.ofMinutes(idle), projects, codexSessions);

            TjConfig.Catchup dc = d.catchup();
            TjConfig.Catchup catchup = new TjConfig.Catchup(
                    bool(List.of("catchup", "enabled"), dc.enabled()),
                    Duration.ofSeconds(integer(
                            List.of("catchup", "settle_seconds"), dc.settle().toSeconds(), 0, 86_400)),
                    paths(List.of("catchup", "claude_roots")),
                    paths(List.of("catchup", "codex_roots")));

            return new TjConfig(
                    api,
                    security,
                    storage,
                    ingest,
                    sessions,
                    agentProjects(),
                    sessionLabels(),
                    declaredPlans(),
                    pricing(),
                    catchup,
                    upstream(),
                    machine(),
                    file);
        }

        /** {@code [machine] name} and {@code user}: what this tj stamps on records that do not say where they came from. */
        private Machine machine() {
            Machine local = Machine.local();
            return new Machine(
                    string(List.of("machine", "name"), local.name()), string(List.of("machine", "user"), local.user()));
        }

        private TjConfig.Upstream upstream() {
            List<String> at = List.of("upstream", "url");
            String url = string(at, "").strip();
            if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://"))
                throw error(at, "[upstream] url must start with http:// or https://, not " + url);
            return new TjConfig.Upstream(url, string(List.of("upstream", "token"), ""));
        }

        private Map<String, String> agentProjects() {
            TomlTable agents = table(List.of("agents"));
            if (agents == null) return Map.of();
            Map<String, String> out = new TreeMap<>();
            for (String id : agents.keySet()) {
                List<String> at = List.of("agents", id);
                if (table(at) == null) continue;
                String project = string(List.of("agents", id, "project"), null);
                if (project != null && !project.isBlank()) out.put(id, project);
            }
            return Collections.unmodifiableMap(out);
        }

        private LinkedHashMap<String, String> sessionLabels() {
            LinkedHashMap<String, String> out = new LinkedHashMap<>();
            TomlTable t = table(List.of("session_labels"));
            if (t == null) return out;
            for (String key : t.keySet()) {
                List<String> at = List.of("session_labels", key);
                Object v = root.get(at);
                if (!(v instanceof String s)) {
                    throw error(
                            at,
                            "[session_labels] \"" + key + "\" must be a string label, not " + TomlFiles.typeName(v));
                }
                if (key.isEmpty()) throw error(at, "[session_labels] keys must be a session id or a prefix of one");
                out.put(key, s);
            }
            return out;
        }

        private Map<String, PlanTier> declaredPlans() {
            TomlTable budget = table(List.of("budget"));
            if (budget == null) return Map.of();
            Map<String, PlanTier> out = new TreeMap<>();
            for (String provider : budget.keySet()) {
                List<String> at = List.of("budget", provider);
                if (table(at) == null) continue;
                List<String> planAt = List.of("budget", provider, "plan");
                String plan = string(planAt, null);
                if (plan == null) continue;
                if (!PlanTier.isValid(plan)) {
                    throw error(
                            planAt,
                            "[budget." + provider + "] plan \"" + plan + "\" is not one of "
                                    + "api, pro, max_5x, max_20x, plus, team, enterprise, local, unknown");
                }
                PlanTier tier = PlanTier.parse(plan);
                if (tier != PlanTier.UNKNOWN) out.put(provider.toLowerCase(Locale.ROOT), tier);
            }
            return Collections.unmodifiableMap(out);
        }

        private Map<String, Object> pricing() {
            TomlTable t = table(List.of("pricing"));
            if (t == null) return Map.of();
            RateTables.validate(root, List.of("pricing"), name);
            return Collections.unmodifiableMap(TomlFiles.toPlain(t));
        }

        // ---- typed accessors -----------------------------------------------------------------

        private boolean present(List<String> at) {
            return root.get(at) != null;
        }

        /** The table at {@code at}, null when absent; an error when something else is there. */
        private TomlTable table(List<String> at) {
            for (int i = 1; i <= at.size(); i++) {
                List<String> prefix = at.subList(0, i);
                Object v = root.get(prefix);
                if (v == null) return null;
                if (!(v instanceof TomlTable)) {
                    throw error(
                            prefix, "[" + String.join(".", prefix) + "] must be a table, not " + TomlFiles.typeName(v));
                }
            }
            return root.getTable(at);
        }

        private Object value(List<String> at) {
            table(at.subList(0, at.size() - 1));
            return root.get(at);
        }

        private String string(List<String> at, String dflt) {
            Object v = value(at);
            if (v == null) return dflt;
            if (v instanceof String s) return s;
            throw typeError(at, "a string", v);
        }

        private boolean bool(List<String> at, boolean dflt) {
            Object v = value(at);
            if (v == null) return dflt;
            if (v instanceof Boolean b) return b;
            throw typeError(at, "true or false", v);
        }

        private long integer(List<String> at, long dflt, long min, long max) {
            Object v = value(at);
            if (v == null) return dflt;
            if (!(v instanceof Long l)) throw typeError(at, "an integer", v);
            if (l < min || l > max) {
                throw error(
                        at,
                        key(at) + " must be "
                                + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                                        ? "at least " + min
                                        : "between " + min + " and " + max)
                                + ", not " + l);
            }
            return l;
        }

        private int port(List<String> at, int dflt) {
            return (int) integer(at, dflt, 0, 65_535);
        }

        private Duration hours(List<String> at, Duration dflt) {
            Object v = value(at);
            if (v == null) return dflt;
            if (!(v instanceof Number n)) throw typeError(at, "a number of hours", v);
            double h = n.doubleValue();
            if (!(h >= 0) || h > 24 * 365) throw error(at, key(at) + " must be between 0 and 8760 hours, not " + v);
            return Duration.ofMillis(Math.round(h * 3_600_000));
        }

        private Path path(List<String> at, Path dflt) {
            String s = string(at, null);
            if (s == null) return dflt;
            if (s.isBlank()) throw error(at, key(at) + " must not be empty");
            try {
                return expand(s.trim(), cwd, home);
            } catch (InvalidPathException e) {
                throw error(at, key(at) + " is not a valid path: " + s);
            }
        }

        /** An array of path strings, empty when absent. */
        private List<Path> paths(List<String> at) {
            Object v = value(at);
            if (v == null) return List.of();
            if (!(v instanceof org.tomlj.TomlArray a)) throw typeError(at, "an array of paths", v);
            List<Path> out = new java.util.ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                Object e = a.get(i);
                if (!(e instanceof String s) || s.isBlank()) throw error(at, key(at) + " must hold paths (strings)");
                try {
                    out.add(expand(s.trim(), cwd, home));
                } catch (InvalidPathException ex) {
                    throw error(at, key(at) + " holds an invalid path: " + s);
                }
            }
            return out;
        }

        private ConfigException typeError(List<String> at, String expected, Object got) {
            return error(
                    at,
                    key(at) + " must be " + expected + ", not " + TomlFiles.typeName(got)
                            + (got instanceof String s ? " \"" + s + "\"" : ""));
        }

        private ConfigException error(List<String> at, String message) {
            TomlPosition pos = null;
            try {
                pos = root.inputPositionOf(at);
            } catch (RuntimeException ignored) {
                // no position
            }
            return new ConfigException(TomlFiles.at(name, pos) + ": " + message);
        }

        private static String key(List<String> at) {
            if (at.size() == 1) return at.get(0);
            return "[" + String.join(".", at.subList(0, at.size() - 1)) + "] " + at.get(at.size() - 1);
        }
    }
}
