package dev.tj.core.history;

import dev.tj.core.transcript.ParseReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a backfill run did; {@link #toJson()} is {@code tj backfill --json}.
 *
 * @param spans     what the sink did with the spans of this run
 * @param usage     calls and tokens of the calls read this run (before the sink's dedup)
 * @param timing    where the time went (diagnostics only)
 * @param subagents {@code session/sub_agent_id} to the totals of its calls read this run
 */
public record BackfillResult(
        String source,
        List<String> roots,
        Files files,
        long calls,
        BackfillSink.Written spans,
        int sessionsSeen,
        int projects,
        UsageTotals usage,
        Instant earliest,
        Instant latest,
        ParseReport stats,
        List<String> errors,
        long elapsedMs,
        String timing,
        Map<String, UsageTotals> subagents) {

    /** Files listed, unchanged since the last run (not opened), read, and bytes read. */
    public record Files(int listed, int unchanged, int read, long bytesRead) {}

    /** A run that found every listed file unchanged and read nothing. */
    public static BackfillResult upToDate(String source, List<String> roots, int files, long elapsedMs) {
        return new BackfillResult(
                source,
                roots,
                new Files(files, files, 0, 0),
                0,
                BackfillSink.Written.NONE,
                0,
                0,
                UsageTotals.ZERO,
                null,
                null,
                ParseReport.ZERO,
                List.of(),
                elapsedMs,
                null,
                Map.of());
    }

    public int filesListed() {
        return files.listed();
    }

    public int filesUnchanged() {
        return files.unchanged();
    }

    public int filesRead() {
        return files.read();
    }

    public long bytesRead() {
        return files.bytesRead();
    }

    public long spansStored() {
        return spans.stored();
    }

    public long spansExisting() {
        return spans.existing();
    }

    public long spansLiveSkipped() {
        return spans.liveSkipped();
    }

    public int sessionsNew() {
        return spans.newSessions();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("roots", roots);
        m.put("files_listed", files.listed());
        m.put("files_unchanged", files.unchanged());
        m.put("files_read", files.read());
        m.put("bytes_read", files.bytesRead());
        m.put("calls", calls);
        m.put("spans_stored", spans.stored());
        m.put("spans_existing", spans.existing());
        m.put("spans_live_skipped", spans.liveSkipped());
        m.put("sessions_seen", sessionsSeen);
        m.put("sessions_new", spans.newSessions());
        m.put("projects", projects);
        m.put("stored_cost_usd", Math.round(spans.storedCostUsd() * 1e6) / 1e6);
        m.put("input_tokens", usage.input());
        m.put("output_tokens", usage.output());
        m.put("cache_read_tokens", usage.cacheRead());
        m.put("cache_write_tokens", usage.cacheWrite());
        m.put("earliest", earliest == null ? null : earliest.toString());
        m.put("latest", latest == null ? null : latest.toString());
        m.put("skipped", stats.toMap());
        m.put("errors", errors);
        m.put("elapsed_ms", elapsedMs);
        m.put("timing", timing);
        List<Map<String, Object>> subs = new ArrayList<>();
        for (var e : subagents.entrySet()) {
            String k = e.getKey();
            int slash = k.indexOf('/');
            UsageTotals t = e.getValue();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("session_id", k.substring(0, slash));
            r.put("sub_agent_id", k.substring(slash + 1));
            r.put("calls", t.calls());
            r.put("input_tokens", t.input());
            r.put("output_tokens", t.output());
            r.put("cache_read_tokens", t.cacheRead());
            r.put("cache_write_tokens", t.cacheWrite());
            subs.add(r);
        }
        m.put("subagents_read", subs);
        return m;
    }
}
