package dev.tj.storage.postgres;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes a batch's sessions into a table other nodes write at the same time, without losing their
 * updates. A writer hands over whole sessions folded from what it last knew of them (its
 * <em>base</em>: the row it read, or what it committed last, or nothing for a session it started).
 * So the batch's change is the difference to that base, and the statement applies the difference
 * to the row as it is now, atomically in SQL:
 * <ul>
 *   <li>totals (tokens, counts, cost, active time) add {@code batch - base} to the stored value,
 *       less what spans that turned out to be stored already (another node stored them first)
 *       had added;
 *   <li>the first start moves earlier only ({@code least}) and last activity later only
 *       ({@code greatest}) when the batch moved them that way; moved the other way, the batch's
 *       value replaces (a writer correcting its own row);
 *   <li>every other field (agent, conversation, status, plan, resource) takes the batch's value when
 *       the batch changed it from its base, else keeps what is stored.
 * </ul>
 * A single writer thus replaces its rows exactly (stored = base), and several writers add up.
 * Existing rows are locked in key order first, new rows inserted in key order, so that two
 * transactions over the same sessions queue instead of deadlocking (and are retried if they do).
 */
final class SessionMerge {
    private SessionMerge() {}

    enum Rule {
        KEY,
        REPLACE,
        ADD,
        ADD_EXACT,
        REPORTED,
        EARLIER,
        LATER,
        LIFECYCLE
    }

    record Col(String name, String type, Rule rule, Function<Session, Object> value) {}

    static final List<Col> COLUMNS = List.of(
            new Col("session_id", "text", Rule.KEY, s -> PgRows.text(s.sessionId())),
            new Col("agent_id", "text", Rule.REPLACE, s -> PgRows.text(s.agentId())),
            new Col("conversation_id", "text", Rule.REPLACE, s -> PgRows.text(s.conversationId())),
            new Col("started_at", "timestamptz", Rule.EARLIER, s -> PgRows.ts(s.startedAt())),
            new Col("ended_at", "timestamptz", Rule.LATER, s -> PgRows.ts(s.endedAt())),
            new Col("status", "text", Rule.LIFECYCLE, s -> s.status().wire()),
            new Col("terminal_at", "timestamptz", Rule.LIFECYCLE, s -> PgRows.ts(s.terminalAt())),
            new Col("total_cost_usd", "float8", Rule.ADD_EXACT, Session::costUsd),
            new Col("reported_cost_usd", "float8", Rule.REPORTED, Session::reportedCostUsd),
            new Col("input_tokens", "int8", Rule.ADD, s -> s.usage().input()),
            new Col("output_tokens", "int8", Rule.ADD, s -> s.usage().output()),
            new Col("cache_tokens", "int8", Rule.ADD, s -> s.usage().cacheRead()),
            new Col("cache_write_tokens", "int8", Rule.ADD, s -> s.usage().cacheWrite()),
            new Col("cache_write_1h_tokens", "int8", Rule.ADD, s -> s.usage().cacheWrite1h()),
            new Col("tool_call_count", "int8", Rule.ADD, Session::toolCallCount),
            new Col("error_count", "int8", Rule.ADD, Session::errorCount),
            new Col("span_count", "int8", Rule.ADD, Session::spanCount),
            new Col("llm_call_count", "int8", Rule.ADD, Session::llmCallCount),
            new Col("fallback_priced_spans", "int4", Rule.ADD, Session::fallbackPricedSpans),
            new Col("active_ms", "float8", Rule.ADD_EXACT, Session::activeMs),
            new Col("plan_tier", "text", Rule.REPLACE, s -> s.planTier().wire()),
            new Col(
                    "service_namespace",
                    "text",
                    Rule.REPLACE,
                    s -> PgRows.text(s.resource().namespace())),
            new Col(
                    "service_instance_id",
                    "text",
                    Rule.REPLACE,
                    s -> PgRows.text(s.resource().instanceId())),
            new Col(
                    "run_id",
                    "text",
                    Rule.REPLACE,
                    s -> PgRows.text(s.resource().runId())),
            new Col(
                    "parent_session_id",
                    "text",
                    Rule.REPLACE,
                    s -> PgRows.text(s.resource().parentSessionId())),
            new Col(
                    "machine",
                    "text",
                    Rule.REPLACE,
                    s -> PgRows.text(s.resource().machine())),
            new Col(
                    "user_name",
                    "text",
                    Rule.REPLACE,
                    s -> PgRows.text(s.resource().user())));

