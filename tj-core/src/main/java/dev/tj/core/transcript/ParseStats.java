package dev.tj.core.transcript;

/**
 * What a transcript read skipped, counted so nothing is lost silently. Mutable; one per file, summed
 * for a report.
 */
public final class ParseStats {
    public long files;
    public long bytes;
    public long lines;
    public long blankLines;
    /** Lines that are not one complete JSON object (truncated, garbage, arrays...). */
    public long unparseableLines;
    /** Lines that are valid JSON but not an object (a bare string, number or array): no record. */
    public long nonObjectLines;
    /** Lines that parsed only after invalid UTF-8 bytes were replaced (their counts are kept). */
    public long recoveredNonUtf8Lines;
    /** Assistant records without a usage object. */
    public long noUsageRecords;
    /** Assistant records of the {@code <synthetic>} model (error and placeholder messages). */
    public long syntheticRecords;
    /** Assistant records without a model. */
    public long noModelRecords;
    /** API responses whose final usage was all zero. */
    public long zeroUsageCalls;
    /** Snapshots folded into an earlier record of the same API response (streaming, same file). */
    public long snapshotRecords;
    /** API responses already counted from another file (resume copies) or an earlier run. */
    public long duplicateCalls;
    /** API responses without a timestamp, dated from their neighbours. */
    public long undatedCalls;
    /** A trailing partial line (no newline yet, not valid JSON) left for the next read. */
    public long pendingTailBytes;
    /** Where the time went (diagnostics only). */
    public String timing;

    public void add(ParseStats o) {
        files += o.files; bytes += o.bytes; lines += o.lines; blankLines += o.blankLines;
        unparseableLines += o.unparseableLines; nonObjectLines += o.nonObjectLines; recoveredNonUtf8Lines += o.recoveredNonUtf8Lines;
        noUsageRecords += o.noUsageRecords; syntheticRecords += o.syntheticRecords;
        noModelRecords += o.noModelRecords; zeroUsageCalls += o.zeroUsageCalls;
        snapshotRecords += o.snapshotRecords; duplicateCalls += o.duplicateCalls; undatedCalls += o.undatedCalls;
        pendingTailBytes += o.pendingTailBytes;
    }

    public java.util.Map<String, Long> toMap() {
        var m = new java.util.LinkedHashMap<String, Long>();
        m.put("files", files); m.put("bytes", bytes); m.put("lines", lines); m.put("blank_lines", blankLines);
        m.put("unparseable_lines", unparseableLines); m.put("non_object_lines", nonObjectLines); m.put("recovered_non_utf8_lines", recoveredNonUtf8Lines);
        m.put("no_usage_records", noUsageRecords); m.put("synthetic_records", syntheticRecords);
        m.put("no_model_records", noModelRecords); m.put("zero_usage_calls", zeroUsageCalls);
        m.put("snapshot_records", snapshotRecords); m.put("duplicate_calls", duplicateCalls);
        m.put("undated_calls", undatedCalls); m.put("pending_tail_bytes", pendingTailBytes);
        return m;
    }
}
