package dev.tj.cli.onboard;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tj.core.agent.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Claude Code's user settings ({@code $CLAUDE_CONFIG_DIR/settings.json}, else
 * {@code ~/.claude/settings.json}) and what tj expects in them: the telemetry {@code env} block of
 * {@link Connection#claudeCodeEnv()} and one tj hook per {@link Connection#HOOK_EVENTS} event.
 * Project settings can no longer turn telemetry on, so only the user file counts.
 *
 * <p>{@code tj onboard} merges with {@link #merge}; {@code tj doctor} reads with {@link #read} and
 * judges with {@link #status}. A tj hook is one whose command posts to {@code /api/v1/hooks} or runs
 * {@code tj hook <event>}; hooks of other tools are never touched.
 */
public final class ClaudeSettings {
    public static final String FILE = "settings.json";

    /** Env keys that override the generic OTLP ones per signal: set, they send data elsewhere. */
    static final List<String> SIGNAL_OVERRIDES = List.of(
            "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
            "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
            "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL",
            "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
            "OTEL_EXPORTER_OTLP_LOGS_HEADERS",
            "OTEL_EXPORTER_OTLP_METRICS_HEADERS");

    private static final Pattern TJ_HOOK_COMMAND = Pattern.compile("(?s).*\\btj(\\.jar)?['\"]?\\s+hook\\s+\\w+.*");
    private static final Pattern TJ_STATUS_LINE =
            Pattern.compile("(?s).*(\\btj(\\.jar)?['\"]?\\s+statusline\\b|tj-statusline).*");

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final ObjectMapper LENIENT = new ObjectMapper()
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .enable(JsonParser.Feature.ALLOW_YAML_COMMENTS)
            .enable(JsonParser.Feature.ALLOW_TRAILING_COMMA);

    private ClaudeSettings() {}

    /** Claude Code's config directory: {@code $CLAUDE_CONFIG_DIR}, else {@code ~/.claude}. */
    public static Path configDir(Map<String, String> env, Path home) {
        String dir = env.get("CLAUDE_CONFIG_DIR");
        return dir == null || dir.isBlank() ? home.resolve(".claude") : Path.of(dir.trim());
    }

    /** The user settings file tj onboards. */
    public static Path locate(Map<String, String> env, Path home) {
        return configDir(env, home).resolve(FILE);
    }

    /**
     * A settings file as read.
     *
     * @param root    the settings object (empty when the file is missing or empty); null with a problem
     * @param exists  whether the file exists
     * @param problem why the file cannot be read or rewritten safely (invalid JSON, comments, not an object)
     */
    public record Parsed(ObjectNode root, boolean exists, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** Reads a settings file; never throws. */
    public static Parsed read(Path file) {
        TargetFile t = TargetFile.inspect(file);
        if (!t.exists()) {
            if (Files.exists(file)) return new Parsed(null, true, t.problem());
            return new Parsed(JSON.createObjectNode(), false, null);
        }
        Parsed p = parse(t.text());
        return new Parsed(p.root(), true, p.problem());
    }

    /** Parses settings text: an object, strict JSON (what tj rewrites must lose nothing). */
    public static Parsed parse(String text) {
        if (text.isBlank()) return new Parsed(JSON.createObjectNode(), true, null);
        try {
            JsonNode n = JSON.readTree(text);
            if (!(n instanceof ObjectNode o)) return new Parsed(null, true, "it is not a JSON object.");
            return new Parsed(o, true, null);
        } catch (JsonProcessingException e) {
            try {
                if (LENIENT.readTree(text) instanceof ObjectNode)
                    return new Parsed(
                            null,
                            true,
                            "it has comments (or trailing commas), which tj cannot keep when it rewrites the"
                                    + " file; remove them, or add tj's keys by hand.");
            } catch (JsonProcessingException ignored) {
                // not even lenient JSON: say where strict parsing stopped
            }
            JsonLocation at = e.getLocation();
            return new Parsed(
                    null,
                    true,
                    "it is not valid JSON"
                            + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                            + ": " + e.getOriginalMessage().lines().findFirst().orElse("") + ".");
        }
    }

    /** Whether a hook command is tj's: it posts to tj's hook route or runs {@code tj hook <event>}. */
    public static boolean isTjHook(String command) {
        return command != null
                && (command.contains(Connection.HOOKS_PATH)
                        || TJ_HOOK_COMMAND.matcher(command).matches());
    }

    /**
     * A value tj would change that another tool (or the user) set.
     *
     * @param key     e.g. {@code env.OTEL_EXPORTER_OTLP_ENDPOINT}
     * @param current what the file has
     * @param wanted  what tj writes (null: tj removes the key)
     */
    public record Conflict(String key, String current, String wanted) {}

    /** The merged settings and what in them another tool had set differently. */
    public record Merge(ObjectNode result, List<Conflict> conflicts, List<String> notes) {}

    /**
     * tj's env block and hooks merged into a copy of {@code root}: every other key, key order and
     * other tools' hooks kept; tj's earlier hook entries replaced in place, duplicates dropped.
     *
     * @param hookCommand the command for each hook event, or null to leave hooks alone ({@code --no-hooks})
     */
    public static Merge merge(ObjectNode root, Connection c, Function<String, String> hookCommand) {
        return merge(root, c, hookCommand, null, false);
    }

    /** Whether a statusLine command is tj's ({@code tj statusline} or {@code bin/tj-statusline}). */
    public static boolean isTjStatusLine(String command) {
        return command != null && TJ_STATUS_LINE.matcher(command).matches();
    }

    /** Another tool's statusLine command, or null when there is none or it is tj's. */
    public static String foreignStatusLine(ObjectNode root) {
        JsonNode s = root.get("statusLine");
        if (s == null || s.isNull()) return null;
        String command = s.path("command").asText(null);
        return isTjStatusLine(command) ? null : command == null ? s.toString() : command;
    }

    /**
     * As {@link #merge(ObjectNode, Connection, Function)}, and tj's {@code statusLine}: set where
     * there is none or tj's own is there; another tool's is replaced only with {@code replaceStatusLine}
     * (the user said so), else kept with a note saying how to replace it.
     *
     * @param statusLineCommand the command, or null to leave {@code statusLine} alone
     */
    public static Merge merge(
            ObjectNode root,
            Connection c,
            Function<String, String> hookCommand,
            String statusLineCommand,
            boolean replaceStatusLine) {
        ObjectNode out = root.deepCopy();
        List<Conflict> conflicts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        JsonNode envNode = out.get("env");
        if (envNode != null && !(envNode instanceof ObjectNode)) {
            conflicts.add(new Conflict("env", envNode.toString(), "an object"));
            out.set("env", JSON.createObjectNode());
        }
        ObjectNode env = out.has("env") ? (ObjectNode) out.get("env") : out.putObject("env");
        boolean earlierTj = c.otlpHeaders()
                        .equals(env.path("OTEL_EXPORTER_OTLP_HEADERS").asText(null))
                || c.endpoint().equals(env.path("OTEL_EXPORTER_OTLP_ENDPOINT").asText(null));
        for (Map.Entry<String, String> e : c.claudeCodeEnv().entrySet()) {
            JsonNode cur = env.get(e.getKey());
            if (cur != null && cur.isTextual() && cur.asText().equals(e.getValue())) continue;
            boolean foreign =
                    cur != null && !cur.asText("").isEmpty() && e.getKey().startsWith("OTEL_") && !earlierTj;
            if (foreign) conflicts.add(new Conflict("env." + e.getKey(), cur.asText(), e.getValue()));
            env.put(e.getKey(), e.getValue());
        }
        for (String k : SIGNAL_OVERRIDES) {
            if (env.has(k)) {
                conflicts.add(new Conflict("env." + k, env.get(k).asText(), null));
                env.remove(k);
            }
        }
        if (env.has("OTEL_RESOURCE_ATTRIBUTES"))
            notes.add("env.OTEL_RESOURCE_ATTRIBUTES is set here for every terminal; the `claude` shell function's"
                    + " per-terminal service.instance.id is added to it, not replaced.");
        if (hookCommand != null) mergeHooks(out, hookCommand, conflicts);
        if (statusLineCommand != null) mergeStatusLine(out, statusLineCommand, replaceStatusLine, notes);
        return new Merge(out, conflicts, notes);
    }

    private static void mergeStatusLine(ObjectNode out, String command, boolean replace, List<String> notes) {
        String foreign = foreignStatusLine(out);
        if (foreign != null && !replace) {
            notes.add("statusLine runs another command (" + foreign + "): kept. For tj's line (model, cost,"
                    + " context, 5-hour and weekly windows), run `tj onboard --statusline` (the old file is backed up)"
                    + " or set statusLine.command to: " + command);
            return;
        }
        JsonNode s = out.get("statusLine");
        // tj's earlier entry keeps its other keys (padding); another's is replaced whole
        ObjectNode entry = s instanceof ObjectNode o && foreign == null ? o : JSON.createObjectNode();
        entry.put("type", "command");
        entry.put("command", command);
        out.set("statusLine", entry);
    }

    private static void mergeHooks(ObjectNode out, Function<String, String> commandFor, List<Conflict> conflicts) {
        JsonNode hooksNode = out.get("hooks");
        if (hooksNode != null && !(hooksNode instanceof ObjectNode)) {
            conflicts.add(new Conflict("hooks", hooksNode.toString(), "an object"));
            out.set("hooks", JSON.createObjectNode());
        }
        ObjectNode hooks = out.has("hooks") ? (ObjectNode) out.get("hooks") : out.putObject("hooks");
        for (String event : Connection.HOOK_EVENTS) {
            JsonNode eventNode = hooks.get(event);
            if (eventNode != null && !(eventNode instanceof ArrayNode)) {
                conflicts.add(new Conflict("hooks." + event, eventNode.toString(), "an array"));
                hooks.set(event, JSON.createArrayNode());
            }
            ArrayNode groups = hooks.has(event) ? (ArrayNode) hooks.get(event) : hooks.putArray(event);
            String command = commandFor.apply(event);
            boolean placed = false;
            for (Iterator<JsonNode> gi = groups.iterator(); gi.hasNext(); ) {
                JsonNode group = gi.next();
                if (!(group.get("hooks") instanceof ArrayNode entries)) continue;
                boolean removed = false;
                for (Iterator<JsonNode> ei = entries.iterator(); ei.hasNext(); ) {
                    JsonNode entry = ei.next();
                    if (!(entry instanceof ObjectNode o)
                            || !isTjHook(o.path("command").asText(null))) continue;
                    if (placed) {
                        ei.remove(); // a duplicate of tj's hook: one is enough
                        removed = true;
                    } else {
                        o.put("type", "command");
                        o.put("command", command);
                        placed = true;
                    }
                }
                if (removed && entries.isEmpty()) gi.remove();
            }
            if (!placed) {
                ObjectNode entry = JSON.createObjectNode();
                entry.put("type", "command");
                entry.put("command", command);
                groups.addObject().putArray("hooks").add(entry);
            }
        }
    }

    /**
     * What a settings object lacks for this daemon (empty lists: all in place).
     *
     * @param envMissing      expected env keys absent or with another value (key=expected)
     * @param signalOverrides per-signal OTLP keys that send data elsewhere
     * @param hooksMissing    hook events without a tj hook
     * @param hooksElsewhere  hook events whose tj hook posts to another address or with another secret
     */
    public record Status(
            List<String> envMissing,
            List<String> signalOverrides,
            List<String> hooksMissing,
            List<String> hooksElsewhere) {
        public boolean telemetryOk() {
            return envMissing.isEmpty() && signalOverrides.isEmpty();
        }

        public boolean hooksOk() {
            return hooksMissing.isEmpty() && hooksElsewhere.isEmpty();
        }
    }

    /** Whether {@code root} carries tj's env block and hooks pointing at {@code c}'s address and secret. */
    public static Status status(ObjectNode root, Connection c) {
        List<String> envMissing = new ArrayList<>(), overrides = new ArrayList<>();
        List<String> hooksMissing = new ArrayList<>(), elsewhere = new ArrayList<>();
        JsonNode env = root.path("env");
        for (Map.Entry<String, String> e : c.claudeCodeEnv().entrySet())
            if (!e.getValue().equals(env.path(e.getKey()).asText(null)))
                envMissing.add(e.getKey() + "=" + e.getValue());
        for (String k : SIGNAL_OVERRIDES) if (env.has(k)) overrides.add(k);
        for (String event : Connection.HOOK_EVENTS) {
            List<String> tj = new ArrayList<>();
            for (JsonNode group : root.path("hooks").path(event))
                for (JsonNode entry : group.path("hooks")) {
                    String cmd = entry.path("command").asText(null);
                    if (isTjHook(cmd)) tj.add(cmd);
                }
            if (tj.isEmpty()) hooksMissing.add(event);
            else if (tj.stream().noneMatch(cmd -> pointsAt(cmd, c))) elsewhere.add(event);
        }
        return new Status(
                List.copyOf(envMissing), List.copyOf(overrides), List.copyOf(hooksMissing), List.copyOf(elsewhere));
    }

    /** A tj hook command reaches this daemon: the curl form names its URL and secret; {@code tj hook} finds it itself. */
    static boolean pointsAt(String command, Connection c) {
        if (!command.contains(Connection.HOOKS_PATH)) return true;
        boolean url = command.contains(c.hooksUrl() + " ") || command.endsWith(c.hooksUrl());
        boolean secret =
                command.contains("Bearer " + c.secret() + "'") || command.contains("Bearer " + c.secret() + "\"");
        return url && secret;
    }

    /** The settings as tj writes them: two-space JSON, ending with a newline unless the original did not. */
    public static String render(ObjectNode root, String original) {
        try {
            String text = JSON.writer(Connection.SnippetPrinter.INSTANCE).writeValueAsString(root);
            boolean newline = original == null || original.isEmpty() || original.endsWith("\n");
            return newline ? text + "\n" : text;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