    /** The base of a session this writer never saw: it folded it from nothing. */
    static Session nothing(String sessionId) {
        return new Session(
                sessionId,
                null,
                null,
                null,
                null,
                SessionStatus.ACTIVE,
                null,
                Usage.ZERO,
                0.0,
                null,
                0,
                0,
                0,
                0,
                0,
                0.0,
                PlanTier.UNKNOWN,
                ResourceIdentity.NONE);
    }

    /**
     * The batch's session less what its spans that were stored already had added to it (their
     * contribution as {@link dev.tj.core.session.SessionAccumulator#add} counts it).
     */
    static Session withoutRepeats(Session s, List<Span> repeats) {
        if (repeats.isEmpty()) return s;
        Usage u = Usage.ZERO;
        double cost = 0, reported = 0, active = 0;
        boolean anyReported = false;
        int fallback = 0;
        long llm = 0, tools = 0, errors = 0;
        for (Span span : repeats) {
            u = u.plus(span.usage());
            if (span.costUsd() != null) cost += span.costUsd();
            if (span.reportedCostUsd() != null) {
                reported += span.reportedCostUsd();
                anyReported = true;
            }
            if (span.pricedByFallback()) fallback++;
            if (span.isLlmCall()) llm++;
            if (span.isToolCall()) tools++;
            if (span.status() == SpanStatus.ERROR) errors++;
            if (span.durationMs() != null) active += Math.max(0.0, span.durationMs());
        }
        Usage su = s.usage();
        Usage left = new Usage(
                su.input() - u.input(),
                su.output() - u.output(),
                su.cacheRead() - u.cacheRead(),
                su.cacheWrite5m() - u.cacheWrite5m(),
                su.cacheWrite1h() - u.cacheWrite1h());
        return new Session(
                s.sessionId(),
                s.agentId(),
                s.conversationId(),
                s.startedAt(),
                s.endedAt(),
                s.status(),
                s.terminalAt(),
                left,
                s.costUsd() - cost,
                s.reportedCostUsd() == null || !anyReported
                        ? s.reportedCostUsd()
                        : (Double) (s.reportedCostUsd() - reported),
                s.fallbackPricedSpans() - fallback,
                s.spanCount() - repeats.size(),
                s.llmCallCount() - llm,
                s.toolCallCount() - tools,
                s.errorCount() - errors,
                s.activeMs() - active,
                s.planTier(),
                s.resource());
    }

    /**
     * Writes the sessions (distinct ids, each with its base) in the open transaction.
     *
     * @param sessions the batch's sessions, less repeated spans, sorted by id
     */
    static void write(Conn c, List<Session> sessions, Map<String, Session> bases) throws SQLException {
        if (sessions.isEmpty()) return;
        List<String> ids = new ArrayList<>(sessions.size());
        for (Session s : sessions) ids.add(s.sessionId());
        // lock the stored ones in key order: concurrent writers of the same sessions queue here
        PreparedStatement lock =
                c.prepare("SELECT session_id FROM sessions WHERE session_id = ANY(?) ORDER BY session_id FOR UPDATE");
        lock.setArray(1, c.array("text", ids.toArray()));
        lock.executeQuery().close();

        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Col col : COLUMNS) {
            names.add(col.name());
            types.add(col.type());
        }
        ArrayRows rows = new ArrayRows(types);
        for (Session s : sessions) rows.add(values(s));
        PreparedStatement insert = c.prepare("INSERT INTO sessions (" + String.join(", ", names) + ") SELECT "
                + String.join(", ", names) + " FROM " + rows.unnest("u", names)
                + " ORDER BY session_id ON CONFLICT (session_id) DO NOTHING RETURNING session_id");
        rows.bind(c, insert, 1);
        Set<String> inserted = new HashSet<>();
        try (ResultSet rs = insert.executeQuery()) {
            while (rs.next()) inserted.add(rs.getString(1));
        }

