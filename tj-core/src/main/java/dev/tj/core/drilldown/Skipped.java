package dev.tj.core.drilldown;

/**
 * What a drill-in read passed over, counted so that nothing is dropped silently.
 *
 * @param unparseableLines  lines that are not one complete JSON object (truncated, garbage, a line
 *                          cut by a concurrent write)
 * @param nonObjectLines    valid JSON that is not an object
 * @param partialTailBytes  a last line still being written (not read)
 * @param unknownRecords    records of a type the drill-in does not show (bookkeeping, request blobs)
 * @param missingSubagents  subagents named by a parent whose transcript file is absent
 * @param replayedRecords   records a fork subagent replayed from its parent (shown once, in the parent)
 * @param resumedCopies     records a resumed session copied from the session it resumed
 * @param unreadableFiles   transcript files that could not be read at all
 */
public record Skipped(
        long unparseableLines,
        long nonObjectLines,
        long partialTailBytes,
        long unknownRecords,
        long missingSubagents,
        long replayedRecords,
        long resumedCopies,
        long unreadableFiles) {

    public static final Skipped NONE = new Skipped(0, 0, 0, 0, 0, 0, 0, 0);

    public Skipped plus(Skipped o) {
        return new Skipped(
                unparseableLines + o.unparseableLines,
                nonObjectLines + o.nonObjectLines,
                partialTailBytes + o.partialTailBytes,
                unknownRecords + o.unknownRecords,
                missingSubagents + o.missingSubagents,
                replayedRecords + o.replayedRecords,
                resumedCopies + o.resumedCopies,
                unreadableFiles + o.unreadableFiles);
    }

    /** Lines and files that carried nothing readable (bookkeeping records and copies are not bad input). */
    public long badInput() {
        return unparseableLines + nonObjectLines + (partialTailBytes > 0 ? 1 : 0) + missingSubagents + unreadableFiles;
    }
}
