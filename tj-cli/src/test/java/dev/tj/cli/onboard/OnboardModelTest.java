package dev.tj.cli.onboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tj.core.agent.Connection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings model tj onboard writes and tj doctor reads: merge, status, the Codex check, TOML line edits, the diff. */
class OnboardModelTest {
    static final Connection HERE = Connection.local("127.0.0.1", 7391, "s3cret");

    @Test
    void settingsLocationsFollowTheAgentsVariables() {
        Path home = Path.of("/home/me");
        assertThat(ClaudeSettings.locate(Map.of(), home)).isEqualTo(Path.of("/home/me/.claude/settings.json"));
        assertThat(ClaudeSettings.locate(Map.of("CLAUDE_CONFIG_DIR", "/cfg/claude"), home))
                .isEqualTo(Path.of("/cfg/claude/settings.json"));
        assertThat(CodexConfig.locate(Map.of(), home)).isEqualTo(Path.of("/home/me/.codex/config.toml"));
        assertThat(CodexConfig.locate(Map.of("CODEX_HOME", "/c"), home)).isEqualTo(Path.of("/c/config.toml"));
    }

    @Test
    void statusSaysWhatIsMissingAndWhetherTheSettingsPointAtThisDaemon() {
        ObjectNode empty = ClaudeSettings.parse("{}").root();
        ClaudeSettings.Status none = ClaudeSettings.status(empty, HERE);
        assertThat(none.telemetryOk()).isFalse();
        assertThat(none.envMissing()).hasSize(6);
        assertThat(none.hooksMissing()).containsExactlyElementsOf(Connection.HOOK_EVENTS);

        ObjectNode merged =
                ClaudeSettings.merge(empty, HERE, e -> HERE.curlHookCommand()).result();
        ClaudeSettings.Status ok = ClaudeSettings.status(merged, HERE);
        assertThat(ok.telemetryOk()).isTrue();
        assertThat(ok.hooksOk()).isTrue();

        // the same file judged against a daemon on another port with another secret
        Connection other = Connection.local("127.0.0.1", 7400, "other");
        ClaudeSettings.Status elsewhere = ClaudeSettings.status(merged, other);
        assertThat(elsewhere.envMissing())
                .containsExactly(
                        "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:7400",
                        "OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer other");
        assertThat(elsewhere.hooksElsewhere()).containsExactlyElementsOf(Connection.HOOK_EVENTS);
        assertThat(elsewhere.hooksMissing()).isEmpty();

        // a tj hook run as `tj hook <event>` finds the daemon itself
        ObjectNode viaTj = ClaudeSettings.merge(empty, HERE, e -> "/opt/tj/bin/tj hook " + e)
                .result();
        assertThat(ClaudeSettings.status(viaTj, other).hooksElsewhere()).isEmpty();

        ObjectNode withOverride = merged.deepCopy();
        ((ObjectNode) withOverride.get("env")).put("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "https://elsewhere");
        assertThat(ClaudeSettings.status(withOverride, HERE).signalOverrides())
                .containsExactly("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT");
    }

    @Test
    void tjHooksAreRecognisedByTheirUrlOrTjHookAndNothingElse() {
        assertThat(ClaudeSettings.isTjHook(HERE.curlHookCommand())).isTrue();
        assertThat(ClaudeSettings.isTjHook("/usr/local/bin/tj hook Stop")).isTrue();
        assertThat(ClaudeSettings.isTjHook("'/opt/my tj/bin/tj' hook Notification"))
                .isTrue();
        assertThat(ClaudeSettings.isTjHook("'/usr/bin/java' -jar '/x/tj.jar' hook SessionEnd"))
                .isTrue();
        assertThat(ClaudeSettings.isTjHook("notify-send 'hook done'")).isFalse();
        assertThat(ClaudeSettings.isTjHook("~/bin/adjust hook Stop")).isFalse();
        assertThat(ClaudeSettings.isTjHook(null)).isFalse();
    }

    @Test
    void parseExplainsInvalidJsonAndComments() {
        assertThat(ClaudeSettings.parse("{\"a\": }").problem()).startsWith("it is not valid JSON (line 1, column ");
        assertThat(ClaudeSettings.parse("{\n// c\n\"a\": 1}").problem()).startsWith("it has comments");
        assertThat(ClaudeSettings.parse("[1]").problem()).isEqualTo("it is not a JSON object.");
        assertThat(ClaudeSettings.parse("  ").ok()).isTrue();
    }

    @Test
    void codexCheckAndMergeKeepEverythingElse() {
        assertThat(CodexConfig.check("model = \"o3\"\n", HERE)).isEqualTo("no [otel] otlp-http exporter");
        CodexConfig.Merge m = CodexConfig.merge("model = \"o3\" # mine\n", HERE);
        assertThat(m.text()).isEqualTo("model = \"o3\" # mine\n\n[otel]\nexporter = " + HERE.codexExporter() + "\n");
        assertThat(CodexConfig.check(m.text(), HERE)).isNull();
        assertThat(CodexConfig.check(m.text(), Connection.local("127.0.0.1", 1, "s3cret")))
                .isEqualTo("[otel] exports to http://127.0.0.1:7391/v1/logs, not http://127.0.0.1:1/v1/logs");
        assertThat(CodexConfig.merge(m.text(), HERE).text()).isEqualTo(m.text());
        assertThat(CodexConfig.merge("otel.exporter = \"none\"\n", HERE).problem())
                .contains("dotted key");
        assertThat(CodexConfig.merge("[otel\n", HERE).problem()).startsWith("it is not valid TOML");
    }

    @Test
    void tomlLineEditsFindQuotedDottedTables() {
        TomlText t = new TomlText("# top\n[agents.\"claude-code-my.repo\"] # x\nproject = \"a\"\n\n[other]\nk = 1\n");
        assertThat(TomlText.header("[agents.\"claude-code-my.repo\"] # x"))
                .containsExactly("agents", "claude-code-my.repo");
        assertThat(TomlText.header("[[servers]]")).containsExactly("[[array]]");
        assertThat(TomlText.header("key = [1]")).isNull();
        t.set("agents.\"claude-code-my.repo\"", "project", "\"b\"");
        t.set("budget.anthropic", "plan", "\"pro\"");
        assertThat(t.text())
                .isEqualTo("# top\n[agents.\"claude-code-my.repo\"] # x\nproject = \"b\"\n\n[other]\nk = 1\n"
                        + "\n[budget.anthropic]\nplan = \"pro\"\n");
    }

    @Test
    void theDiffIsUnified() {
        String d = UnifiedDiff.of("f", "a\nb\nc\n", "a\nB\nc\nd\n", true);
        assertThat(d).isEqualTo("--- f\n+++ f\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n");
        assertThat(UnifiedDiff.of("g", "", "x\n", false)).isEqualTo("--- /dev/null\n+++ g\n@@ -0,0 +1 @@\n+x\n");
        assertThat(List.of(UnifiedDiff.of("h", "same\n", "same\n", true))).containsExactly("--- h\n+++ h\n");
    }
}
