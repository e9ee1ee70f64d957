package dev.tj.core.transcript;

/**
 * The counters of one transcript read, bumped by the readers of this package while they read;
 * {@link #report()} hands them out as a value.
 */
final class ParseStats {
    long files;
    long bytes;
    long lines;
    long blankLines;
    long unparseableLines;
    long nonObjectLines;
    long recoveredNonUtf8Lines;
    long noUsageRecords;
    long syntheticRecords;
    long noModelRecords;
    long zeroUsageCalls;
    long snapshotRecords;
    long duplicateCalls;
    long undatedCalls;
    long pendingTailBytes;

    ParseStats() {}

    public ParseReport report() {
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
                zeroUsageCalls,
                snapshotRecords,
                duplicateCalls,
                undatedCalls,
                pendingTailBytes);
    }
}