        List<String> mergeNames = new ArrayList<>();
        List<String> mergeTypes = new ArrayList<>();
        for (Col col : COLUMNS) {
            mergeNames.add(col.name());
            mergeTypes.add(col.type());
            if (col.rule() != Rule.KEY) {
                mergeNames.add("b_" + col.name());
                mergeTypes.add(col.type());
            }
        }
        ArrayRows merge = new ArrayRows(mergeTypes);
        for (Session s : sessions) {
            if (inserted.contains(s.sessionId())) continue;
            Session base = bases.getOrDefault(s.sessionId(), nothing(s.sessionId()));
            Object[] now = values(s), was = values(base);
            Object[] row = new Object[mergeTypes.size()];
            int k = 0;
            for (int i = 0; i < COLUMNS.size(); i++) {
                row[k++] = now[i];
                if (COLUMNS.get(i).rule() != Rule.KEY) row[k++] = was[i];
            }
            merge.add(row);
        }
        if (merge.isEmpty()) return;
        List<String> sets = new ArrayList<>();
        for (Col col : COLUMNS) {
            if (col.rule() != Rule.KEY) sets.add(col.name() + " = " + expression(col));
        }
        PreparedStatement update = c.prepare("UPDATE sessions s SET " + String.join(", ", sets) + " FROM "
                + merge.unnest("u", mergeNames) + " WHERE s.session_id = u.session_id");
        merge.bind(c, update, 1);
        update.executeUpdate();
    }

    private static Object[] values(Session s) {
        Object[] out = new Object[COLUMNS.size()];
        for (int i = 0; i < out.length; i++) out[i] = COLUMNS.get(i).value().apply(s);
        return out;
    }

    /** The new value of a stored column: s is the row as it is now, u the batch's value, u.b_ its base. */
    static String expression(Col col) {
        String n = col.name(), x = "u." + n, b = "u.b_" + n, s = "s." + n;
        return switch (col.rule()) {
            case KEY -> x;
            case REPLACE -> "CASE WHEN " + x + " IS DISTINCT FROM " + b + " THEN " + x + " ELSE " + s + " END";
            case ADD -> "COALESCE(" + s + ", 0) + (" + x + " - " + b + ")";
            // a stored value equal to the base takes the batch's exactly (no rounding of x - b + s)
            case ADD_EXACT ->
                "CASE WHEN " + s + " = " + b + " THEN " + x + " ELSE COALESCE(" + s + ", 0) + (" + x + " - " + b
                        + ") END";
            case REPORTED ->
                "CASE WHEN " + x + " IS NULL THEN CASE WHEN " + b + " IS NULL THEN " + s + " END"
                        + " WHEN " + s + " IS NOT DISTINCT FROM " + b + " THEN " + x
                        + " ELSE COALESCE(" + s + ", 0) + " + x + " - COALESCE(" + b + ", 0) END";
            case EARLIER ->
                "CASE WHEN " + x + " IS NOT DISTINCT FROM " + b + " THEN " + s
                        + " WHEN " + b + " IS NULL OR " + x + " < " + b + " THEN least(" + s + ", " + x + ") ELSE " + x
                        + " END";
            case LATER ->
                "CASE WHEN " + x + " IS NOT DISTINCT FROM " + b + " THEN " + s
                        + " WHEN " + b + " IS NULL OR " + x + " > " + b + " THEN greatest(" + s + ", " + x + ") ELSE "
                        + x
                        + " END";
            // status and terminal time change together
            case LIFECYCLE ->
                "CASE WHEN (u.status, u.terminal_at) IS DISTINCT FROM (u.b_status, u.b_terminal_at) THEN " + x
                        + " ELSE " + s + " END";
        };
    }
}
