package dev.tj.core.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an agent connects to one tj daemon: the one source of the Claude Code telemetry {@code env}
 * block, the hook command, Codex's {@code [otel]} exporter and the connect help that {@code tj serve}'s
 * banner and the dashboard show, so onboarding, doctor, banner and dashboard cannot drift apart.
 *
 * @param endpoint the daemon's OTLP/HTTP base, e.g. {@code http://127.0.0.1:7391}
 * @param secret   the ingest secret, or a placeholder such as {@link #SECRET_PLACEHOLDER} in help text
 */
public record Connection(String endpoint, String secret) {
    /** The command that does all of this for the user. */
    public static final String ONBOARD = "tj onboard";

    public static final String SECRET_PLACEHOLDER = "<your ingest secret>";

    /** The hook events tj installs: waits start at Stop / Notification, end at the next prompt or start. */
    public static final List<String> HOOK_EVENTS =
            List.of("SessionStart", "UserPromptSubmit", "Notification", "Stop", "SessionEnd");

    /** Where hook payloads go (tj's own route; a hook command naming it is tj's). */
    public static final String HOOKS_PATH = "/api/v1/hooks";

    public static final String CLAUDE_SETTINGS = "~/.claude/settings.json";

    /** The connection of a daemon on this machine: loopback when it binds every address. */
    public static Connection local(String host, int port, String secret) {
        String h = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return new Connection("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port, secret);
    }

    /** Claude Code's telemetry variables, in the order they are written (user settings {@code env}). */
    public Map<String, String> claudeCodeEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLAUDE_CODE_ENABLE_TELEMETRY", "1");
        env.put("OTEL_LOGS_EXPORTER", "otlp");
        env.put("OTEL_METRICS_EXPORTER", "otlp");
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        env.put("OTEL_EXPORTER_OTLP_HEADERS", otlpHeaders());
        return env;
    }

    public String otlpHeaders() {
        return "Authorization=Bearer " + secret;
    }

    public String hooksUrl() {
        return endpoint + HOOKS_PATH;
    }

    /**
     * The hook command: curl pipes the hook's JSON to the daemon in a few milliseconds and never
     * fails the hook (a JVM start would take longer than the hook may).
     */
    public String curlHookCommand() {
        return "curl -s -m 0.3 -o /dev/null -H 'Authorization: Bearer " + secret
                + "' -H 'Content-Type: application/json' --data-binary @- " + hooksUrl() + " || true";
    }

    /** Codex's OTLP logs endpoint (Codex does not append {@code /v1/logs} itself). */
    public String codexLogsEndpoint() {
        return endpoint + "/v1/logs";
    }

    /** The value of {@code exporter} in Codex's {@code [otel]} table. */
    public String codexExporter() {
        return "{ otlp-http = { endpoint = " + tomlString(codexLogsEndpoint())
                + ", protocol = \"binary\", headers = { Authorization = " + tomlString("Bearer " + secret) + " } } }";
    }

    /** {@code {"env": {...}}} as it goes into the settings file, two-space indented. */
    public String settingsSnippet() {
        try {
            return SNIPPET_JSON.writer(SnippetPrinter.INSTANCE).writeValueAsString(Map.of("env", claudeCodeEnv()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The connect help above the snippet: the command first, the manual way as the fallback. */
    public static List<String> helpLines() {
        return List.of(
                "Connect Claude Code and Codex in one command: `" + ONBOARD
                        + "` (telemetry, hooks and Codex's [otel] block, backed up first; `" + ONBOARD
                        + " --undo` reverts).",
                "Or by hand: add this \"env\" block to your user settings, `" + CLAUDE_SETTINGS
                        + "`, with your ingest secret (TJ_HOME/ingest-secret, or [security] ingest_secret)"
                        + " in place of the placeholder, then start a new `claude`:");
    }

    private static String tomlString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    private static final ObjectMapper SNIPPET_JSON = new ObjectMapper();

    /** JSON.stringify(x, null, 2): two-space indent, {@code "key": value}, arrays one item a line. */
    public static final class SnippetPrinter extends DefaultPrettyPrinter {
        public static final SnippetPrinter INSTANCE = new SnippetPrinter();

        public SnippetPrinter() {
            super(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));
            DefaultIndenter two = new DefaultIndenter("  ", "\n");
            indentObjectsWith(two);
            indentArraysWith(two);
        }

        private SnippetPrinter(SnippetPrinter base) {
            super(base);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new SnippetPrinter(this);
        }
    }
}
