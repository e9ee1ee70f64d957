package dev.tj.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.core.session.PlanTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    Path cwd;
    Path home;

    @BeforeEach
    void dirs() throws IOException {
        cwd = Files.createDirectories(tmp.resolve("project"));
        home = Files.createDirectories(tmp.resolve("home"));
    }

    Path write(Path file, String toml) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, toml);
        return file;
    }

    TjConfig load(String toml) throws IOException {
        return ConfigLoader.load(write(cwd.resolve("tokenjam.toml"), toml), Map.of(), cwd, home);
    }

    // ---- discovery ---------------------------------------------------------------------------

    @Test
    void noFileGivesDefaults() {
        TjConfig c = ConfigLoader.load(null, Map.of(), cwd, home);
        assertThat(c.source()).isNull();
        assertThat(c.api().port()).isEqualTo(7391);
        assertThat(c.api().host()).isEqualTo("127.0.0.1");
        assertThat(c.storage().path()).isEqualTo(home.resolve(".tj/telemetry.duckdb"));
        assertThat(c.storage().memoryLimit()).isEqualTo("128MB");
        assertThat(c.storage().threads()).isEqualTo(1); // one DuckDB worker: see TjConfig.defaults
        assertThat(c.storage().backend()).isEqualTo("duckdb");
        assertThat(c.sessions().idleWindow()).isEqualTo(Duration.ofMinutes(240));
        assertThat(c.sessions().claudeProjectsRoot()).isEqualTo(home.resolve(".claude/projects"));
        assertThat(c.declaredPlans()).isEmpty();
        assertThat(c.pricingOverrides()).isEmpty();
    }

    @Test
    void discoveryOrder() throws IOException {
        Path global = write(home.resolve(".config/tj/config.toml"), "[api]\nport = 1003\n");
        assertThat(ConfigLoader.load(null, Map.of(), cwd, home).api().port()).isEqualTo(1003);

        Path dotTj = write(cwd.resolve(".tj/config.toml"), "[api]\nport = 1002\n");
        assertThat(ConfigLoader.load(null, Map.of(), cwd, home).api().port()).isEqualTo(1002);

        Path local = write(cwd.resolve("tokenjam.toml"), "[api]\nport = 1001\n");
        TjConfig c = ConfigLoader.load(null, Map.of(), cwd, home);
        assertThat(c.api().port()).isEqualTo(1001);
        assertThat(c.source()).isEqualTo(local.toAbsolutePath().normalize());

        Path env = write(tmp.resolve("elsewhere/env.toml"), "[api]\nport = 1004\n");
        assertThat(ConfigLoader.load(null, Map.of("TJ_CONFIG", env.toString()), cwd, home)
                        .api()
                        .port())
                .isEqualTo(1004);

        Path explicit = write(tmp.resolve("elsewhere/explicit.toml"), "[api]\nport = 1005\n");
        assertThat(ConfigLoader.load(explicit, Map.of("TJ_CONFIG", env.toString()), cwd, home)
                        .api()
                        .port())
                .isEqualTo(1005);
        assertThat(global).exists();
        assertThat(dotTj).exists();
    }

    @Test
    void missingExplicitPathIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.load(tmp.resolve("nope.toml"), Map.of(), cwd, home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.toml");
        assertThatThrownBy(() -> ConfigLoader.load(
                        null, Map.of("TJ_CONFIG", tmp.resolve("gone.toml").toString()), cwd, home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gone.toml")
                .hasMessageContaining("TJ_CONFIG");
    }

    @Test
    void tjHomeMovesTheDefaultDatabase() {
        Path data = tmp.resolve("data");
        TjConfig c = ConfigLoader.load(null, Map.of("TJ_HOME", data.toString()), cwd, home);
        assertThat(c.storage().path()).isEqualTo(data.resolve("telemetry.duckdb"));
    }

    @Test
    void projectsRootFromEnvWinsOverConfig() throws IOException {
        Path cfg = write(cwd.resolve("tokenjam.toml"), "[sessions]\nclaude_projects_root = \"~/cc\"\n");
        assertThat(ConfigLoader.load(cfg, Map.of(), cwd, home).sessions().claudeProjectsRoot())
                .isEqualTo(home.resolve("cc"));
        Path envRoot = tmp.resolve("envroot");
        assertThat(ConfigLoader.load(cfg, Map.of("TJ_CLAUDE_PROJECTS_ROOT", envRoot.toString()), cwd, home)
                        .sessions()
                        .claudeProjectsRoot())
                .isEqualTo(envRoot);
        assertThat(ConfigLoader.load(null, Map.of("TJ_CLAUDE_PROJECTS_ROOT", envRoot.toString()), cwd, home)
                        .sessions()
                        .claudeProjectsRoot())
                .isEqualTo(envRoot);
    }

    // ---- keys --------------------------------------------------------------------------------

    @Test
    void everyKey() throws IOException {
        TjConfig c = load("""
                version = "1"
                [api]
                enabled = true
                host = "0.0.0.0"
                port = 8000
                grpc_port = 14317
                [api.auth]
                enabled = true
                api_key = "k3y"
                [security]
                ingest_secret = "s3cret"
                max_attribute_bytes = 1000
                max_attributes_per_span = 50
                max_attribute_depth = 4
                max_body_bytes = 1048576
                max_future_skew_hours = 2
                webhook_allowed_domains = ["example.com"]
                [storage]
                path = "~/data/tj.duckdb"
                backend = "duckdb"
                memory_limit = "512MB"
                threads = 2
                [ingest]
                queue_records = 1000
                batch_records = 100
                [sessions]
                idle_minutes = 60
                [agents.claude-code]
                project = "tj"
                description = "ignored"
                [agents.codex]
                description = "no project"
                [session_labels]
                "zz-session" = "last alphabetically, first in file"
                "aa" = "prefix label"
                "mm" = "third"
                [budget.openai]
                plan = "plus"
                usd = 20
                [budget.anthropic]
                plan = "max_20x"
                cycle_start_day = 3
                [proxy]
                enabled = false
                [[alerts.channels]]
                type = "stdout"
                [capture]
                prompts = true
                [summarize]
                api_model = "x"
                [[policies]]
                name = "p"
                kind = "k"
                """);
        assertThat(c.api()).isEqualTo(new TjConfig.Api("0.0.0.0", 8000, 14317, true, "k3y"));
        assertThat(c.security()).isEqualTo(new TjConfig.Security("s3cret", 1000, 50, 4, 1048576L, Duration.ofHours(2)));
        assertThat(c.storage()).isEqualTo(new TjConfig.Storage(home.resolve("data/tj.duckdb"), "duckdb", "512MB", 2));
        assertThat(c.ingest()).isEqualTo(new TjConfig.Ingest(1000, 100));
        assertThat(c.sessions().idleWindow()).isEqualTo(Duration.ofMinutes(60));
        assertThat(c.agentProjects()).containsExactly(Map.entry("claude-code", "tj"));
        assertThat(c.projectFor("claude-code")).isEqualTo("tj");
        assertThat(c.sessionLabels().keySet()).containsExactly("zz-session", "aa", "mm");
        assertThat(c.declaredPlans())
                .containsExactly(Map.entry("anthropic", PlanTier.MAX_20X), Map.entry("openai", PlanTier.PLUS));
        assertThat(c.planFor("openai")).isEqualTo(PlanTier.PLUS);
    }

    @Test
    void pricingIsKeptRaw() throws IOException {
        TjConfig c = load("""
                [pricing.anthropic."claude-x"]
                input_per_mtok = 1
                output_per_mtok = 2.5
                [pricing.models."foo.bar"]
                input_per_mtok = 3
                output_per_mtok = 4
                """);
        assertThat(c.pricingOverrides()).containsOnlyKeys("anthropic", "models");
        @SuppressWarnings("unchecked")
        Map<String, Object> models = (Map<String, Object>) c.pricingOverrides().get("models");
        assertThat(models).containsKey("foo.bar");
    }

    @Test
    void badPricingInConfigNamesLineAndColumn() throws IOException {
        assertThatThrownBy(
                        () -> load("[api]\nport = 1\n\n[pricing.anthropic.\"claude-x\"]\ninput_per_mtok = \"cheap\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tokenjam.toml:5:1")
                .hasMessageContaining("input_per_mtok");
    }

    @Test
    void teamAccessKeys() throws IOException {
        TjConfig c = load("""
                [api]
                host = "0.0.0.0"
                tls_cert = "~/tls/cert.pem"
                tls_key = "tls/key.pem"
                [api.auth]
                enabled = true
                api_key = "full"
                read_api_key = "reader"
                """);
        assertThat(c.api().tlsCert()).isEqualTo(home.resolve("tls/cert.pem"));
        assertThat(c.api().tlsKey()).isEqualTo(cwd.resolve("tls/key.pem"));
        assertThat(c.api().tls()).isTrue();
        assertThat(c.api().scheme()).isEqualTo("https");
        assertThat(c.api().readApiKey()).isEqualTo("reader");
        assertThat(c.api().insecureHttp()).isFalse();
        assertThat(c.api().bindRefusal()).isNull();
        assertThat(load("[api]\nhost = \"0.0.0.0\"\n").api().bindRefusal())
                .contains("[api] tls_cert")
                .contains("--insecure-http");
        assertThat(load("[api]\nhost = \"0.0.0.0\"\n")
                        .api()
                        .withInsecureHttp(true)
                        .bindRefusal())
                .isNull();
        for (String loopback : List.of("127.0.0.1", "127.3.2.1", "localhost", "::1", "[::1]")) {
            assertThat(new TjConfig.Api(loopback, 1, 2, false, "").bindRefusal())
                    .as(loopback)
                    .isNull();
        }
        for (String open : List.of("0.0.0.0", "::", "10.0.0.5", "team.example.com", "128.0.0.1")) {
            assertThat(new TjConfig.Api(open, 1, 2, false, "").bindRefusal())
                    .as(open)
                    .isNotNull();
        }
        assertThatThrownBy(() -> load("[api]\ntls_cert = \"c.pem\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls_key");
        assertThatThrownBy(() -> load("[api.auth]\napi_key = \"same\"\nread_api_key = \"same\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("read_api_key")
                .hasMessageNotContaining("same");
    }

    // ---- errors ------------------------------------------------------------------------------

    @Test
    void wrongTypeNamesFileLineAndColumn() throws IOException {
        assertThatThrownBy(() -> load("# comment\n[api]\nhost = \"h\"\nport = \"abc\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(cwd.resolve("tokenjam.toml") + ":4:1")
                .hasMessageContaining("[api] port must be an integer");
        assertThatThrownBy(() -> load("[api.auth]\nenabled = \"yes\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2:1")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> load("[storage]\n  threads = 1.5\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2:3");
        assertThatThrownBy(() -> load("[storage]\nmemory_limit = \"lots\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("memory_limit must be a size");
        assertThatThrownBy(() -> load("[storage]\nbackend = \"postgres\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("backend must be duckdb");
        assertThatThrownBy(() -> load("api = 3\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":1:1")
                .hasMessageContaining("[api] must be a table");
        assertThatThrownBy(() -> load("[session_labels]\nabc = 3\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2:1");
        assertThatThrownBy(() -> load("[api]\nport = 70000\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2:1")
                .hasMessageContaining("65535");
    }

    @Test
    void syntaxErrorNamesFileLineAndColumn() {
        assertThatThrownBy(() -> load("[api]\nport = 7391\n[storage\npath = \"x\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(cwd.resolve("tokenjam.toml") + ":3:")
                .hasMessageContaining("syntax");
    }

    @Test
    void idleMinutesMustBeAnIntegerOfAtLeastFive() throws IOException {
        assertThat(load("[sessions]\nidle_minutes = 5\n").sessions().idleWindow())
                .isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> load("[sessions]\nidle_minutes = 4\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2:1")
                .hasMessageContaining("idle_minutes");
        assertThatThrownBy(() -> load("[sessions]\n\nidle_minutes = \"240\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":3:1");
    }

    @Test
    void invalidPlanIsAnError() throws IOException {
        assertThatThrownBy(() -> load("[budget.anthropic]\nplan = \"max\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":2:1")
                .hasMessageContaining("\"max\"");
        // "unknown" is a valid value but declares nothing
        assertThat(load("[budget.anthropic]\nplan = \"unknown\"\n").declaredPlans())
                .isEmpty();
        assertThat(load("[budget.anthropic]\nplan = \"PRO\"\n").declaredPlans())
                .containsEntry("anthropic", PlanTier.PRO);
    }

    @Test
    void batchLargerThanQueueIsAnError() {
        assertThatThrownBy(() -> load("[ingest]\nqueue_records = 10\nbatch_records = 20\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(":3:1");
    }

    @Test
    void unknownSectionsAndKeysAreTolerated() throws IOException {
        TjConfig c = load("[defaults.budget]\ndaily_usd = 5\n[export.otlp]\nenabled = true\n[api]\nfuture_key = 1\n");
        assertThat(c.api().port()).isEqualTo(7391);
    }

    @Test
    void relativeStoragePathResolvesAgainstTheWorkingDirectory() throws IOException {
        assertThat(load("[storage]\npath = \"db/t.duckdb\"\n").storage().path()).isEqualTo(cwd.resolve("db/t.duckdb"));
    }

    // ---- [catchup] ---------------------------------------------------------------------------

    @Test
    void catchupIsOnByDefaultAndFollowsEveryPlaceTheAgentsWrite() {
        TjConfig c = ConfigLoader.load(null, Map.of(), cwd, home);
        assertThat(c.catchup().enabled()).isTrue();
        assertThat(c.catchup().settle()).isEqualTo(Duration.ofSeconds(30));
        // roots that do not exist yet are kept: the daemon looks for them later
        assertThat(c.catchup().claudeRoots())
                .containsExactly(home.resolve(".claude/projects"), home.resolve(".config/claude/projects"));
        assertThat(c.catchup().codexRoots()).containsExactly(home.resolve(".codex/sessions"));
    }

    @Test
    void catchupRootsFollowClaudeConfigDirAndCodexHome() throws IOException {
        Path cfgDir = Files.createDirectories(tmp.resolve("cc"));
        Path codexHome = tmp.resolve("codex-home");
        TjConfig c = ConfigLoader.load(
                null, Map.of("CLAUDE_CONFIG_DIR", cfgDir.toString(), "CODEX_HOME", codexHome.toString()), cwd, home);
        assertThat(c.catchup().claudeRoots())
                .containsExactly(
                        cfgDir.toRealPath().resolve("projects"),
                        home.resolve(".claude/projects"),
                        home.resolve(".config/claude/projects"));
        assertThat(c.catchup().codexRoots())
                .containsExactly(codexHome.resolve("sessions"), home.resolve(".codex/sessions"));
    }

    @Test
    void catchupKeys() throws IOException {
        TjConfig c = load("""
                [catchup]
                enabled = false
                settle_seconds = 45
                claude_roots = ["~/cc/projects", "rel/projects"]
                codex_roots = ["/tmp/codex/sessions"]
                """);
        assertThat(c.catchup().enabled()).isFalse();
        assertThat(c.catchup().settle()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.catchup().claudeRoots()).containsExactly(home.resolve("cc/projects"), cwd.resolve("rel/projects"));
        assertThat(c.catchup().codexRoots()).containsExactly(Path.of("/tmp/codex/sessions"));
        // a file without [catchup] keeps it on
        assertThat(load("[api]\nport = 1\n").catchup().enabled()).isTrue();
    }

    @Test
    void badCatchupValuesNameTheKey() {
        assertThatThrownBy(() -> load("[catchup]\nenabled = \"yes\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[catchup] enabled must be true or false");
        assertThatThrownBy(() -> load("[catchup]\nsettle_seconds = -1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[catchup] settle_seconds must be between 0 and 86400");
        assertThatThrownBy(() -> load("[catchup]\nclaude_roots = \"/x\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[catchup] claude_roots must be an array of paths");
        assertThatThrownBy(() -> load("[catchup]\ncodex_roots = [1]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[catchup] codex_roots must hold paths");
    }
}
