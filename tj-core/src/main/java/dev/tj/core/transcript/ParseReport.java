package dev.tj.core.transcript;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What transcript reads skipped or folded, counted so nothing is lost silently: a value handed out
 * by a read (one file) and summed for a report.
 *
 * @param unparseableLines       lines that are not one complete JSON object (truncated, garbage…)
 * @param nonObjectLines         valid JSON but not an object: no record
 * @param recoveredNonUtf8Lines  lines that parsed only after invalid UTF-8 bytes were replaced (kept)
 * @param noUsageRecords         assistant records without a usage object
 * @param syntheticRecords       assistant records of the {@code <synthetic>} model
 * @param noModelRecords         assistant records without a model
 * @param zeroUsageCalls         API responses whose final usage was all zero
 * @param snapshotRecords        snapshots folded into an earlier record of the same API response
 * @param duplicateCalls         API responses already counted from another file or an earlier run
 * @param undatedCalls           API responses without a timestamp, dated from their neighbours
 * @param pendingTailBytes       a trailing partial line left for the next read
 */
public record ParseReport(
        long files,
        long bytes,
        long lines,
        long blankLines,
        long unparseableLines,
        long nonObjectLines,
        long recoveredNonUtf8Lines,
        long noUsageRecords,
        long syntheticRecords,
        long noModelRecords,
        long zeroUsageCalls,
        long snapshotRecords,
        long duplicateCalls,
        long undatedCalls,
        long pendingTailBytes) {

    public static final ParseReport ZERO = new ParseReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public ParseReport plus(ParseReport o) {
        return new ParseReport(
                files + o.files,
                bytes + o.bytes,
                lines + o.lines,
                blankLines + o.blankLines,
                unparseableLines + o.unparseableLines,
                nonObjectLines + o.nonObjectLines,
                recoveredNonUtf8Lines + o.recoveredNonUtf8Lines,
                noUsageRecords + o.noUsageRecords,
                syntheticRecords + o.syntheticRecords,
                noModelRecords + o.noModelRecords,
                zeroUsageCalls + o.zeroUsageCalls,
                snapshotRecords + o.snapshotRecords,
                duplicateCalls + o.duplicateCalls,
                undatedCalls + o.undatedCalls,
                pendingTailBytes + o.pendingTailBytes);
    }

    /** This report with {@code duplicates} more duplicate calls and {@code zeroUsage} more zero-usage calls. */
    public ParseReport plusCalls(long duplicates, long zeroUsage) {
        return new ParseReport(
                files,
                bytes,
                lines,
                blankLines,
                unparseableLines,
                nonObjectLines,
                recoveredNonUtf8Lines,
                noUsageRecords,
                syntheticRecords,
                noModelRecords,
                zeroUsageCalls + zeroUsage,
                snapshotRecords,
                duplicateCalls + duplicates,
                undatedCalls,
                pendingTailBytes);
    }

    /** The {@code skipped} / {@code read} object of the JSON outputs. */
    public Map<String, Long> toMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("files", files);
        m.put("bytes", bytes);
        m.put("lines", lines);
        m.put("blank_lines", blankLines);
        m.put("unparseable_lines", unparseableLines);
        m.put("non_object_lines", nonObjectLines);
        m.put("recovered_non_utf8_lines", recoveredNonUtf8Lines);
        m.put("no_usage_records", noUsageRecords);
        m.put("synthetic_records", syntheticRecords);
        m.put("no_model_records", noModelRecords);
        m.put("zero_usage_calls", zeroUsageCalls);
        m.put("snapshot_records", snapshotRecords);
        m.put("duplicate_calls", duplicateCalls);
        m.put("undated_calls", undatedCalls);
        m.put("pending_tail_bytes", pendingTailBytes);
        return m;
    }
}
