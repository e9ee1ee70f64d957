package dev.tj.core.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Small helpers around tomlj: parse with positioned errors, plain-map conversion, "file:line:col". */
public final class TomlFiles {
    private TomlFiles() {}

    /**
     * Parses a TOML file.
     *
     * @throws ConfigException naming file, line and column on a syntax error, or the file on an I/O error
     */
    public static TomlParseResult parse(Path file) {
        TomlParseResult r;
        try {
            r = Toml.parse(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        failOnErrors(r, file.toString());
        return r;
    }

    /** Parses TOML text; {@code name} stands for the file in messages. */
    public static TomlParseResult parse(String text, String name) {
        TomlParseResult r = Toml.parse(text);
        failOnErrors(r, name);
        return r;
    }

    private static void failOnErrors(TomlParseResult r, String name) {
        if (!r.hasErrors()) return;
        TomlParseError first = r.errors().get(0);
        String more = r.errors().size() > 1 ? " (and " + (r.errors().size() - 1) + " more errors)" : "";
        throw new ConfigException(at(name, first.position()) + ": TOML syntax error: " + first.getMessage() + more);
    }

    /** "file:line:column" (or just "file" when the position is unknown). */
    public static String at(String file, TomlPosition pos) {
        if (pos == null) return file;
        return file + ":" + pos.line() + ":" + pos.column();
    }

    /** Deep copy into plain Java collections: tables become insertion-ordered maps, arrays lists. */
    public static Map<String, Object> toPlain(TomlTable t) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : t.keySet()) out.put(k, plainValue(t.get(List.of(k))));
        return out;
    }

    private static Object plainValue(Object v) {
        if (v instanceof TomlTable tt) return toPlain(tt);
        if (v instanceof TomlArray a) {
            List<Object> l = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) l.add(plainValue(a.get(i)));
            return l;
        }
        return v;
    }

    /** A TOML type name for messages. */
    public static String typeName(Object v) {
        if (v == null) return "nothing";
        if (v instanceof String) return "a string";
        if (v instanceof Long || v instanceof Integer) return "an integer";
        if (v instanceof Double) return "a float";
        if (v instanceof Boolean) return "a boolean";
        if (v instanceof TomlTable || v instanceof Map) return "a table";
        if (v instanceof TomlArray || v instanceof List) return "an array";
        return "a date/time";
    }
}
