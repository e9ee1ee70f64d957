package dev.tj.core.storage;

import java.util.List;

/** Cost reports over stored spans. Any thread, at any time. */
public interface CostReads {
    /**
     * Token and cost sums per group over spans that have a model. Calendar groups use the query's
     * zone (UTC when null): DAY {@code YYYY-MM-DD}, WEEK the ISO week's Monday {@code YYYY-MM-DD},
     * MONTH {@code YYYY-MM}. AGENT and SESSION put a missing id under {@code unknown}; PROJECT is
     * the span's session's {@code service_namespace}, else {@code unknown}. TOOL is the exception to
     * "spans with a model": it groups tool-call spans (tool_name set, not a {@code tool_decision})
     * by tool name whatever their model, so its tokens and cost are usually 0. A null {@code until}
     * means no upper bound. Rows are ordered by group.
     */
    List<CostRow> cost(CostQuery query);
}
