package dev.tj.storage.duckdb;

import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The cost report query over stored LLM-call spans (see {@link DuckDbStorage#cost}). */
final class SpanCost {
    private SpanCost() {}

    static List<CostRow> query(Conn c, CostQuery q) throws SQLException {
        CostGroup group = q.groupBy() == null ? CostGroup.DAY : q.groupBy();
        ZoneId zone = q.zone() == null ? ZoneOffset.UTC : q.zone();
        boolean calendar = group == CostGroup.DAY || group == CostGroup.WEEK || group == CostGroup.MONTH;
        // Calendar groups aggregate per UTC quarter hour in SQL (integer arithmetic; ICU time zone
        // functions cost ~3x more per row) and fold the buckets into local dates here. Exact for
        // every zone whose UTC offsets are whole quarter hours, which is all of them since the 1970s.
        String key = switch (group) {
            case DAY, WEEK, MONTH -> "epoch_us(s.start_time) // " + QUARTER_HOUR_US;
            case MODEL -> "s.model";
            case AGENT -> "COALESCE(s.agent_id, 'unknown')";
            case PROJECT, SESSION -> "s.session_id";
            case TOOL -> "s.tool_name";
            case MACHINE -> "COALESCE(s.machine, 'unknown')";
            case USER -> "COALESCE(s.user_name, 'unknown')";
        };
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(key)
                .append(" AS grp, ")
                .append("COALESCE(SUM(s.input_tokens), 0) i, COALESCE(SUM(s.output_tokens), 0) o, ")
                .append("COALESCE(SUM(s.cache_tokens), 0) cr, COALESCE(SUM(s.cache_write_tokens), 0) cw, ")
                .append("COALESCE(SUM(s.cost_usd), 0) usd FROM spans s");
        sql.append(
                group == CostGroup.TOOL
                        ? " WHERE s.tool_name IS NOT NULL AND s.name <> 'tool_decision'"
                        : " WHERE s.model IS NOT NULL");
        if (q.since() != null) {
            sql.append(" AND s.start_time >= ?::TIMESTAMPTZ");
            params.add(Db.odt(q.since()));
        }
        if (q.until() != null) {
            sql.append(" AND s.start_time < ?::TIMESTAMPTZ");
            params.add(Db.odt(q.until()));
        }
        if (q.agentId() != null) {
            sql.append(" AND COALESCE(s.agent_id, 'unknown') = ?");
            params.add(q.agentId());
        }
        if (q.machine() != null) {
            sql.append(" AND s.machine = ?");
            params.add(q.machine());
        }
        if (q.user() != null) {
            sql.append(" AND s.user_name = ?");
            params.add(q.user());
        }
        sql.append(" GROUP BY 1");
        String finalSql;
        if (group == CostGroup.PROJECT) {
            // per session first, then a join of a few thousand rows instead of one per span
            finalSql = "SELECT COALESCE(se.service_namespace, 'unknown'), SUM(x.i), SUM(x.o), SUM(x.cr), SUM(x.cw), "
                    + "SUM(x.usd) FROM (" + sql
                    + ") x LEFT JOIN sessions se ON se.session_id = x.grp GROUP BY 1 ORDER BY 1";
        } else if (group == CostGroup.SESSION) {
            finalSql = "SELECT COALESCE(grp, 'unknown'), SUM(i), SUM(o), SUM(cr), SUM(cw), SUM(usd) FROM (" + sql
                    + ") GROUP BY 1 ORDER BY 1";
        } else {
            finalSql = sql + " ORDER BY 1";
        }
        List<CostRow> out = new ArrayList<>();
        Map<String, CostRow> byKey = calendar ? new TreeMap<>() : null;
        try (Stmt ps = c.prepare(finalSql)) {
            Db.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (calendar) {
                        Instant bucket = Instant.ofEpochSecond(rs.getLong(1) * (QUARTER_HOUR_US / 1_000_000));
                        String k = calendarKey(group, bucket.atZone(zone).toLocalDate());
                        CostRow r = new CostRow(
                                k, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getDouble(6));
                        byKey.merge(
                                k,
                                r,
                                (a, b) -> new CostRow(
                                        k,
                                        a.inputTokens() + b.inputTokens(),
                                        a.outputTokens() + b.outputTokens(),
                                        a.cacheReadTokens() + b.cacheReadTokens(),
                                        a.cacheWriteTokens() + b.cacheWriteTokens(),
                                        a.costUsd() + b.costUsd()));
                    } else {
                        out.add(new CostRow(
                                rs.getString(1),
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getDouble(6)));
                    }
                }
            }
        }
        return calendar ? new ArrayList<>(byKey.values()) : out;
    }

    private static final long QUARTER_HOUR_US = 15L * 60 * 1_000_000;

    private static String calendarKey(CostGroup group, LocalDate day) {
        return switch (group) {
            case WEEK ->
                day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case MONTH -> YearMonth.from(day).toString();
            default -> day.toString();
        };
    }
}
