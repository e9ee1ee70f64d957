package dev.tj.storage.duckdb;

import dev.tj.core.span.Span;
import dev.tj.core.storage.SpanIndex;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * De-duplication probes. Live spans are answered from {@link RecentSpanIds} without touching the
 * database; the rest (and hash hits) are looked up among stored spans whose start_time zone maps
 * overlap theirs, on a <em>reader</em> connection: the journal stage asks this before it answers a
 * client, and must never wait for a commit in progress on the writer connection.
 */
final class DuckDbSpanIndex implements SpanIndex {
    /** Span ids kept in memory (8 bytes each plus the hash sets' slack: 16 to 32 MB). */
    static final int RECENT_CAPACITY = 1_000_000;

    private final Db db;
    private volatile RecentSpanIds recent;

    DuckDbSpanIndex(Db db) throws SQLException {
        this.db = db;
        this.recent = new RecentSpanIds(RECENT_CAPACITY, Db.latestSpanStart(db.root()));
    }

    /** Spans the writer just committed. */
    void committed(List<Span> spans) {
        recent.addCommitted(spans);
    }

    /**
     * A bulk load committed spans this index did not see: start over from the newest stored start,
     * so that they are found by a probe of the table.
     */
    void restart(Instant latestStart) {
        recent = new RecentSpanIds(RECENT_CAPACITY, latestStart);
    }

    @Override
    public Set<String> existingSpanIds(Collection<String> spanIds) {
        return existingIds("spans", "span_id", "span_id_hash", spanIds, null, null);
    }

    @Override
    public Set<String> existingSpans(Collection<Span> spans) {
        if (spans.isEmpty()) return Set.of();
        RecentSpanIds r = recent;
        Instant min = null, max = null;
        List<String> ids = new ArrayList<>(spans.size());
        for (Span s : spans) {
            if (r.surelyNew(s)) continue;
            ids.add(s.spanId());
            if (min == null || s.startTime().isBefore(min)) min = s.startTime();
            if (max == null || s.startTime().isAfter(max)) max = s.startTime();
        }
        if (ids.isEmpty()) return Set.of();
        // stored at microsecond precision: widen by a microsecond each way
        return existingIds("spans", "span_id", "span_id_hash", ids, min.minusNanos(1_000), max.plusNanos(1_000));
    }

    @Override
    public Set<String> existingPointIds(Collection<String> pointIds) {
        return existingIds("metric_points", "point_id", "point_id_hash", pointIds, null, null);
    }

    private Set<String> existingIds(
            String table, String idCol, String hashCol, Collection<String> ids, Instant from, Instant to) {
        if (ids.isEmpty()) return Set.of();
        List<String> probe = Db.distinctNonNull(ids);
        if (probe.isEmpty()) return Set.of();
        return db.read(c -> IdProbe.existing(c, table, idCol, hashCol, probe, from, to));
    }
}
