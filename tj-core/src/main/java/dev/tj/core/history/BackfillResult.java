package dev.tj.core.history;

import dev.tj.core.transcript.ParseStats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a backfill run did; {@link #toJson()} is {@code tj backfill --json}. */
public record BackfillResult(String source, List<String> roots, int filesListed, int filesUnchanged, int filesRead,
                             long bytesRead, long calls, long spansStored, long spansExisting, long spansLiveSkipped,
                             int sessionsSeen, int sessionsNew, int projects, double storedCostUsd,
                             long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                             Instant earliest, Instant latest, ParseStats stats, List<String> errors, long elapsedMs,
                             Map<String, long[]> subagents) {

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("roots", roots);
        m.put("files_listed", filesListed);
        m.put("files_unchanged", filesUnchanged);
        m.put("files_read", filesRead);
        m.put("bytes_read", bytesRead);
        m.put("calls", calls);
        m.put("spans_stored", spansStored);
        m.put("spans_existing", spansExisting);
        m.put("spans_live_skipped", spansLiveSkipped);
        m.put("sessions_seen", sessionsSeen);
        m.put("sessions_new", sessionsNew);
        m.put("projects", projects);
        m.put("stored_cost_usd", Math.round(storedCostUsd * 1e6) / 1e6);
        m.put("input_tokens", inputTokens);
        m.put("output_tokens", outputTokens);
        m.put("cache_read_tokens", cacheReadTokens);
        m.put("cache_write_tokens", cacheWriteTokens);
        m.put("earliest", earliest == null ? null : earliest.toString());
        m.put("latest", latest == null ? null : latest.toString());
        m.put("skipped", stats.toMap());
        m.put("errors", errors);
        m.put("elapsed_ms", elapsedMs);
        m.put("timing", stats.timing);
        List<Map<String, Object>> subs = new java.util.ArrayList<>();
        for (var e : subagents.entrySet()) {
            String k = e.getKey();
            int slash = k.indexOf('/');
            long[] t = e.getValue();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("session_id", k.substring(0, slash));
            r.put("sub_agent_id", k.substring(slash + 1));
            r.put("calls", t[0]);
            r.put("input_tokens", t[1]);
            r.put("output_tokens", t[2]);
            r.put("cache_read_tokens", t[3]);
            r.put("cache_write_tokens", t[4]);
            subs.add(r);
        }
        m.put("subagents_read", subs);
        return m;
    }
}
