package dev.tj.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.onboard.ClaudeSettings;
import dev.tj.cli.onboard.CodexConfig;
import dev.tj.core.agent.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of the agents' side: Claude Code's user settings and Codex's config point at this
 * daemon with this secret. What "pointing at tj" means is onboarding's ({@link ClaudeSettings},
 * {@link CodexConfig}): doctor asks the same code that writes it.
 */
public final class ConnectionChecks {
    private ConnectionChecks() {}

    /**
     * The ingest secret tj has, against the ones Claude Code's settings and Codex's config send.
     *
     * @param claudeHeaders {@code env.OTEL_EXPORTER_OTLP_HEADERS} of Claude Code's settings, or null
     * @param codexAuth     Codex's {@code [otel]} Authorization header, or null
     */
    public static Finding secret(String secret, String claudeHeaders, String codexAuth) {
        if (secret == null || secret.isBlank())
            return Finding.warn(
                    "ingest secret",
                    "none yet: ingest POSTs are not protected",
                    "tj onboard (or tj serve) creates one");
        List<String> differ = new ArrayList<>();
        if (claudeHeaders != null && claudeHeaders.contains("Bearer") && !claudeHeaders.contains("Bearer " + secret))
            differ.add("Claude Code's OTEL_EXPORTER_OTLP_HEADERS");
        if (codexAuth != null && !codexAuth.equals("Bearer " + secret)) differ.add("Codex's [otel] Authorization");
        if (!differ.isEmpty())
            return Finding.error(
                    "ingest secret",
                    String.join(" and ", differ) + " carry another secret: tj refuses their data (401)",
                    "tj onboard (rewrites them with this tj's secret)");
        return Finding.ok(
                "ingest secret",
                "set" + (claudeHeaders != null || codexAuth != null ? ", and the agents send the same one" : ""));
    }

    /** Claude Code's telemetry env block and tj's hooks in its user settings, for this daemon. */
    public static List<Finding> claudeCode(Path configDir, Path settings, Connection c) {
        if (!Files.isDirectory(configDir))
            return List.of(Finding.ok("claude code", "not installed here (" + configDir + " does not exist)"));
        ClaudeSettings.Parsed parsed = ClaudeSettings.read(settings);
        if (!parsed.ok())
            return List.of(Finding.error(
                    "claude code",
                    settings + ": " + parsed.problem(),
                    "fix the file, then run tj onboard --claude-code"));
        if (!parsed.exists())
            return List.of(Finding.warn(
                    "claude code telemetry",
                    settings + " does not exist: Claude Code sends tj nothing",
                    "tj onboard --claude-code"));
        ClaudeSettings.Status s = ClaudeSettings.status(parsed.root(), c);
        List<Finding> out = new ArrayList<>();
        if (!s.envMissing().isEmpty())
            out.add(Finding.warn(
                    "claude code telemetry",
                    "env block lacks or differs for " + keys(s.envMissing()) + " (expected " + c.endpoint() + ")",
                    "tj onboard --claude-code"));
        else if (!s.signalOverrides().isEmpty())
            out.add(Finding.warn(
                    "claude code telemetry",
                    String.join(", ", s.signalOverrides()) + " send some signals elsewhere",
                    "remove them from " + settings + "'s env, or run tj onboard --claude-code"));
        else out.add(Finding.ok("claude code telemetry", settings + " exports to " + c.endpoint()));
        if (!s.hooksMissing().isEmpty())
            out.add(Finding.warn(
                    "claude code hooks",
                    "no tj hook for " + String.join(", ", s.hooksMissing()) + ": \"needs you\" cannot show",
                    "tj onboard --claude-code"));
        else if (!s.hooksElsewhere().isEmpty())
            out.add(Finding.warn(
                    "claude code hooks",
                    "tj hooks for " + String.join(", ", s.hooksElsewhere()) + " post to another address or secret",
                    "tj onboard --claude-code"));
        else out.add(Finding.ok("claude code hooks", "all " + Connection.HOOK_EVENTS.size() + " hooks reach this tj"));
        return out;
    }

    /** Codex's [otel] exporter, for this daemon. */
    public static Finding codex(Path codexHome, Path config, Connection c) {
        if (!Files.isDirectory(codexHome))
            return Finding.ok("codex", "not installed here (" + codexHome + " does not exist)");
        String text;
        try {
            text = Files.isRegularFile(config) ? Files.readString(config) : "";
        } catch (java.io.IOException e) {
            return Finding.error("codex", "cannot read " + config + ": " + e.getMessage(), "chmod u+r " + config);
        }
        String wrong = CodexConfig.check(text, c);
        if (wrong != null) return Finding.warn("codex", config + ": " + wrong, "tj onboard --codex");
        return Finding.ok("codex", config + " exports to " + c.codexLogsEndpoint());
    }

    /** {@code KEY=value} entries as their keys. */
    private static String keys(List<String> entries) {
        List<String> keys = new ArrayList<>();
        for (String e : entries) keys.add(e.contains("=") ? e.substring(0, e.indexOf('=')) : e);
        return String.join(", ", keys);
    }

    /** Claude Code's OTLP header value in a settings root, or null. */
    public static String claudeHeaders(JsonNode root) {
        return root == null
                ? null
                : root.path("env").path("OTEL_EXPORTER_OTLP_HEADERS").asText(null);
    }
}
