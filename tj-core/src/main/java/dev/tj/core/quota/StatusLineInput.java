package dev.tj.core.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.drilldown.SessionIds;
import dev.tj.core.json.PartialJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What tj takes from the JSON Claude Code pipes to a {@code statusLine} command, read leniently:
 * unknown fields are ignored, a field of the wrong type or out of range is as if absent, so one
 * bad value costs that value only. Numbers may come as numeric strings.
 *
 * @param modelName      {@code model.display_name}, else {@code model.id} (control characters as spaces)
 * @param costUsd        {@code cost.total_cost_usd}, 0 up to 10 million
 * @param contextPercent {@code context_window.used_percentage}, 0–100
 * @param plan           a subscription: {@code rate_limits} has a {@code five_hour} or {@code seven_day}
 *                       object, so the cost is what the tokens would cost on the API, not a bill
 * @param windows        every {@code rate_limits} entry with a used percentage in 0–100, as sent
 * @param spend          {@code rate_limits.spend_limit}, when both amounts are sane
 */
public record StatusLineInput(
        String sessionId,
        String promptId,
        String modelId,
        String modelName,
        Double costUsd,
        Double contextPercent,
        boolean plan,
        List<QuotaWindow> windows,
        SpendLimit spend) {
    public static final StatusLineInput EMPTY =
            new StatusLineInput(null, null, null, null, null, null, false, null, null);
    static final double MAX_USD = 1e7;
    private static final Pattern WINDOW_NAME = Pattern.compile("[a-z0-9_]{1,40}");

    public StatusLineInput {
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    /** From a payload that may be empty, cut short or not JSON at all. */
    public static StatusLineInput lenient(String text) {
        return text == null ? EMPTY : of(PartialJson.read(text));
    }

    /** From a parsed payload; anything but an object gives {@link #EMPTY}. */
    public static StatusLineInput of(JsonNode root) {
        if (root == null || !root.isObject()) return EMPTY;
        JsonNode model = root.get("model");
        String modelId = null, modelName;
        if (model != null && model.isTextual()) modelName = text(model);
        else {
            modelId = text(model == null ? null : model.get("id"));
            modelName = text(model == null ? null : model.get("display_name"));
            if (modelName == null) modelName = modelId;
        }
        Double cost = number(root.path("cost").get("total_cost_usd"));
        if (cost != null && !(cost >= 0 && cost < MAX_USD)) cost = null;
        Double ctx = percent(root.path("context_window").get("used_percentage"));
        JsonNode limits = root.get("rate_limits");
        boolean plan = limits != null
                && (limits.path(QuotaWindow.FIVE_HOUR).isObject()
                        || limits.path(QuotaWindow.SEVEN_DAY).isObject());
        return new StatusLineInput(
                id(root.get("session_id")),
                id(root.get("prompt_id")),
                modelId,
                printable(modelName),
                cost,
                ctx,
                plan,
                windows(limits),
                spend(limits == null ? null : limits.get("spend_limit")));
    }

    /** The snapshot a daemon keeps of this refresh (it stores it only when it has quota). */
    public QuotaSnapshot snapshot(java.time.Instant at, String machine, String user) {
        return new QuotaSnapshot(
                at,
                sessionId,
                promptId,
                modelId != null ? modelId : modelName,
                costUsd,
                contextPercent,
                windows,
                spend,
                machine,
                user);
    }

    public java.util.Optional<QuotaWindow> window(String name) {
        for (QuotaWindow w : windows) if (w.name().equals(name)) return java.util.Optional.of(w);
        return java.util.Optional.empty();
    }

    private static List<QuotaWindow> windows(JsonNode limits) {
        List<QuotaWindow> out = new ArrayList<>();
        if (limits == null || !limits.isObject()) return out;
        for (Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("spend_limit")
                    || !WINDOW_NAME.matcher(e.getKey()).matches()) continue;
            if (!e.getValue().isObject()) continue;
            Double used = percent(e.getValue().get("used_percentage"));
            if (used == null) continue; // the window's constructor refuses readings outside 0-100
            out.add(new QuotaWindow(e.getKey(), used, ResetsAt.of(e.getValue().get("resets_at"))));
        }
        return out;
    }

    private static SpendLimit spend(JsonNode s) {
        if (s == null || !s.isObject()) return null;
        Double used = number(s.get("used_usd")), limit = number(s.get("limit_usd"));
        if (used == null || limit == null || !(used >= 0 && used < MAX_USD) || !(limit > 0 && limit < MAX_USD))
            return null;
        String period = text(s.get("period"));
        return new SpendLimit(used, limit, period == null ? null : printable(period));
    }

    /** A number, or a string holding exactly one; else null. */
    static Double number(JsonNode v) {
        if (v == null) return null;
        double d;
        if (v.isNumber()) d = v.asDouble();
        else if (v.isTextual() && ResetsAt.NUMBER.matcher(v.asText()).matches()) d = Double.parseDouble(v.asText());
        else return null;
        return Double.isFinite(d) ? d : null;
    }

    private static Double percent(JsonNode v) {
        Double d = number(v);
        return d != null && d >= 0 && d <= 100 ? d : null;
    }

    private static String text(JsonNode v) {
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private static String id(JsonNode v) {
        String s = text(v);
        return SessionIds.isSafe(s) ? s : null;
    }

    /**
     * Control characters would break the one line: each becomes a space. A lone surrogate (an
     * escape {@code \ud800} without its pair) becomes {@code ?}, as UTF-8 output would make it.
     */
    static String printable(String s) {
        if (s == null) return null;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                b.append(c).append(s.charAt(++i));
            else if (Character.isSurrogate(c)) b.append('?');
            else b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }
}
