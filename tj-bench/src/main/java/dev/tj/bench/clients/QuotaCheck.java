package dev.tj.bench.clients;

import static dev.tj.bench.clients.ScriptedModelApi.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A subscription session's quota as tj saw it through the installed statusline, against the rate-limit
 * headers the scripted API sent ({@link UnifiedRateLimits}): the last 5-hour and weekly readings and the
 * reset, the whole rise attributed to the session (it is the only one this tj saw), a part of it to its
 * subagent, the same share on the session detail, and the windows on the line Claude Code showed.
 */
final class QuotaCheck {
    static final String FIVE_HOUR = "quota: 5h used % (last header)";
    static final String FIVE_HOUR_RESET = "quota: 5h resets_at";
    static final String SEVEN_DAY = "quota: 7d used %";
    static final String SESSION_SHARE = "quota: 5h points on the session";
    static final String SUBAGENT_SHARE = "quota: 5h points on its subagent";
    static final String DETAIL_SHARE = "session detail: 5h share";
    static final String STATUSLINE = "statusline shown";
    private static final long SETTLE_SECONDS = 30;

    private QuotaCheck() {}

    static Map<String, String[]> rows(TjApi tj, Path rateLimitLog, Set<String> sessions, Path statusline)
            throws IOException, InterruptedException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(rateLimitLog).stream()
                .filter(l -> !l.isBlank())
                .toList();
        if (lines.isEmpty()) {
            rows.put(FIVE_HOUR, new String[] {"a header sent", "the API sent no rate-limit headers (not OAuth?)"});
            return rows;
        }
        JsonNode sent = JSON.readTree(lines.get(lines.size() - 1));
        String fiveHour = pct(sent.path("five_hour_percent").asDouble());
        JsonNode quota = settle(tj, fiveHour);
        JsonNode five = window(quota, "five_hour"), seven = window(quota, "seven_day");
        rows.put(FIVE_HOUR, new String[] {
            fiveHour,
            five == null ? "no window" : pct(five.path("used_percentage").asDouble())
        });
        rows.put(FIVE_HOUR_RESET, new String[] {
            Instant.ofEpochSecond(sent.path("five_hour_resets_at").asLong()).toString(),
            five == null ? "no window" : five.path("resets_at").asText()
        });
        rows.put(SEVEN_DAY, new String[] {
            pct(sent.path("seven_day_percent").asDouble()),
            seven == null ? "no window" : pct(seven.path("used_percentage").asDouble())
        });
        double onSessions = 0, onSubagents = 0;
        JsonNode attribution = quota.path("attribution");
        for (JsonNode s : attribution.path("sessions"))
            if (sessions.contains(s.path("session_id").asText()))
                onSessions += s.path("points").asDouble();
        for (JsonNode s : attribution.path("subagents"))
            if (sessions.contains(s.path("session_id").asText()))
                onSubagents += s.path("points").asDouble();
        rows.put(SESSION_SHARE, new String[] {fiveHour, pct(onSessions)});
        rows.put(SUBAGENT_SHARE, new String[] {"> 0", onSubagents > 0 ? "> 0" : pct(onSubagents)});
        double detail = 0;
        for (String id : sessions) {
            JsonNode d = tj.get("/api/v1/sessions/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            detail += d.path("session").path("quota_share").path("five_hour").asDouble();
        }
        rows.put(DETAIL_SHARE, new String[] {pct(onSessions), pct(detail)});
        if (statusline != null) {
            String expected = "5h " + Math.round(sent.path("five_hour_percent").asDouble()) + "%";
            String pane = Files.exists(statusline) ? Files.readString(statusline) : "";
            rows.put(STATUSLINE, new String[] {expected, pane.contains(expected) ? expected : lastLines(pane)});
        }
        return rows;
    }

    /** The statusline runs after the last response with a short debounce: wait for its snapshot. */
    private static JsonNode settle(TjApi tj, String fiveHour) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE_SECONDS * 1_000_000_000L;
        while (true) {
            JsonNode q = tj.get("/api/v1/quota?window=five_hour");
            JsonNode w = window(q, "five_hour");
            if ((w != null && pct(w.path("used_percentage").asDouble()).equals(fiveHour))
                    || System.nanoTime() > deadline) return q;
            Thread.sleep(500);
        }
    }

    private static JsonNode window(JsonNode quota, String name) {
        for (JsonNode w : quota.path("windows")) if (w.path("name").asText().equals(name)) return w;
        return null;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String lastLines(String pane) {
        List<String> l = pane.lines().filter(s -> !s.isBlank()).toList();
        return l.isEmpty()
                ? "(empty pane)"
                : String.join(" | ", l.subList(Math.max(0, l.size() - 3), l.size()))
                        .strip();
    }
}
