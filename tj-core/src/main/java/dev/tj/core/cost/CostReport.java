package dev.tj.core.cost;

import dev.tj.core.framing.Framing;
import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostRow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cost report: rows, a totals row, and the plan framing. {@link #toJson()} is the shape of
 * {@code tj cost --json} and {@code GET /api/v1/cost}: TokenJam's keys ({@code cache_tokens},
 * {@code total_cost_usd}, ...) plus {@code rows[].cache_read_tokens} and a {@code totals} object.
 */
public record CostReport(
        Instant since,
        Instant until,
        CostGroup groupBy,
        String agentId,
        ZoneId zone,
        List<CostRow> rows,
        CostRow totals,
        Framing framing) {

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("since", since == null ? null : since.toString());
        m.put("until", until == null ? null : until.toString());
        m.put("window_start", since == null ? null : since.toString());
        m.put("window_end", until == null ? null : until.toString());
        m.put("group_by", groupBy.wire());
        m.put("agent_id", agentId);
        m.put("tz", zone == null || zone.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId());
        List<Map<String, Object>> rs = new ArrayList<>(rows.size());
        for (CostRow r : rows) {
            Map<String, Object> row = row(r);
            row.put("group", r.group());
            if (groupBy == CostGroup.MODEL) row.put("model", r.group());
            if (groupBy == CostGroup.AGENT) row.put("agent_id", r.group());
            // the group first, as TokenJam prints it
            Map<String, Object> ordered = new LinkedHashMap<>();
            ordered.put("group", r.group());
            ordered.putAll(row);
            rs.add(ordered);
        }
        m.put("rows", rs);
        m.put("totals", row(totals));
        m.put("total_cost_usd", round(totals.costUsd()));
        m.put(
                "total_tokens",
                totals.inputTokens() + totals.outputTokens() + totals.cacheReadTokens() + totals.cacheWriteTokens());
        m.put("total_cache_tokens", totals.cacheReadTokens());
        m.put("total_cache_write_tokens", totals.cacheWriteTokens());
        m.put("framing", framing == null ? null : framingJson(framing));
        return m;
    }

    /** A row's tokens and cost under the report's JSON names. */
    public static Map<String, Object> row(CostRow r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("input_tokens", r.inputTokens());
        row.put("output_tokens", r.outputTokens());
        row.put("cache_read_tokens", r.cacheReadTokens());
        row.put("cache_write_tokens", r.cacheWriteTokens());
        row.put("cache_tokens", r.cacheReadTokens());
        row.put("total_tokens", r.inputTokens() + r.outputTokens() + r.cacheReadTokens() + r.cacheWriteTokens());
        row.put("cost_usd", round(r.costUsd()));
        return row;
    }

    public static double round(double v) {
        return Math.round(v * 1e8) / 1e8;
    }

    public static Map<String, Object> framingJson(Framing f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pricing_mode", f.pricingMode());
        m.put("plan_tier", f.planTier());
        m.put("plan_label", f.planLabel());
        m.put("plan_labels", f.planLabels());
        m.put("plan_monthly_usd", f.planMonthlyUsd());
        m.put("subscription_share_pct", f.subscriptionSharePct());
        m.put("api_share_pct", f.apiSharePct());
        m.put("display_rule", f.displayRule());
        m.put("qualifier_text", f.qualifierText());
        m.put("window_total_tokens", f.windowTotalTokens());
        m.put("window_total_cost_usd", f.windowTotalCostUsd());
        return m;
    }
}
