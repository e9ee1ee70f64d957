package dev.tj.cli.onboard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Line-level edits of a TOML file that keep every other byte (comments, blank lines, key order,
 * other tables) as it was. Callers re-parse the result and compare the value they meant to set,
 * so an edit this simple reader gets wrong is never written.
 */
final class TomlText {
    private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\s*([^\\[\\]]+?)\\s*\\]\\s*(#.*)?$");
    private static final Pattern ARRAY_HEADER = Pattern.compile("^\\s*\\[\\[.*\\]\\]\\s*(#.*)?$");

    private final List<String> lines;
    private final String newline;
    private final boolean endsWithNewline;

    TomlText(String text) {
        this.newline = text.contains("\r\n") ? "\r\n" : "\n";
        this.endsWithNewline = text.isEmpty() || text.endsWith("\n");
        List<String> l = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (text.endsWith("\n")) l.remove(l.size() - 1);
        if (text.isEmpty()) l.clear();
        this.lines = l;
    }

    String text() {
        if (lines.isEmpty()) return "";
        return String.join(newline, lines) + (endsWithNewline ? newline : "");
    }

    /**
     * The keys of the table a header line opens ({@code [agents."my.repo"]}: agents, my.repo), or
     * null when the line is no [table] header.
     */
    static List<String> header(String line) {
        if (ARRAY_HEADER.matcher(line).matches()) return List.of("[[array]]");
        Matcher m = HEADER.matcher(line);
        if (!m.matches()) return null;
        List<String> keys = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        String key = m.group(1);
        char quote = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else b.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '.') {
                keys.add(b.toString().strip());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        keys.add(b.toString().strip());
        return keys;
    }

    /** Index of the header line of {@code table}, or -1. */
    int headerIndex(String table) {
        List<String> wanted = header("[" + table + "]");
        for (int i = 0; i < lines.size(); i++) if (wanted.equals(header(lines.get(i)))) return i;
        return -1;
    }

    /** The end (exclusive) of the body of the table whose header is at {@code headerAt}. */
    int bodyEnd(int headerAt) {
        for (int i = headerAt + 1; i < lines.size(); i++) if (header(lines.get(i)) != null) return i;
        return lines.size();
    }

    /** The line index of {@code key = …} in the table at {@code headerAt} (-1 for the root table), or -1. */
    int keyIndex(int headerAt, String key) {
        Pattern p = Pattern.compile("^\\s*(" + Pattern.quote(key) + "|\"" + Pattern.quote(key) + "\")\\s*=.*");
        int end = headerAt < 0 ? firstHeader() : bodyEnd(headerAt);
        for (int i = headerAt + 1; i < end; i++) if (p.matcher(lines.get(i)).matches()) return i;
        return -1;
    }

    private int firstHeader() {
        for (int i = 0; i < lines.size(); i++) if (header(lines.get(i)) != null) return i;
        return lines.size();
    }

    String line(int i) {
        return lines.get(i);
    }

    /** Sets {@code key = literal} in {@code table}: the key's line in place, else after the header, else a new table at the end. */
    void set(String table, String key, String literal) {
        String kv = key + " = " + literal;
        int h = headerIndex(table);
        if (h < 0) {
            appendTable(table, List.of(kv));
            return;
        }
        int k = keyIndex(h, key);
        if (k >= 0) lines.set(k, kv);
        else lines.add(h + 1, kv);
    }

    /** A new table at the end of the file, one blank line before it when the file has text. */
    void appendTable(String table, List<String> body) {
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) lines.remove(lines.size() - 1);
        if (!lines.isEmpty()) lines.add("");
        lines.add("[" + table + "]");
        lines.addAll(body);
    }

    /** Removes the table whose header is at {@code headerAt} and its body, and the blank lines that set it apart. */
    void removeTable(int headerAt) {
        int end = bodyEnd(headerAt);
        while (end > headerAt + 1 && lines.get(end - 1).isBlank()) end--;
        lines.subList(headerAt, end).clear();
        int start = headerAt;
        while (start > 0 && lines.get(start - 1).isBlank()) lines.remove(--start);
    }

    void setLine(int i, String text) {
        lines.set(i, text);
    }

    void insert(int i, String text) {
        lines.add(i, text);
    }

    int size() {
        return lines.size();
    }

    /** The text of the table at {@code headerAt}: its header and body. */
    String tableText(int headerAt) {
        return String.join("\n", lines.subList(headerAt, bodyEnd(headerAt)));
    }
}
