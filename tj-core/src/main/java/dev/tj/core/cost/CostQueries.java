package dev.tj.core.cost;

import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostQuery;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/** One parser for the parameters {@code tj cost} and {@code GET /api/v1/cost} share. */
public final class CostQueries {
    private CostQueries() {}

    /**
     * @param since   a window (7d, all, a date...), default 7d
     * @param until   same forms, default now
     * @param groupBy day|week|month|model|agent|project|session|tool|machine|user, default day
     * @param tz      a zone id for calendar groups, default UTC
     * @throws IllegalArgumentException with a message fit for a user
     */
    public static CostQuery parse(String since, String until, String groupBy, String agent, String tz, Instant now) {
        return parse(since, until, groupBy, agent, tz, null, null, now);
    }

    /** With a machine and a user to keep to (null or blank: all). */
    public static CostQuery parse(
            String since,
            String until,
            String groupBy,
            String agent,
            String tz,
            String machine,
            String user,
            Instant now) {
        Instant s = Since.parse(since == null ? "7d" : since, now);
        Instant u = until == null || until.isBlank() ? null : Since.parse(until, now);
        CostGroup g;
        try {
            g = groupBy == null || groupBy.isBlank()
                    ? CostGroup.DAY
                    : CostGroup.valueOf(groupBy.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "group_by must be one of day, week, month, model, agent, project, session, tool, machine, user: "
                            + groupBy);
        }
        ZoneId zone;
        try {
            zone = tz == null || tz.isBlank() ? ZoneOffset.UTC : ZoneId.of(tz.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone: " + tz);
        }
        return new CostQuery(s, u, g, orNull(agent), zone, orNull(machine), orNull(user));
    }

    private static String orNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
