package dev.tj.storage.postgres;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Many rows as one array per column, for one multi-row statement over {@code unnest(...)}: a batch
 * of any size is a single round trip and a single plan, never a statement per row. Timestamps travel
 * as text and are cast by the statement.
 */
final class ArrayRows {
    private final List<String> types;
    private final List<List<Object>> columns = new ArrayList<>();
    private int size;

    ArrayRows(List<String> types) {
        this.types = types;
        for (int i = 0; i < types.size(); i++) columns.add(new ArrayList<>());
    }

    void add(Object[] row) {
        if (row.length != types.size()) throw new IllegalArgumentException("row of " + row.length + " values");
        for (int i = 0; i < row.length; i++) columns.get(i).add(row[i]);
        size++;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** {@code unnest(?::text[], ?::int8[], ...) AS alias(names...)}. */
    String unnest(String alias, List<String> names) {
        StringBuilder b = new StringBuilder("unnest(");
        for (int i = 0; i < types.size(); i++) {
            if (i > 0) b.append(", ");
            b.append("?::").append(types.get(i)).append("[]");
        }
        return b.append(") AS ")
                .append(alias)
                .append('(')
                .append(String.join(", ", names))
                .append(')')
                .toString();
    }

    /** Binds the columns as parameters {@code from}, {@code from + 1}, ...; returns the next index. */
    int bind(Conn c, PreparedStatement ps, int from) throws SQLException {
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            // timestamps go as text (exact microseconds), cast to timestamptz[] by the statement
            String wire = type.equals("timestamptz") ? "text" : type;
            ps.setArray(from + i, c.array(wire, columns.get(i).toArray()));
        }
        return from + types.size();
    }
}
