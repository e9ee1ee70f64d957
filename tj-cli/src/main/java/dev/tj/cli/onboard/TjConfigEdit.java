package dev.tj.cli.onboard;

import dev.tj.core.session.PlanTier;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * What onboarding writes into tj's own config ({@code TJ_CONFIG}, else
 * {@code ~/.config/tj/config.toml}): the plan per provider ({@code [budget.<provider>] plan}, the key
 * framing reads), the daily budget ({@code [defaults.budget] daily_usd}, TokenJam's key) and the
 * project of this repository's agent ({@code [agents."claude-code-<repo>"] project}). Edited as text.
 */
final class TjConfigEdit {
    private final Map<List<String>, Object> values = new LinkedHashMap<>();

    /** The file onboarding writes: TJ_CONFIG when set, else the user's global config. */
    static Path locate(Path explicit, Map<String, String> env, Path home) {
        if (explicit != null) return explicit.toAbsolutePath();
        String fromEnv = env.get("TJ_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank())
            return Path.of(fromEnv.trim()).toAbsolutePath();
        return home.resolve(".config").resolve("tj").resolve("config.toml");
    }

    TjConfigEdit plan(String provider, PlanTier plan) {
        values.put(List.of("budget", provider, "plan"), plan.wire());
        return this;
    }

    TjConfigEdit dailyBudget(BigDecimal usd) {
        values.put(List.of("defaults", "budget", "daily_usd"), usd);
        return this;
    }

    TjConfigEdit project(String agentId, String project) {
        values.put(List.of("agents", agentId, "project"), project);
        return this;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** The edited text, or a problem (the file is not TOML, or a key is where a line edit cannot reach it). */
    CodexConfig.Merge apply(String text) {
        TomlParseResult before = Toml.parse(text);
        if (before.hasErrors())
            return new CodexConfig.Merge(
                    null, List.of(), "it is not valid TOML (" + before.errors().get(0) + ").");
        TomlText t = new TomlText(text);
        List<ClaudeSettings.Conflict> changes = new ArrayList<>();
        for (Map.Entry<List<String>, Object> e : values.entrySet()) {
            List<String> at = e.getKey();
            Object cur = get(before, at);
            if (same(cur, e.getValue())) continue;
            String table = tableName(at.subList(0, at.size() - 1));
            t.set(table, at.get(at.size() - 1), literal(e.getValue()));
        }
        String out = t.text();
        TomlParseResult after = Toml.parse(out);
        if (after.hasErrors())
            return new CodexConfig.Merge(
                    null,
                    List.of(),
                    "tj could not set its keys in this file safely ("
                            + after.errors().get(0) + "); set them by hand: " + describe());
        for (Map.Entry<List<String>, Object> e : values.entrySet())
            if (!same(get(after, e.getKey()), e.getValue()))
                return new CodexConfig.Merge(
                        null,
                        List.of(),
                        "tj could not set its keys in this file safely; set them by hand: " + describe());
        return new CodexConfig.Merge(out, changes, null);
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<List<String>, Object> e : values.entrySet()) {
            List<String> at = e.getKey();
            if (!b.isEmpty()) b.append("; ");
            b.append('[')
                    .append(tableName(at.subList(0, at.size() - 1)))
                    .append("] ")
                    .append(at.get(at.size() - 1))
                    .append(" = ")
                    .append(literal(e.getValue()));
        }
        return b.toString();
    }

    private static Object get(TomlParseResult toml, List<String> at) {
        try {
            return toml.get(at);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean same(Object cur, Object wanted) {
        if (cur == null) return false;
        if (wanted instanceof BigDecimal d && cur instanceof Number n)
            return new BigDecimal(n.toString()).compareTo(d) == 0;
        return Objects.equals(cur, wanted);
    }

    private static String tableName(List<String> parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (!b.isEmpty()) b.append('.');
            b.append(p.matches("[A-Za-z0-9_-]+") ? p : quote(p));
        }
        return b.toString();
    }

    private static String literal(Object v) {
        if (v instanceof BigDecimal d)
            return d.stripTrailingZeros().scale() <= 0
                    ? d.setScale(1).toPlainString()
                    : d.stripTrailingZeros().toPlainString();
        return quote(String.valueOf(v));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
