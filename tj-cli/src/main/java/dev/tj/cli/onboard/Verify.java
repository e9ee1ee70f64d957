package dev.tj.cli.onboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.DaemonClient;
import dev.tj.cli.ServeJvm;
import dev.tj.cli.ServerState;
import dev.tj.cli.ServiceCommand;
import dev.tj.core.config.TjConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The end of onboarding: a daemon runs (started as a user service where a service manager
 * exists, else detached), and one Claude-Code-shaped OTLP record on a throwaway session comes back
 * as a session card, which is then closed.
 */
final class Verify {
    /** A JVM daemon opening a DuckDB file comes up in seconds; a loaded machine may take much longer. */
    static final int AWAIT_SECONDS = 180;

    private final TjConfig config;
    private final Path tjHome;
    private final String secret;
    private final PrintStream out;

    Verify(TjConfig config, Path tjHome, String secret, PrintStream out) {
        this.config = config;
        this.tjHome = tjHome;
        this.secret = secret;
        this.out = out;
    }

    /** Whether a daemon answers (starting one when none runs). */
    boolean ensureDaemon() throws Exception {
        if (healthy(client(2000))) {
            out.println("daemon     runs at " + client(2000).base());
            ServerState.read(tjHome)
                    .filter(s -> s.port() != config.api().port())
                    .ifPresent(s -> out.println("daemon     note: it listens on port " + s.port()
                            + ", but tj's config (and so the settings just written) say "
                            + config.api().port()
                            + ": restart it (`tj stop`, then `tj serve`) or set [api] port = " + s.port()));
            return true;
        }
        Optional<Path> jar = ServiceCommand.ownJar();
        if (jar.isEmpty()) {
            out.println("daemon     none runs, and tj does not run from its jar: start it with `tj serve`.");
            return false;
        }
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse("java"));
        if (serviceManager()) {
            out.println("daemon     none runs: installing it as a user service (tj service install)");
            List<String> cmd = new ArrayList<>(java);
            cmd.addAll(List.of("-jar", jar.get().toString(), "service", "install"));
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            p.waitFor(60, TimeUnit.SECONDS);
            if (await()) return true;
            out.println("daemon     the service did not come up; starting tj serve in the background instead");
        } else {
            out.println("daemon     none runs: starting tj serve in the background (logs: "
                    + tjHome.resolve("logs/tj.log") + "; `tj service install` keeps it running across logins)");
        }
        Path log = tjHome.resolve("logs/tj.log");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        // its own session: closing this terminal must not take the daemon down
        if (HookCommandLine.onPath("setsid", System.getenv("PATH")).isPresent()) cmd.add("setsid");
        cmd.addAll(java);
        cmd.addAll(ServeJvm.flags(config));
        cmd.addAll(List.of("-jar", jar.get().toString(), "serve"));
        configArg(cmd);
        Process serve = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        out.println("daemon     started tj serve, pid " + serve.pid() + " (`tj stop` stops it)");
        if (await()) return true;
        out.println("daemon     did not answer within " + AWAIT_SECONDS + " s; see " + log);
        return false;
    }

    private void configArg(List<String> cmd) {
        if (config.source() != null && System.getenv("TJ_CONFIG") == null)
            cmd.addAll(List.of("--config", config.source().toString()));
    }

    private boolean await() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (healthy(client(1000))) {
                out.println("daemon     runs at " + client(1000).base());
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Sends one record on a throwaway session, prints its card, closes it; false when the card never came. */
    boolean check() throws Exception {
        DaemonClient d = client(5000);
        String sid = "tj-onboard-check-" + Instant.now().getEpochSecond();
        var sent = d.post("/v1/logs", record(sid, Instant.now()), secret);
        if (sent.isEmpty() || !sent.get().ok()) {
            out.println("check      the daemon refused the test record: "
                    + sent.map(r -> r.status() + " " + r.body().trim()).orElse("no answer")
                    + (sent.map(r -> r.status() == 401).orElse(false)
                            ? " (it runs with another ingest secret: restart it with `tj stop` and `tj serve`)"
                            : ""));
            return false;
        }
        JsonNode card = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            var r = d.get("/api/v1/sessions/" + sid);
            if (r.isPresent() && r.get().ok()) {
                card = ClaudeSettings.JSON.readTree(r.get().body()).path("session");
                break;
            }
            Thread.sleep(200);
        }
        if (card == null) {
            out.println("check      the test record was accepted but no session came back within 15 s");
            return false;
        }
        out.println("check      sent one OTLP record; the daemon made this card:");
        out.println("             session " + card.path("session_id").asText() + "  agent "
                + card.path("agent_id").asText() + "  " + card.path("status").asText() + "  "
                + card.path("llm_call_count").asLong() + " API call, "
                + card.path("input_tokens").asLong() + " in / "
                + card.path("output_tokens").asLong() + " out, "
                + String.format(
                        Locale.ROOT, "$%.2f", card.path("total_cost_usd").asDouble()));
        d.post("/api/v1/sessions/close", "{\"session_id\":\"" + sid + "\"}", secret);
        out.println("             (closed again; it stays in the archive as a zero-cost check)");
        return true;
    }

    /** A Claude Code api_request on a throwaway session: zero tokens, zero cost. */
    static String record(String sid, Instant at) {
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        return "{\"resourceLogs\":[{\"resource\":{\"attributes\":["
                + kv("service.name", "claude-code") + "," + kv("service.instance.id", "tj-onboard-check")
                + "]},\"scopeLogs\":[{\"scope\":{\"name\":\"com.anthropic.claude_code.events\"},\"logRecords\":[{"
                + "\"timeUnixNano\":\"" + nanos + "\",\"body\":{\"stringValue\":\"claude_code.api_request\"},"
                + "\"attributes\":[" + kv("session.id", sid) + "," + kv("event.name", "api_request") + ","
                + kv("model", "claude-sonnet-4-5-20250929") + "," + kv("input_tokens", "0") + ","
                + kv("output_tokens", "0") + "," + kv("cache_read_tokens", "0") + ","
                + kv("cache_creation_tokens", "0") + "," + kv("duration_ms", "1") + ","
                + "{\"key\":\"cost_usd\",\"value\":{\"doubleValue\":0}}]}]}]}]}";
    }

    private static String kv(String k, String v) {
        return "{\"key\":\"" + k + "\",\"value\":{\"stringValue\":\"" + v + "\"}}";
    }

    private DaemonClient client(int timeoutMs) {
        return DaemonClient.locate(config, tjHome, timeoutMs);
    }

    private static boolean healthy(DaemonClient c) {
        try {
            return c.get("/health").map(DaemonClient.Response::ok).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** A user service manager to run the daemon under: launchd on macOS, a running systemd user instance on Linux. */
    static boolean serviceManager() {
        if ("none".equals(System.getenv("TJ_SERVICE_MANAGER"))) return false;
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) return true;
        try {
            Process p = new ProcessBuilder("systemctl", "--user", "show-environment")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
