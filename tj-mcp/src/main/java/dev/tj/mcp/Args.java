package dev.tj.mcp;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A call's arguments checked against the tool's parameters. Every refusal names the argument, so an
 * agent can correct its call; the values come back typed.
 */
final class Args {
    private final Map<String, Object> values;

    private Args(Map<String, Object> values) {
        this.values = values;
    }

    static Args check(String tool, List<Param> params, Map<String, Object> raw) {
        Map<String, Object> given = raw == null ? Map.of() : raw;
        for (String key : given.keySet()) {
            if (params.stream().noneMatch(p -> p.name().equals(key))) {
                String expected = params.isEmpty()
                        ? "it takes no arguments"
                        : "expected: " + params.stream().map(Param::name).collect(Collectors.joining(", "));
                throw new ToolError("unknown argument '" + key + "' for " + tool + "; " + expected);
            }
        }
        for (Param p : params) {
            Object v = given.get(p.name());
            if (v == null) {
                if (p.required())
                    throw new ToolError("missing required argument '" + p.name() + "': " + p.description());
                continue;
            }
            switch (p.type()) {
                case STRING -> {
                    if (!(v instanceof String s))
                        throw new ToolError("argument '" + p.name() + "' must be a string, got " + v);
                    if (p.required() && s.isBlank())
                        throw new ToolError("argument '" + p.name() + "' must not be empty");
                    if (!p.allowed().isEmpty() && !p.allowed().contains(s))
                        throw new ToolError("argument '" + p.name() + "' must be one of "
                                + String.join(", ", p.allowed()) + ", got '" + s + "'");
                }
                case INTEGER -> {
                    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()))
                        throw new ToolError("argument '" + p.name() + "' must be an integer, got " + v);
                    if (p.min() instanceof Integer min && n.longValue() < min)
                        throw new ToolError("argument '" + p.name() + "' must be at least " + min + ", got " + v);
                }
                case BOOLEAN -> {
                    if (!(v instanceof Boolean))
                        throw new ToolError("argument '" + p.name() + "' must be true or false, got " + v);
                }
            }
        }
        return new Args(given);
    }

    /** The trimmed string, or null when the argument was left out or blank. */
    String string(String name) {
        Object v = values.get(name);
        if (v == null) return null;
        String s = ((String) v).trim();
        return s.isEmpty() ? null : s;
    }

    String string(String name, String fallback) {
        String s = string(name);
        return s == null ? fallback : s;
    }

    int integer(String name, int fallback) {
        Object v = values.get(name);
        return v == null ? fallback : (int) Math.min(Integer.MAX_VALUE, ((Number) v).longValue());
    }

    boolean bool(String name, boolean fallback) {
        Object v = values.get(name);
        return v == null ? fallback : (Boolean) v;
    }
}
