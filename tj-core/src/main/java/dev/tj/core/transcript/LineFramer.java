package dev.tj.core.transcript;

import java.nio.charset.StandardCharsets;

/**
 * Splits Claude Code transcript bytes into lines and reads each as one {@link ClaudeRecord} for a
 * {@link RecordVisitor}: the one place that knows JSONL framing. A line counts only if it is exactly
 * one complete JSON object, as {@code JSON.parse} would have it. Blank lines and CRLF endings are
 * fine; a truncated last line is left for the next read; a line with invalid UTF-8 is re-read with
 * the bad bytes replaced, as Node's reader does. Every line lands in one {@link ParseStats} counter.
 *
 * <p>Not thread-safe: one instance per thread (the record is reused line after line).
 */
public final class LineFramer {
    private final ClaudeRecord rec = new ClaudeRecord();
    private final JsonCursor cursor = new JsonCursor();
    /** Every record that carries usage has these bytes; a line without them cannot (escaped text reads \"usage\"). */
    private static final String USAGE_KEY = "\"usage\"";

    /**
     * Visits every complete record of {@code buf[0, len)}, which starts at {@code baseOffset} of its file.
     *
     * @return bytes consumed: up to the end, or to the start of a trailing partial line
     */
    long frame(byte[] buf, int len, long baseOffset, ParseStats st, RecordVisitor v) {
        int lineNo = 0;
        int start = 0;
        long consumed = 0;
        // calls only: a copy as one char per byte, so String's vectorised indexOf finds the next "usage"
        // and the line breaks before it (several times faster than a scan of the bytes here)
        String text = v.callsOnly() ? new String(buf, 0, len, StandardCharsets.ISO_8859_1) : null;
        int usage = -1; // where the next "usage" starts (calls only)
        while (start < len) {
            int nl;
            if (text == null) nl = indexOf(buf, start, len);
            else {
                if (usage < start) {
                    usage = text.indexOf(USAGE_KEY, start);
                    if (usage < 0) usage = Integer.MAX_VALUE;
                }
                // complete lines before it cannot carry usage: counted, not parsed
                while ((nl = text.indexOf('\n', start)) >= 0 && nl < usage) {
                    lineNo++;
                    st.lines++;
                    start = nl + 1;
                    consumed = start;
                }
                if (start >= len) break;
            }
            boolean complete = nl >= 0;
            int e = complete ? nl : len;
            if (e > start && buf[e - 1] == '\r') e--;
            lineNo++;
            LineResult result = isBlank(buf, start, e) ? LineResult.BLANK : parseLine(buf, start, e - start, v);
            if (!complete && result == LineResult.NOT_JSON) {
                // a partial last line: leave it for the next read
                st.pendingTailBytes += len - start;
                break;
            }
            st.lines++;
            switch (result) {
                case BLANK -> st.blankLines++;
                case NOT_AN_OBJECT -> st.nonObjectLines++;
                case NOT_JSON -> st.unparseableLines++;
                case PARSED_AFTER_UTF8_REPAIR, PARSED -> {
                    if (result == LineResult.PARSED_AFTER_UTF8_REPAIR) st.recoveredNonUtf8Lines++;
                    v.record(rec, baseOffset + start, lineNo);
                }
            }
            consumed = complete ? nl + 1 : len;
            start = (int) consumed;
        }
        return consumed;
    }

    /** Reads {@code buf[off, off+len)} (one line, no line break) into the reused record. */
    public LineResult parseLine(byte[] buf, int off, int len, RecordVisitor interest) {
        LineResult first = read(buf, off, len, interest);
        if (first != LineResult.NOT_JSON || !hasHighBytes(buf, off, len)) return first;
        // Invalid UTF-8: decode with replacement characters, as Node's reader does, and retry.
        byte[] repaired = new String(buf, off, len, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        return read(repaired, 0, repaired.length, interest) == LineResult.PARSED
                ? LineResult.PARSED_AFTER_UTF8_REPAIR
                : LineResult.NOT_JSON;
    }

    private LineResult read(byte[] buf, int off, int len, RecordVisitor interest) {
        rec.reset(interest);
        cursor.reset(buf, off, len);
        // JsonCursor.Malformed, or whatever else a hostile line provokes: that line is unreadable, never the file
        try {
            return rec.read(cursor);
        } catch (RuntimeException e) {
            return LineResult.NOT_JSON;
        }
    }

    /** The record the last {@link #parseLine} read. */
    public ClaudeRecord record() {
        return rec;
    }

    private static final long NL = Swar.ONES * '\n';

    /** The next '\n' in b[from, to), 8 bytes at a time (SWAR), or -1. */
    public static int indexOf(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long t = Swar.zeroBytes(Swar.word(b, i) ^ NL);
            if (t != 0) return i + Swar.firstFlagged(t);
        }
        for (; i < to; i++) if (b[i] == '\n') return i;
        return -1;
    }

    public static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }

    private static boolean hasHighBytes(byte[] b, int from, int len) {
        for (int i = from, n = from + len; i < n; i++) if (b[i] < 0) return true;
        return false;
    }
}
