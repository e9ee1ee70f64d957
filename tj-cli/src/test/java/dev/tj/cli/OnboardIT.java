package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar as a process: {@code tj onboard} against a temporary HOME holding real settings
 * files (other keys, other tools' hooks and OTEL headers, comments in Codex's TOML, invalid JSON,
 * JSON with comments, a symlink, a read-only file): the exact files it writes, a second run that
 * changes no byte, {@code --undo} byte for byte, {@code --dry-run} writing nothing, and the check
 * against a real daemon.
 */
class OnboardIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Path user;
    int port;

    @BeforeEach
    void setUp() throws Exception {
        user = home.resolve("user-home");
        Files.createDirectories(user.resolve(".claude"));
        port = TjProcess.ISOLATED_PORT;
        TjProcess.builder(home, Map.of()); // writes the isolated config the runs below use
    }

    static final String SETTINGS_BEFORE = """
            {
                "model": "opus",
                "env": {"FOO": "bar", "OTEL_RESOURCE_ATTRIBUTES_NOT": "x"},
                "hooks": {
                    "Stop": [{"matcher": "", "hooks": [{"type": "command", "command": "notify-send done"}]}],
                    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "guard.sh", "timeout": 5}]}]
                },
                "permissions": {"allow": ["Bash(ls:*)"], "deny": []},
                "statusLine": {"type": "command", "command": "~/.claude/statusline.sh"}
            }
            """;

    String expectedSettings(String secret) {
        String hook = "curl -s -m 0.3 -o /dev/null -H 'Authorization: Bearer " + secret
                + "' -H 'Content-Type: application/json' --data-binary @- http://127.0.0.1:" + port
                + "/api/v1/hooks || true";
        String entry = "      {\n        \"hooks\": [\n          {\n            \"type\": \"command\",\n"
                + "            \"command\": \"" + hook + "\"\n          }\n        ]\n      }\n";
        return """
                {
                  "model": "opus",
                  "env": {
                    "FOO": "bar",
                    "OTEL_RESOURCE_ATTRIBUTES_NOT": "x",
                    "CLAUDE_CODE_ENABLE_TELEMETRY": "1",
                    "OTEL_LOGS_EXPORTER": "otlp",
                    "OTEL_METRICS_EXPORTER": "otlp",
                    "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
                    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:@PORT@",
                    "OTEL_EXPORTER_OTLP_HEADERS": "Authorization=Bearer @SECRET@"
                  },
                  "hooks": {
                    "Stop": [
                      {
                        "matcher": "",
                        "hooks": [
                          {
                            "type": "command",
                            "command": "notify-send done"
                          }
                        ]
                      },
                ENTRY    ],
                    "PreToolUse": [
                      {
                        "matcher": "Bash",
                        "hooks": [
                          {
                            "type": "command",
                            "command": "guard.sh",
                            "timeout": 5
                          }
                        ]
                      }
                    ],
                    "SessionStart": [
                ENTRY    ],
                    "UserPromptSubmit": [
                ENTRY    ],
                    "Notification": [
                ENTRY    ],
                    "SessionEnd": [
                ENTRY    ]
                  },
                  "permissions": {
                    "allow": [
                      "Bash(ls:*)"
                    ],
                    "deny": []
                  },
                  "statusLine": {
                    "type": "command",
                    "command": "~/.claude/statusline.sh"
                  }
                }
                """.replace("@PORT@", Integer.toString(port))
                .replace("@SECRET@", secret)
                .replace("ENTRY", entry);
    }

    static final String CODEX_BEFORE = """
            # my codex config
            model = "gpt-5.5"   # the default model
            approval_policy = "on-request"

            [model_providers.x]
            base_url = "http://127.0.0.1:9999/v1"   # local proxy
            wire_api = "responses"

            [otel]
            # keep prompts private
            log_user_prompt = false
            environment = "dev"

            [mcp_servers.tj]
            command = "tj"
            args = ["mcp"]
            """;

    TjProcess.Result onboard(Map<String, String> env, String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "onboard";
        System.arraycopy(args, 0, all, 1, args.length);
        return TjProcess.run(home, env, all);
    }

    String secret() throws Exception {
        return Files.readString(home.resolve("ingest-secret")).trim();
    }

    /** Every file under the user's HOME and TJ_HOME's onboard dir, with its bytes. */
    Map<String, String> snapshot() throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (Path root :
                new Path[] {user, home.resolve("onboard"), home.resolve("ingest-secret"), home.resolve("isolated.toml")
                }) {
            if (!Files.exists(root)) continue;
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.toList()) {
                    if (Files.isSymbolicLink(p)) m.put(p.toString(), "-> " + Files.readSymbolicLink(p));
                    else if (Files.isRegularFile(p))
                        m.put(p.toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return m;
    }

    @Test
    void claudeCodeAndCodexAreMergedExactlyRerunChangesNothingAndUndoRestoresEveryByte() throws Exception {
        Path settings = user.resolve(".claude/settings.json");
        Files.writeString(settings, SETTINGS_BEFORE);
        Path codex = user.resolve(".codex/config.toml");
        Files.createDirectories(codex.getParent());
        Files.writeString(codex, CODEX_BEFORE);
        Files.writeString(user.resolve(".bashrc"), "# my bashrc\nalias ll='ls -l'\n");
        String configBefore = "[api]\nport = " + port + "\n";
        Files.writeString(home.resolve("isolated.toml"), configBefore);
        Map<String, String> before = snapshot();

        var first = onboard(Map.of(), "--no-daemon", "--plan", "max_5x", "--budget", "25", "--yes");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        String secret = secret();
        assertThat(secret).hasSize(64);
        assertThat(Files.readString(settings)).isEqualTo(expectedSettings(secret));
        assertThat(Files.readString(codex))
                .isEqualTo(CODEX_BEFORE.replace(
                        "[otel]\n",
                        "[otel]\nexporter = { otlp-http = { endpoint = \"http://127.0.0.1:" + port
                                + "/v1/logs\", protocol = \"binary\", headers = { Authorization = \"Bearer " + secret
                                + "\" } } }\n"));
        assertThat(Files.readString(home.resolve("isolated.toml")))
                .isEqualTo(configBefore
                        + "\n[budget.anthropic]\nplan = \"max_5x\"\n\n[defaults.budget]\ndaily_usd = 25.0\n");
        String zshrc = Files.readString(user.resolve(".zshrc"));
        assertThat(zshrc)
                .startsWith("# >>> tj: claude function (tj onboard) >>>\n")
                .endsWith("# <<< tj: claude function <<<\n");
        assertThat(Files.readString(user.resolve(".bashrc"))).isEqualTo("# my bashrc\nalias ll='ls -l'\n\n" + zshrc);
        assertThat(first.out()).contains("Backups and the undo record: " + home.resolve("onboard"));
        // another tool's statusline: kept under --yes, with how to replace it
        assertThat(first.out())
                .contains(
                        "statusLine runs another command (~/.claude/statusline.sh): kept.", "tj onboard --statusline");
        try (Stream<Path> runs = Files.list(home.resolve("onboard"))) {
            assertThat(runs.count()).isEqualTo(1);
        }

        // a second run with the same answers changes no byte and makes no new backup
        Map<String, String> afterFirst = snapshot();
        var second = onboard(Map.of(), "--no-daemon", "--plan", "max_5x", "--budget", "25", "--yes");
        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("already set up, nothing to change").doesNotContain("Backups");
        assertThat(snapshot()).isEqualTo(afterFirst);

        // --undo: each file's pre-onboard bytes; the zshrc tj created is gone
        var undo = onboard(Map.of(), "--undo");
        assertThat(undo.exit()).as(undo.out() + undo.err()).isZero();
        assertThat(undo.out()).contains("restored", "removed (tj created it)");
        Map<String, String> undone = snapshot();
        undone.keySet().removeIf(k -> k.startsWith(home.resolve("onboard").toString()) || k.endsWith("ingest-secret"));
        Map<String, String> original = new TreeMap<>(before);
        assertThat(undone).isEqualTo(original);
        assertThat(user.resolve(".zshrc")).doesNotExist();
        assertThat(onboard(Map.of(), "--undo").out()).contains("Nothing to undo");
    }

    @Test
    void tjsStatuslineGoesWhereThereIsNoneAndReplacesAnotherOnlyWhenAskedTo() throws Exception {
        Path settings = user.resolve(".claude/settings.json");
        Files.writeString(settings, "{\"model\": \"opus\"}\n");
        var none = onboard(Map.of("TJ_LAUNCHER", "/opt/tj/bin/tj"), "--claude-code", "--no-daemon", "--no-shell");
        assertThat(none.exit()).as(none.out() + none.err()).isZero();
        JsonNode line = JSON.readTree(Files.readString(settings)).get("statusLine");
        assertThat(line.get("type").asText()).isEqualTo("command");
        String command = "TJ_HOME=" + home + " /opt/tj/bin/tj statusline";
        assertThat(line.get("command").asText()).isEqualTo(command);
        // a rerun finds tj's own: nothing to change
        assertThat(onboard(Map.of("TJ_LAUNCHER", "/opt/tj/bin/tj"), "--claude-code", "--no-daemon", "--no-shell")
                        .out())
                .contains("already set up, nothing to change");

        String theirs = "{\n  \"statusLine\": {\n    \"type\": \"command\",\n    \"command\": \"ccstatus --fancy\",\n"
                + "    \"padding\": 0\n  }\n}\n";
        Files.writeString(settings, theirs);
        var kept =
                onboard(Map.of("TJ_LAUNCHER", "/opt/tj/bin/tj"), "--claude-code", "--no-daemon", "--no-shell", "--yes");
        assertThat(kept.exit()).as(kept.out()).isZero();
        assertThat(kept.out())
                .contains(
                        "statusLine runs another command (ccstatus --fancy): kept.",
                        "tj onboard --statusline",
                        command);
        assertThat(JSON.readTree(Files.readString(settings))
                        .get("statusLine")
                        .get("command")
                        .asText())
                .isEqualTo("ccstatus --fancy");

        var replaced = onboard(
                Map.of("TJ_LAUNCHER", "/opt/tj/bin/tj"), "--claude-code", "--no-daemon", "--no-shell", "--statusline");
        assertThat(replaced.exit()).as(replaced.out()).isZero();
        JsonNode ours = JSON.readTree(Files.readString(settings)).get("statusLine");
        assertThat(ours.get("command").asText()).isEqualTo(command);
        assertThat(ours.has("padding")).isFalse(); // theirs is replaced whole
        // the undo of the last run gives theirs back
        assertThat(onboard(Map.of(), "--undo").exit()).isZero();
        assertThat(JSON.readTree(Files.readString(settings))
                        .get("statusLine")
                        .get("command")
                        .asText())
                .isEqualTo("ccstatus --fancy");

        // --no-statusline leaves the key alone entirely
        Files.writeString(settings, "{}\n");
        onboard(Map.of(), "--claude-code", "--no-daemon", "--no-shell", "--no-statusline");
        assertThat(JSON.readTree(Files.readString(settings)).has("statusLine")).isFalse();
    }

    @Test
    void dryRunPrintsTheDiffAndWritesNothing() throws Exception {
        Path settings = user.resolve(".claude/settings.json");
        Files.writeString(settings, "{\"model\": \"opus\"}\n");
        Map<String, String> before = snapshot();
        var r = onboard(Map.of(), "--dry-run", "--claude-code");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("--- " + settings, "+++ " + settings, "-{\"model\": \"opus\"}", "+  \"model\": \"opus\",")
                .contains("+    \"OTEL_EXPORTER_OTLP_ENDPOINT\": \"http://127.0.0.1:" + port + "\",")
                .contains("--- /dev/null", "+++ " + user.resolve(".zshrc"), "+function claude {")
                .contains("nothing written");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(home.resolve("ingest-secret")).doesNotExist();
        assertThat(home.resolve("onboard")).doesNotExist();
    }

    @Test
    void anotherToolsOtelSettingsAreExplainedAndKeptUnlessYes() throws Exception {
        Path settings = user.resolve(".claude/settings.json");
        String theirs = "{\n  \"env\": {\n    \"OTEL_EXPORTER_OTLP_ENDPOINT\": \"https://collector.example:4318\",\n"
                + "    \"OTEL_EXPORTER_OTLP_HEADERS\": \"x-api-key=abc\",\n"
                + "    \"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT\": \"https://logs.example\"\n  }\n}\n";
        Files.writeString(settings, theirs);
        var kept = onboard(Map.of(), "--claude-code", "--no-daemon", "--no-shell");
        assertThat(kept.exit()).isEqualTo(1); // nothing could be done
        assertThat(kept.out())
                .contains("another tool (or you) set these differently")
                .contains("env.OTEL_EXPORTER_OTLP_ENDPOINT = https://collector.example:4318  ->  http://127.0.0.1:"
                        + port)
                .contains("env.OTEL_EXPORTER_OTLP_HEADERS = x-api-key=abc")
                .contains("env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT = https://logs.example  ->  (removed")
                .contains("left unchanged (run again with --yes");
        assertThat(Files.readString(settings)).isEqualTo(theirs);

        var replaced = onboard(Map.of(), "--claude-code", "--no-daemon", "--no-shell", "--yes");
        assertThat(replaced.exit()).as(replaced.out()).isZero();
        JsonNode env = JSON.readTree(Files.readString(settings)).get("env");
        assertThat(env.get("OTEL_EXPORTER_OTLP_HEADERS").asText()).isEqualTo("Authorization=Bearer " + secret());
        assertThat(env.has("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT")).isFalse();
        assertThat(onboard(Map.of(), "--undo").exit()).isZero();
        assertThat(Files.readString(settings)).isEqualTo(theirs);
    }

    @Test
    void filesTjCannotRewriteSafelyAreExplainedAndLeftAlone() throws Exception {
        Path settings = user.resolve(".claude/settings.json");
        String invalid = "{\n  \"model\": \"opus\",\n  \"env\": {\n}\n";
        Files.writeString(settings, invalid);
        var bad = onboard(Map.of(), "--claude-code", "--no-daemon", "--no-shell");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains(settings + ": left unchanged: it is not valid JSON (line ", "Add by hand:");
        assertThat(Files.readString(settings)).isEqualTo(invalid);

        String commented = "{\n  // my model\n  \"model\": \"opus\"\n}\n";
        Files.writeString(settings, commented);
        var comments = onboard(Map.of(), "--claude-code", "--no-daemon", "--no-shell");
        assertThat(comments.exit()).isEqualTo(1);
        assertThat(comments.out()).contains("it has comments");
        assertThat(Files.readString(settings)).isEqualTo(commented);

        String good = "{\"model\": \"opus\"}\n";
        Files.writeString(settings, good);
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("r--r--r--"));
        var readOnly = onboard(Map.of(), "--claude-code", "--no-daemon");
        // the shell function could still be installed: not a failure of the whole run
        assertThat(readOnly.exit()).as(readOnly.out()).isZero();
        assertThat(readOnly.out()).contains(settings + ": left unchanged: it is read-only");
        assertThat(Files.readString(settings)).isEqualTo(good);
        assertThat(user.resolve(".zshrc")).exists();
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-r--r--"));

        // a symlink (dotfiles): written through to its target, the link kept
        Path target = user.resolve("dotfiles/claude-settings.json");
        Files.createDirectories(target.getParent());
        Files.writeString(target, good);
        Files.delete(settings);
        Files.createSymbolicLink(settings, Path.of("../dotfiles/claude-settings.json"));
        var linked = onboard(Map.of(), "--claude-code", "--no-daemon", "--no-shell");
        assertThat(linked.exit()).as(linked.out()).isZero();
        assertThat(linked.out()).contains("it is a symlink: tj writes through it to " + target.toRealPath());
        assertThat(Files.isSymbolicLink(settings)).isTrue();
        assertThat(JSON.readTree(Files.readString(target))
                        .path("env")
                        .path("OTEL_EXPORTER_OTLP_ENDPOINT")
                        .asText())
                .isEqualTo("http://127.0.0.1:" + port);
        assertThat(onboard(Map.of(), "--undo").exit()).isZero();
        assertThat(Files.isSymbolicLink(settings)).isTrue();
        assertThat(Files.readString(target)).isEqualTo(good);

        // a dangling link is never replaced by a file
        Files.delete(target);
        var dangling = onboard(Map.of(), "--claude-code", "--no-daemon", "--no-shell");
        assertThat(dangling.exit()).isEqualTo(1);
        assertThat(dangling.out()).contains("which does not exist");
        assertThat(Files.isSymbolicLink(settings)).isTrue();
    }

    @Test
    void codexOtelWrittenByTokenJamIsReplacedInPlaceAndAnotherExporterNeedsYes() throws Exception {
        Path codex = user.resolve(".codex/config.toml");
        Files.createDirectories(codex.getParent());
        // TokenJam's layout, pointing at this port: tj's own earlier block
        String tokenjam = "model = \"gpt-5.5\"\n\n[otel]\nlog_user_prompt = false\n\n[otel.exporter.\"otlp-http\"]\n"
                + "endpoint = \"http://127.0.0.1:" + port + "/v1/logs\"\nprotocol = \"json\"\n\n"
                + "[otel.exporter.\"otlp-http\".headers]\nAuthorization = \"Bearer old\"\n\n[profiles.x]\nmodel = \"o3\"\n";
        Files.writeString(codex, tokenjam);
        var r = onboard(Map.of(), "--codex", "--no-daemon");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(Files.readString(codex))
                .isEqualTo("model = \"gpt-5.5\"\n\n[otel]\nexporter = { otlp-http = { endpoint = \"http://127.0.0.1:"
                        + port
                        + "/v1/logs\", protocol = \"binary\", headers = { Authorization = \"Bearer " + secret()
                        + "\" } } }\nlog_user_prompt = false\n\n[profiles.x]\nmodel = \"o3\"\n");
        assertThat(onboard(Map.of(), "--undo").exit()).isZero();
        assertThat(Files.readString(codex)).isEqualTo(tokenjam);

        String other = "[otel]\nexporter = { otlp-grpc = { endpoint = \"https://otel.example:4317\" } }\n";
        Files.writeString(codex, other);
        var kept = onboard(Map.of(), "--codex", "--no-daemon");
        assertThat(kept.exit()).isEqualTo(1);
        assertThat(kept.out()).contains("[otel] exporter = { otlp-grpc");
        assertThat(Files.readString(codex)).isEqualTo(other);
        assertThat(onboard(Map.of(), "--codex", "--no-daemon", "--yes").exit()).isZero();
        assertThat(Files.readString(codex)).contains("otlp-http").doesNotContain("otel.example");
    }

    @Test
    void withoutCurlTheHookRunsTjHookAndARerunReplacesItInPlace() throws Exception {
        Path settings = user.resolve(".claude/settings.json");
        Files.writeString(
                settings,
                "{\"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"say done\"}]}]}}\n");
        Map<String, String> noCurl =
                Map.of("PATH", home.resolve("empty-bin").toString(), "TJ_LAUNCHER", "/opt/tj/bin/tj");
        var r = onboard(noCurl, "--claude-code", "--no-daemon", "--no-shell");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode stop = JSON.readTree(Files.readString(settings)).path("hooks").path("Stop");
        assertThat(stop).hasSize(2);
        assertThat(stop.get(0).path("hooks").get(0).path("command").asText()).isEqualTo("say done");
        assertThat(stop.get(1).path("hooks").get(0).path("command").asText()).isEqualTo("/opt/tj/bin/tj hook Stop");
        assertThat(JSON.readTree(Files.readString(settings))
                        .path("hooks")
                        .path("Notification")
                        .get(0)
                        .path("hooks")
                        .get(0)
                        .path("command")
                        .asText())
                .isEqualTo("/opt/tj/bin/tj hook Notification");

        // curl is back: tj's entries are recognised and replaced where they are, never duplicated
        var again = onboard(Map.of(), "--claude-code", "--no-daemon", "--no-shell");
        assertThat(again.exit()).as(again.out()).isZero();
        JsonNode hooks = JSON.readTree(Files.readString(settings)).path("hooks");
        assertThat(hooks.path("Stop")).hasSize(2);
        assertThat(hooks.path("Stop")
                        .get(1)
                        .path("hooks")
                        .get(0)
                        .path("command")
                        .asText())
                .startsWith("curl -s -m 0.3 ")
                .endsWith("http://127.0.0.1:" + port + "/api/v1/hooks || true");
        for (String event : new String[] {"SessionStart", "UserPromptSubmit", "Notification", "SessionEnd"})
            assertThat(hooks.path(event)).as(event).hasSize(1);
    }

    @Test
    void theServeBannerAndTheDashboardHelpAreOneTextThatNamesTjOnboard() throws Exception {
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            String banner = d.awaitStdout("For gRPC use");
            JsonNode connect = JSON.readTree(d.get("/api/v1/connect").body());
            assertThat(connect.get("command").asText()).isEqualTo("tj onboard");
            StringBuilder help = new StringBuilder();
            for (JsonNode line : connect.get("help")) help.append(line.asText()).append('\n');
            assertThat(help.toString()).contains("`tj onboard`", "`tj onboard --undo`");
            assertThat(connect.get("endpoint").asText()).isEqualTo(d.base());
            // the banner prints the same lines and the same snippet, one after the other
            assertThat(banner).contains(help + connect.get("settings_json").asText() + "\n");
            JsonNode env = JSON.readTree(connect.get("settings_json").asText()).get("env");
            assertThat(env.get("OTEL_EXPORTER_OTLP_ENDPOINT").asText()).isEqualTo(d.base());
        }
    }

    @Test
    void theCheckSendsOneRecordToARealDaemonAndShowsItsCard() throws Exception {
        Path cfg = home.resolve("onboard-check.toml");
        Files.writeString(cfg, "[api]\nport = " + port + "\n");
        Map<String, String> env = Map.of("TJ_CONFIG", cfg.toString());
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, env)) {
            DaemonLifecycleIT.awaitState(home);
            Files.writeString(cfg, "[api]\nport = " + d.port + "\ngrpc_port = " + d.grpcPort + "\n");
            port = d.port;
            var r = onboard(env, "--claude-code", "--no-shell");
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out())
                    .contains("daemon     runs at http://127.0.0.1:" + d.port)
                    .contains("check      sent one OTLP record; the daemon made this card:")
                    .contains("agent claude-code", "1 API call");
            String sid = r.out().replaceAll("(?s).*session (tj-onboard-check-\\d+).*", "$1");
            JsonNode card =
                    JSON.readTree(d.get("/api/v1/sessions/" + sid).body()).get("session");
            assertThat(card.get("status").asText()).isEqualTo("closed");
            assertThat(card.get("total_cost_usd").asDouble()).isZero();
            JsonNode env2 = JSON.readTree(Files.readString(user.resolve(".claude/settings.json")))
                    .get("env");
            assertThat(env2.get("OTEL_EXPORTER_OTLP_ENDPOINT").asText()).isEqualTo(d.base());
            assertThat(env2.get("OTEL_EXPORTER_OTLP_HEADERS").asText()).isEqualTo("Authorization=Bearer " + d.secret());
        }
    }

    @Test
    void withNoDaemonRunningOnboardStartsOneAndChecksIt() throws Exception {
        Map<String, String> env = Map.of("TJ_SERVICE_MANAGER", "none");
        TjProcess.Result r = null;
        try {
            r = onboard(env, "--claude-code", "--no-shell", "--no-hooks");
            Path log = home.resolve("logs/tj.log");
            assertThat(r.exit())
                    .as(r.out() + r.err() + (Files.exists(log) ? Files.readString(log) : ""))
                    .isZero();
            assertThat(r.out())
                    .contains("daemon     none runs: starting tj serve in the background")
                    .contains("daemon     runs at http://127.0.0.1:" + port)
                    .contains("check      sent one OTLP record");
            assertThat(JSON.readTree(Files.readString(user.resolve(".claude/settings.json")))
                            .has("hooks"))
                    .isFalse();
            var stop = TjProcess.run(home, env, "stop");
            assertThat(stop.out()).contains("Stopped the tj daemon");
        } finally {
            // whatever happened, the daemon this test made does not outlive it
            if (r != null && r.out().contains("started tj serve, pid ")) {
                long pid = Long.parseLong(r.out().replaceAll("(?s).*started tj serve, pid (\\d+).*", "$1"));
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroy();
                    p.onExit()
                            .orTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
                            .join();
                });
            }
        }
    }
}
