package dev.tj.cli.onboard;

import dev.tj.core.agent.Connection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Codex's {@code config.toml} ({@code $CODEX_HOME/config.toml}, else {@code ~/.codex/config.toml})
 * and what tj expects in it: {@code [otel] exporter = { otlp-http = … }} pointing at this daemon.
 * Edited as text, so comments, other tables and key order stay byte for byte.
 */
public final class CodexConfig {
    public static final String FILE = "config.toml";

    private CodexConfig() {}

    /** Codex's home: {@code $CODEX_HOME}, else {@code ~/.codex}. */
    public static Path home(Map<String, String> env, Path home) {
        String dir = env.get("CODEX_HOME");
        return dir == null || dir.isBlank() ? home.resolve(".codex") : Path.of(dir.trim());
    }

    public static Path locate(Map<String, String> env, Path home) {
        return home(env, home).resolve(FILE);
    }

    /**
     * The edited text, or why the file is left alone.
     *
     * @param text      the new content (equal to the input when nothing changes); null with a problem
     * @param conflicts another exporter tj would replace ({@code [otel] exporter} of another tool)
     */
    public record Merge(String text, List<ClaudeSettings.Conflict> conflicts, String problem) {}

    /** The endpoint and header Codex would export to, read from the parsed file (null when absent). */
    public record Exporter(String endpoint, String protocol, String authorization) {
        public boolean pointsAt(Connection c) {
            return c.codexLogsEndpoint().equals(endpoint) && ("Bearer " + c.secret()).equals(authorization);
        }
    }

    public static Exporter exporter(TomlParseResult toml) {
        String base = "otel.exporter.otlp-http";
        Object endpoint = get(toml, List.of("otel", "exporter", "otlp-http", "endpoint"));
        if (endpoint == null) return null;
        Object protocol = get(toml, List.of("otel", "exporter", "otlp-http", "protocol"));
        Object auth = get(toml, List.of("otel", "exporter", "otlp-http", "headers", "Authorization"));
        return new Exporter(
                String.valueOf(endpoint),
                protocol == null ? null : String.valueOf(protocol),
                auth == null ? null : String.valueOf(auth));
    }

    private static Object get(TomlParseResult toml, List<String> path) {
        try {
            return toml.get(path);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether a config text exports to {@code c} (doctor): null when it does, else what is wrong. */
    public static String check(String text, Connection c) {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) return "not valid TOML: " + toml.errors().get(0).toString();
        Exporter e = exporter(toml);
        if (e == null) return "no [otel] otlp-http exporter";
        if (!c.codexLogsEndpoint().equals(e.endpoint()))
            return "[otel] exports to " + e.endpoint() + ", not " + c.codexLogsEndpoint();
        if (!("Bearer " + c.secret()).equals(e.authorization()))
            return "[otel] sends another Authorization header than this tj's ingest secret";
        return null;
    }

    /** tj's {@code [otel] exporter} set in {@code text}, every other byte kept. */
    public static Merge merge(String text, Connection c) {
        TomlParseResult before = Toml.parse(text);
        if (before.hasErrors())
            return new Merge(
                    null, List.of(), "it is not valid TOML (" + before.errors().get(0) + ").");
        Exporter current = exporter(before);
        if (current != null && current.pointsAt(c) && "binary".equals(current.protocol()))
            return new Merge(text, List.of(), null);
        TomlText t = new TomlText(text);
        for (int i = 0; i < t.size(); i++) {
            String line = t.line(i);
            if (TomlText.header(line) == null && line.matches("^\\s*\"?otel\"?\\s*[.=].*") && firstTableAfter(t, i))
                return new Merge(
                        null,
                        List.of(),
                        "it sets otel as a dotted key or inline table at the top; move it to an [otel] table,"
                                + " or add tj's exporter by hand (see `tj onboard --dry-run`).");
        }
        List<ClaudeSettings.Conflict> conflicts = new ArrayList<>();
        boolean tjs = current != null
                && (c.codexLogsEndpoint().equals(current.endpoint())
                        || ("Bearer " + c.secret()).equals(current.authorization()));
        // sub-tables [otel.exporter…] (TokenJam's layout) hold the exporter: they make way for tj's inline one
        for (int i = t.size() - 1; i >= 0; i--) {
            List<String> h = TomlText.header(t.line(i));
            if (h != null
                    && h.size() >= 2
                    && h.get(0).equals("otel")
                    && h.get(1).equals("exporter")) t.removeTable(i);
        }
        int otel = t.headerIndex("otel");
        String exporterLine = "exporter = " + c.codexExporter();
        if (otel < 0) {
            t.appendTable("otel", List.of(exporterLine));
        } else {
            int k = t.keyIndex(otel, "exporter");
            if (k >= 0) {
                String value = t.line(k).replaceFirst("^[^=]*=\\s*", "").trim();
                if (!tjs && !value.equals("\"none\"") && !value.startsWith("\"none\" "))
                    conflicts.add(new ClaudeSettings.Conflict("[otel] exporter", value, c.codexExporter()));
                t.setLine(k, exporterLine);
            } else {
                t.insert(otel + 1, exporterLine);
            }
        }
        if (current != null && !tjs && conflicts.isEmpty())
            conflicts.add(new ClaudeSettings.Conflict("[otel.exporter]", current.endpoint(), c.codexLogsEndpoint()));
        String out = t.text();
        TomlParseResult after = Toml.parse(out);
        Exporter written = after.hasErrors() ? null : exporter(after);
        if (written == null || !written.pointsAt(c))
            return new Merge(
                    null,
                    List.of(),
                    "tj could not place its [otel] exporter in this file safely; add it by hand (see README, Codex).");
        return new Merge(out, conflicts, null);
    }

    /** Whether no [table] header comes before line {@code i} (a root-level key). */
    private static boolean firstTableAfter(TomlText t, int i) {
        for (int j = 0; j < i; j++) if (TomlText.header(t.line(j)) != null) return false;
        return true;
    }
}
