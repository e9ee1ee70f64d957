package dev.tj.storage.postgres;

import dev.tj.core.span.Span;
import dev.tj.core.storage.SpanIndex;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * De-duplication probes against the primary keys. Always asked of the database: other nodes store
 * spans too, so no memory of this node's own commits could answer for them.
 */
final class PgSpanIndex implements SpanIndex {
    private final Db db;

    PgSpanIndex(Db db) {
        this.db = db;
    }

    @Override
    public Set<String> existingSpanIds(Collection<String> spanIds) {
        return existing("spans", "span_id", spanIds, null, null);
    }

    @Override
    public Set<String> existingSpans(Collection<Span> spans) {
        if (spans.isEmpty()) return Set.of();
        List<String> ids = new ArrayList<>(spans.size());
        Instant min = null, max = null;
        for (Span s : spans) {
            ids.add(s.spanId());
            if (min == null || s.startTime().isBefore(min)) min = s.startTime();
            if (max == null || s.startTime().isAfter(max)) max = s.startTime();
        }
        // a span id always comes with the same start time: only stored spans in the batch's time
        // range count (stored at microsecond precision: widen by a microsecond each way), as in DuckDB
        return existing("spans", "span_id", ids, min.minusNanos(1_000), max.plusNanos(1_000));
    }

    @Override
    public Set<String> existingPointIds(Collection<String> pointIds) {
        return existing("metric_points", "point_id", pointIds, null, null);
    }

    /**
     * Looks the ids up by primary key only, and applies the time window to what was found: with the
     * window in SQL the planner may pick the start_time index and read every span of the range
     * (hundreds of milliseconds per probe under load instead of a few).
     */
    private Set<String> existing(String table, String idCol, Collection<String> ids, Instant from, Instant to) {
        List<String> probe = Db.distinctNonNull(ids);
        if (probe.isEmpty()) return Set.of();
        return db.read(c -> {
            Set<String> found = new HashSet<>();
            PreparedStatement ps = c.prepare("SELECT " + idCol + (from == null ? "" : ", epoch_us(start_time)")
                    + " FROM " + table + " WHERE " + idCol + " = ANY(?)");
            ps.setArray(1, c.array("text", probe.stream().map(PgRows::text).toArray()));
            long lo = from == null ? 0 : PgRows.micros(from), hi = to == null ? 0 : PgRows.micros(to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (from != null) {
                        long us = rs.getLong(2);
                        if (us < lo || us > hi) continue;
                    }
                    found.add(rs.getString(1));
                }
            }
            // answer in the caller's ids (one holding U+0000 is stored with U+FFFD)
            Set<String> out = new HashSet<>();
            for (String id : probe) if (found.contains(PgRows.text(id))) out.add(id);
            return out;
        });
    }
}
