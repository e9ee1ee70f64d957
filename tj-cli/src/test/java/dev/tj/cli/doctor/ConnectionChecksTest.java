package dev.tj.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tj.cli.doctor.Finding.Level;
import dev.tj.cli.onboard.ClaudeSettings;
import dev.tj.cli.onboard.CodexConfig;
import dev.tj.core.agent.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tj doctor's connection checks against real settings files, each in its failing state: what
 * onboarding writes passes, and every way a file can miss this daemon is named with its fix.
 */
class ConnectionChecksTest {
    static final Connection TJ = Connection.local("127.0.0.1", 7391, "s3cret");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Path claudeDir() {
        return home.resolve(".claude");
    }

    Path settings() {
        return claudeDir().resolve("settings.json");
    }

    /** The settings onboarding writes for {@link #TJ} over an existing file. */
    String onboarded(String existing) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(existing);
        ClaudeSettings.Merge m = ClaudeSettings.merge(root, TJ, event -> TJ.curlHookCommand());
        return ClaudeSettings.render(m.result(), existing);
    }

    static Finding named(List<Finding> fs, String check) {
        return fs.stream()
                .filter(f -> f.check().equals(check))
                .findFirst()
                .orElseThrow(() -> new AssertionError(check + " in " + fs));
    }

    @Test
    void theSecretMustBeTheOneTheAgentsSend() {
        assertThat(ConnectionChecks.secret(null, null, null).level()).isEqualTo(Level.WARN);
        assertThat(ConnectionChecks.secret("s3cret", "Authorization=Bearer s3cret", "Bearer s3cret")
                        .level())
                .isEqualTo(Level.OK);
        Finding claude = ConnectionChecks.secret("s3cret", "Authorization=Bearer old", null);
        assertThat(claude.level()).isEqualTo(Level.ERROR);
        assertThat(claude.detail()).contains("Claude Code").doesNotContain("Codex");
        Finding codex = ConnectionChecks.secret("s3cret", null, "Bearer old");
        assertThat(codex.level()).isEqualTo(Level.ERROR);
        assertThat(codex.detail()).contains("Codex");
        assertThat(codex.fix()).contains("tj onboard");
    }

    @Test
    void claudeCodeNotInstalledIsOkAndUnreadableSettingsAreAnError() throws Exception {
        assertThat(ConnectionChecks.claudeCode(claudeDir(), settings(), TJ))
                .singleElement()
                .satisfies(f -> assertThat(f.level()).isEqualTo(Level.OK));
        Files.createDirectories(claudeDir());
        assertThat(named(ConnectionChecks.claudeCode(claudeDir(), settings(), TJ), "claude code telemetry")
                        .level())
                .isEqualTo(Level.WARN); // installed, never onboarded
        Files.writeString(settings(), "{ \"env\": { ");
        Finding broken =
                ConnectionChecks.claudeCode(claudeDir(), settings(), TJ).get(0);
        assertThat(broken.level()).isEqualTo(Level.ERROR);
        assertThat(broken.detail()).contains("not valid JSON");
    }

    @Test
    void onboardedSettingsPassAndEachGapIsAWarningNamingIt() throws Exception {
        Files.createDirectories(claudeDir());
        String good = onboarded("{\"model\":\"opus\"}");
        Files.writeString(settings(), good);
        List<Finding> ok = ConnectionChecks.claudeCode(claudeDir(), settings(), TJ);
        assertThat(ok).extracting(Finding::level).containsOnly(Level.OK);

        // another port: the env block and the hooks point elsewhere
        Connection other = Connection.local("127.0.0.1", 9999, "s3cret");
        List<Finding> elsewhere = ConnectionChecks.claudeCode(claudeDir(), settings(), other);
        assertThat(named(elsewhere, "claude code telemetry").detail()).contains("OTEL_EXPORTER_OTLP_ENDPOINT");
        assertThat(named(elsewhere, "claude code hooks").level()).isEqualTo(Level.WARN);
        assertThat(named(elsewhere, "claude code hooks").detail()).contains("another address or secret");

        // telemetry only, no hooks
        ObjectNode noHooks = (ObjectNode) JSON.readTree(good);
        noHooks.remove("hooks");
        Files.writeString(settings(), noHooks.toPrettyString());
        List<Finding> missing = ConnectionChecks.claudeCode(claudeDir(), settings(), TJ);
        assertThat(named(missing, "claude code telemetry").level()).isEqualTo(Level.OK);
        Finding hooks = named(missing, "claude code hooks");
        assertThat(hooks.level()).isEqualTo(Level.WARN);
        assertThat(hooks.detail()).contains("Stop", "Notification");
        assertThat(hooks.fix()).isEqualTo("tj onboard --claude-code");

        // a per-signal endpoint sends logs elsewhere
        ObjectNode override = (ObjectNode) JSON.readTree(good);
        ((ObjectNode) override.get("env")).put("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://collector:4318/v1/logs");
        Files.writeString(settings(), override.toPrettyString());
        Finding signal = named(ConnectionChecks.claudeCode(claudeDir(), settings(), TJ), "claude code telemetry");
        assertThat(signal.level()).isEqualTo(Level.WARN);
        assertThat(signal.detail()).contains("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT");
    }

    @Test
    void codexNotInstalledIsOkWithoutOrWithAnotherExporterIsAWarning() throws Exception {
        Path codexHome = home.resolve(".codex"), config = codexHome.resolve("config.toml");
        assertThat(ConnectionChecks.codex(codexHome, config, TJ).level()).isEqualTo(Level.OK);
        Files.createDirectories(codexHome);
        String original = "# my codex\nmodel = \"gpt-5\"\n";
        Files.writeString(config, original);
        Finding none = ConnectionChecks.codex(codexHome, config, TJ);
        assertThat(none.level()).isEqualTo(Level.WARN);
        assertThat(none.fix()).isEqualTo("tj onboard --codex");
        Files.writeString(config, CodexConfig.merge(original, TJ).text());
        assertThat(ConnectionChecks.codex(codexHome, config, TJ).level()).isEqualTo(Level.OK);
        Finding moved = ConnectionChecks.codex(codexHome, config, Connection.local("127.0.0.1", 9999, "s3cret"));
        assertThat(moved.level()).isEqualTo(Level.WARN);
        assertThat(moved.detail()).contains("exports to http://127.0.0.1:7391");
        Files.writeString(config, "model = = 1\n");
        assertThat(ConnectionChecks.codex(codexHome, config, TJ).detail()).contains("not valid TOML");
    }
}
