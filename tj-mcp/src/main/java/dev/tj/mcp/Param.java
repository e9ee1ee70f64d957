package dev.tj.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One argument of a tool: its JSON Schema property, and the check a call's value must pass. */
record Param(String name, Type type, String description, boolean required, List<String> allowed, Object min) {
    enum Type {
        STRING("string"),
        INTEGER("integer"),
        BOOLEAN("boolean");

        final String json;

        Type(String json) {
            this.json = json;
        }
    }

    static Param string(String name, String description) {
        return new Param(name, Type.STRING, description, false, List.of(), null);
    }

    static Param integer(String name, String description, int min) {
        return new Param(name, Type.INTEGER, description, false, List.of(), min);
    }

    static Param bool(String name, String description) {
        return new Param(name, Type.BOOLEAN, description, false, List.of(), null);
    }

    Param mandatory() {
        return new Param(name, type, description, true, allowed, min);
    }

    Param oneOf(String... values) {
        return new Param(name, type, description, required, List.of(values), min);
    }

    Map<String, Object> schema() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type.json);
        p.put("description", description);
        if (!allowed.isEmpty()) p.put("enum", allowed);
        if (min != null) p.put("minimum", min);
        if (type == Type.STRING && required) p.put("minLength", 1);
        return p;
    }
}
