package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tj.cli.doctor.ConnectionChecks;
import dev.tj.cli.doctor.DataChecks;
import dev.tj.cli.doctor.Finding;
import dev.tj.cli.doctor.SetupChecks;
import dev.tj.cli.onboard.ClaudeSettings;
import dev.tj.cli.onboard.CodexConfig;
import dev.tj.core.agent.Connection;
import dev.tj.core.config.ConfigLoader;
import dev.tj.core.config.TjConfig;
import dev.tj.core.json.ApiJson;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.storage.Storage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tj doctor}: is tj set up, running, connected, fed and pricing what it sees? Each check is
 * ok, warn or error with a one-line fix; the exit code is the worst level (0, 1, 2).
 */
@Command(
        name = "doctor",
        description = "Check tj's setup and connections; each check ok/warn/error with a one-line fix. "
                + "Exit 0 all ok, 1 a warning, 2 an error.")
public final class DoctorCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--json", description = "print the findings as JSON")
    boolean json;

    @Override
    public Integer call() {
        List<Finding> findings = findings(Instant.now());
        if (json) printJson(System.out, findings);
        else print(System.out, findings);
        return Finding.exitCode(findings);
    }

    List<Finding> findings(Instant now) {
        List<Finding> out = new ArrayList<>();
        Map<String, String> env = System.getenv();
        Path file;
        TjConfig config;
        try {
            file = ConfigLoader.discover(configOption.config, env, Path.of("").toAbsolutePath(), ConfigOption.home());
            config = configOption.load();
        } catch (RuntimeException e) {
            out.add(SetupChecks.config(null, e.getMessage()));
            return out; // every other check reads the config: nothing more can be said reliably
        }
        out.add(SetupChecks.config(file, null));
        Path tjHome = ConfigOption.tjHome();
        DaemonClient client = DaemonClient.locate(config, tjHome, 2000);
        Optional<ServerState> recorded = ServerState.read(tjHome);
        String daemonVersion = daemonVersion(client);
        out.add(SetupChecks.daemon(
                Version.current(),
                recorded.map(ServerState::pid).orElse(null),
                recorded.flatMap(ServerState::process).isPresent(),
                daemonVersion,
                client.base()));
        Path db = config.storage().path();
        String heldBy = daemonVersion == null
                ? null
                : "the tj daemon at " + client.base()
                        + recorded.map(r -> ", pid " + r.pid()).orElse("");
        out.add(SetupChecks.database(db, heldBy, () -> openError(config)));
        out.add(SetupChecks.transcripts(
                config.sessions().claudeProjectsRoot(), config.sessions().codexSessionsRoot()));
        Path home = ConfigOption.home();
        String secret = IngestSecret.find(config, tjHome).orElse(null);
        Connection connection =
                Connection.local(config.api().host(), config.api().port(), secret);
        Path claudeDir = ClaudeSettings.configDir(env, home), settings = ClaudeSettings.locate(env, home);
        ClaudeSettings.Parsed parsed = ClaudeSettings.read(settings);
        Path codexHome = CodexConfig.home(env, home), codexConfig = CodexConfig.locate(env, home);
        out.add(ConnectionChecks.secret(
                secret, parsed.ok() ? ConnectionChecks.claudeHeaders(parsed.root()) : null, codexAuth(codexConfig)));
        List<Finding> claude = ConnectionChecks.claudeCode(claudeDir, settings, connection);
        out.addAll(claude);
        Finding codex = ConnectionChecks.codex(codexHome, codexConfig, connection);
        out.add(codex);
        CliReads reads = new CliReads(config);
        JsonNode agents = read(out, "last record", reads::agents);
        if (agents != null) {
            boolean claudeSetUp = claude.stream()
                    .anyMatch(f -> f.check().equals("claude code telemetry") && f.level() == Finding.Level.OK);
            boolean codexSetUp = codex.level() == Finding.Level.OK
                    && Files.isDirectory(codexHome)
                    && Files.isRegularFile(codexConfig);
            out.add(DataChecks.lastClaudeCode(agents, now, claudeSetUp));
            out.add(DataChecks.lastCodex(agents, now, codexSetUp));
        }
        JsonNode cost = read(out, "pricing", () -> reads.cost("30d", null, "model", null, null));
        if (cost != null) out.add(DataChecks.pricing(cost, Pricing.load(config, env, ConfigOption.home())));
        if (daemonVersion == null) out.add(DataChecks.catchup(null));
        else {
            try {
                out.add(reads.catchup().map(DataChecks::catchup).orElseGet(() -> DataChecks.catchup(null)));
            } catch (RuntimeException e) {
                out.add(Finding.warn(
                        "catch-up",
                        "the daemon does not report catch-up: " + e.getMessage(),
                        "upgrade and restart tj serve"));
            }
        }
        if (config.upstream().enabled()) {
            JsonNode upstream = daemonVersion == null ? null : reads.upstream().orElse(null);
            out.add(DataChecks.upstream(config.upstream().url(), upstream));
        }
        return out;
    }

    /** Codex's [otel] Authorization header, or null when there is none to compare. */
    private static String codexAuth(Path config) {
        try {
            if (!Files.isRegularFile(config)) return null;
            var e = CodexConfig.exporter(org.tomlj.Toml.parse(Files.readString(config)));
            return e == null ? null : e.authorization();
        } catch (IOException | RuntimeException e) {
            return null; // the codex check says what is wrong with the file
        }
    }

    /** A read for a check; its failure is the check's error, not the doctor's. */
    private static JsonNode read(List<Finding> out, String check, Supplier<JsonNode> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            out.add(Finding.error(check, "cannot read: " + e.getMessage(), "see the database and daemon checks above"));
            return null;
        }
    }

    private static String daemonVersion(DaemonClient client) {
        try {
            return client.get("/api/v1/version")
                    .filter(DaemonClient.Response::ok)
                    .map(r -> {
                        try {
                            return ApiJson.mapper()
                                    .readTree(r.body())
                                    .path("version")
                                    .asText(null);
                        } catch (IOException e) {
                            return null;
                        }
                    })
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String openError(TjConfig config) {
        try (Storage s = Stores.open(config.storage())) {
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    static void print(PrintStream out, List<Finding> findings) {
        for (Finding f : findings) {
            String mark = switch (f.level()) {
                case OK -> "ok   ";
                case WARN -> "warn ";
                case ERROR -> "ERROR";
            };
            out.printf("%s  %-26s %s%n", mark, f.check(), f.detail());
            if (f.fix() != null) out.printf("       %-26s fix: %s%n", "", f.fix());
        }
        long warn =
                findings.stream().filter(f -> f.level() == Finding.Level.WARN).count();
        long err =
                findings.stream().filter(f -> f.level() == Finding.Level.ERROR).count();
        out.println();
        out.println(
                err + warn == 0 ? "All " + findings.size() + " checks ok." : err + " errors, " + warn + " warnings.");
    }

    static void printJson(PrintStream out, List<Finding> findings) {
        ObjectNode doc = ApiJson.mapper().createObjectNode();
        ArrayNode checks = doc.putArray("checks");
        for (Finding f : findings) {
            ObjectNode n = checks.addObject();
            n.put("check", f.check());
            n.put("level", f.level().wire());
            n.put("detail", f.detail());
            n.put("fix", f.fix());
        }
        doc.put("exit_code", Finding.exitCode(findings));
        try {
            out.println(ApiJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
