package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.history.HistoryCli;
import dev.tj.core.agent.ClaudeCode;
import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.Since;
import dev.tj.core.diagnostic.CallWindow;
import dev.tj.core.history.HistoryCalls;
import dev.tj.core.history.TranscriptRoots;
import dev.tj.core.json.ApiJson;
import dev.tj.core.transcript.ReadDepth;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where {@code tj context}, {@code tj tokenmaxx} and {@code tj quota-audit} get their calls: the
 * running daemon's stored history ({@code /api/v1/diagnostics/*}), or, when no daemon answers or
 * {@code --root} names transcripts, Claude Code's history on disk read in memory (nothing written,
 * no database opened). Both give the same JSON document, with {@code source} saying which.
 */
final class DiagnosticRead {
    private DiagnosticRead() {}

    /** A config, or the defaults: the diagnostics must work with no (or a broken) config. */
    static TjConfig config(ConfigOption option) {
        try {
            return option.load();
        } catch (RuntimeException e) {
            return TjConfig.defaults(ConfigOption.tjHome());
        }
    }

    /**
     * @param route   the API route under {@code /api/v1/diagnostics/}
     * @param window  as the user wrote it (already checked)
     * @param toolTargets read tool targets from transcripts (for recurring inclusions)
     * @param direct  the document from a window of transcript calls
     * @return the document, or one with {@code error} when there is no history to read
     */
    static JsonNode read(
            TjConfig config,
            String route,
            String window,
            String agent,
            Map<String, String> extra,
            Path root,
            int threads,
            boolean toolTargets,
            Function<CallWindow, Map<String, Object>> direct)
            throws Exception {
        Instant now = Instant.now();
        Instant since = Since.parse(window, now); // a bad window is the user's error, said before anything is read
        if (root == null) {
            DaemonClient client = DaemonClient.locate(config, ConfigOption.tjHome(), 5000);
            StringBuilder path = new StringBuilder("/api/v1/diagnostics/" + route + "?since=" + enc(window));
            if (agent != null) path.append("&agent=").append(enc(agent));
            extra.forEach((k, v) -> path.append('&').append(k).append('=').append(enc(v)));
            var r = client.get(path.toString());
            // a daemon from before these routes (404) is no reason to fail: read the transcripts instead
            if (r.isPresent() && r.get().status() != 404) {
                JsonNode body = ApiJson.mapper().readTree(r.get().body());
                if (r.get().status() == 400)
                    throw new IllegalArgumentException(body.path("error").asText());
                if (!r.get().ok())
                    throw new IllegalStateException("daemon at " + client.base() + " answered "
                            + r.get().status() + ": " + r.get().body());
                return body;
            }
        }
        List<Path> roots = TranscriptRoots.claudeCode(root, System.getenv(), HistoryCli.home());
        if (roots.isEmpty() || roots.stream().noneMatch(Files::isDirectory)) {
            String where = root != null ? root.toString() : TranscriptRoots.describeClaudeDefaults(System.getenv());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", "no_claude_code_logs");
            m.put("root", where);
            return ApiJson.mapper().valueToTree(m);
        }
        HistoryCalls.Read read = HistoryCalls.read(
                roots,
                since,
                now,
                () -> HistoryCli.pricing(config),
                threads,
                toolTargets ? ReadDepth.TOOL_TARGETS : ReadDepth.LINKS);
        CallWindow w = read.window();
        if (agent != null && !agent.equals(ClaudeCode.AGENT_ID)) // transcripts on disk are Claude Code's only
        w = new CallWindow(w.since(), w.until(), List.of(), Map.of(), List.of(), false, w.source());
        Map<String, Object> doc = new LinkedHashMap<>(direct.apply(w));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("roots", roots.stream().map(Object::toString).toList());
        meta.put("files_read", read.filesRead());
        meta.put("errors", read.errors());
        doc.put("read", meta);
        return ApiJson.mapper().valueToTree(doc);
    }

    /** The sessions of a direct window, for the plan mix (every session on the declared plan). */
    static long sessions(CallWindow w) {
        return w.calls().stream().map(c -> c.sessionId()).distinct().count();
    }

    /** Prints the "no history" answer; true when {@code doc} was one. */
    static boolean noHistory(JsonNode doc, boolean json) throws Exception {
        if (!doc.has("error")) return false;
        if (json) HistoryCli.printJson(doc);
        else {
            System.out.println(
                    "No Claude Code history found at " + doc.path("root").asText() + ", and no tj daemon is running.");
            System.out.println(
                    "Start one (tj serve) to read stored history, or pass --root DIR to read transcripts directly.");
        }
        return true;
    }

    static String window(JsonNode doc) {
        String w = doc.path("window").asText("");
        return w.equalsIgnoreCase("all") ? "all history" : "last " + w;
    }

    static boolean dollars(JsonNode doc) {
        String mode = doc.path("framing").path("pricing_mode").asText("");
        return mode.equals("api") || mode.equals("unknown");
    }

    static void after(JsonNode doc) {
        String q = doc.path("framing").path("qualifier_text").asText("");
        if (!q.isEmpty()) System.out.println(q);
        System.out.println(doc.path("caveat").asText());
        for (JsonNode n : doc.path("notes")) System.out.println("Note: " + n.asText());
        String src = doc.path("source").asText();
        System.out.println("Source: "
                + (src.equals("daemon")
                        ? "the running daemon's stored history"
                        : "Claude Code transcripts on disk (no daemon running)"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
