package dev.tj.storage.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Many rows in {@code COPY ... FROM STDIN} text format, sent in one stream: PostgreSQL's bulk load
 * path, several times cheaper per row than a multi-row INSERT on both sides (no array literals to
 * build and parse, no per-row speculative insertion). Values are what {@link PgRows} hands out:
 * text, numbers, booleans and timestamps as ISO text, or null.
 */
final class CopyRows {
    private final StringBuilder text = new StringBuilder(1 << 16);
    private final int width;
    private int size;

    CopyRows(int width) {
        this.width = width;
    }

    void add(Object[] row) {
        if (row.length != width) throw new IllegalArgumentException("row of " + row.length + " values");
        for (int i = 0; i < row.length; i++) {
            if (i > 0) text.append('\t');
            append(row[i]);
        }
        text.append('\n');
        size++;
    }

    int size() {
        return size;
    }

    private void append(Object v) {
        if (v == null) {
            text.append("\\N");
        } else if (v instanceof String s) {
            escape(s);
        } else if (v instanceof Boolean b) {
            text.append(b ? 't' : 'f');
        } else {
            // Long, Integer, Double: Java's text is PostgreSQL's (NaN and Infinity included), and a
            // double's shortest round-trip form reads back as the same double
            text.append(v);
        }
    }

    /** Backslash, tab, newline and carriage return are COPY's own: escaped; everything else as is. */
    private void escape(String s) {
        int n = s.length(), first = 0;
        while (first < n && !special(s.charAt(first))) first++;
        if (first == n) {
            text.append(s); // most values: copied whole
            return;
        }
        text.append(s, 0, first);
        for (int i = first; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }

    private static boolean special(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Streams the rows into {@code table (columns)} on the connection, in its open transaction. */
    long copyInto(Conn c, String table, List<String> columns) throws SQLException {
        if (size == 0) return 0;
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn in = c.raw.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN");
        try {
            in.writeToCopy(bytes, 0, bytes.length);
            return in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }
}
