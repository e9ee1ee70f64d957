package dev.tj.core.transcript;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads a Claude Code transcript ({@code *.jsonl}): the whole range to read into one reused buffer,
 * then {@link LineFramer} frames it and hands each record to a {@link RecordVisitor}. {@link #parse}
 * uses the cost visitor (API responses, tool results and subagent links, see {@link CostVisitor});
 * {@link #visit} hands the same records to any other visitor.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class ClaudeCodeParser {
    /** The probe reads no text at all. */
    private static final RecordVisitor TIMESTAMP_ONLY = (r, lineOffset, lineNo) -> {};

    private final LineFramer framer = new LineFramer();
    private byte[] buf = new byte[1 << 16];
    /** The probe's buffer: a first record is usually a few hundred bytes. */
    private byte[] probe = new byte[1 << 13];

    /**
     * @param settled false when the file may still be written to: the last API response is then not
     *                returned if nothing follows it and its last snapshot has no stop_reason (its
     *                final snapshot may be yet to come); the next read starts at its first line
     */
    public ClaudeFile parse(Path path, long size, long mtimeMillis, long startOffset, boolean settled)
            throws IOException {
        return parse(path, size, mtimeMillis, startOffset, settled, ReadDepth.LINKS);
    }

    /** @param depth what to take in besides API responses */
    public ClaudeFile parse(Path path, long size, long mtimeMillis, long startOffset, boolean settled, ReadDepth depth)
            throws IOException {
        int len = readRange(path, size, startOffset);
        ClaudeFile f = frame(path, size, mtimeMillis, startOffset, settled, depth, len);
        // a call without a timestamp is dated from the record before it, which a calls-only read
        // may not have parsed: such a file is read again in full (rare), so dates never depend on depth
        if (depth == ReadDepth.CALLS && f.stats.undatedCalls > 0)
            f = frame(path, size, mtimeMillis, startOffset, settled, ReadDepth.LINKS, len);
        return f;
    }

    private ClaudeFile frame(
            Path path, long size, long mtimeMillis, long startOffset, boolean settled, ReadDepth depth, int len) {
        ClaudeFile f = new ClaudeFile(path, size, mtimeMillis, startOffset);
        CostVisitor cost = new CostVisitor(f, depth);
        f.stats.files = 1;
        long consumed = framer.frame(buf, len, startOffset, f.stats, cost);
        f.nextOffset = startOffset + consumed;
        f.stats.bytes = consumed;
        cost.finish(settled);
        return f;
    }

    /** Hands every complete record of the file from {@code startOffset} on to {@code visitor}. */
    public ParseReport visit(Path path, long size, long startOffset, RecordVisitor visitor) throws IOException {
        int len = readRange(path, size, startOffset);
        ParseStats st = new ParseStats();
        st.files = 1;
        st.bytes = framer.frame(buf, len, startOffset, st, visitor);
        return st.report();
    }

    /** Reads {@code [startOffset, size)} into {@link #buf}; returns the bytes read (fewer if the file shrank). */
    private int readRange(Path path, long size, long startOffset) throws IOException {
        long len = Math.max(0, size - startOffset);
        if (len > Integer.MAX_VALUE - 16) throw new IOException("transcript too large: " + path);
        if (buf.length < len) buf = new byte[(int) Math.max(len, Math.min(Integer.MAX_VALUE - 16, buf.length * 2L))];
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) len);
            long pos = startOffset;
            while (bb.hasRemaining()) {
                int n = ch.read(bb, pos);
                if (n < 0) break;
                pos += n;
            }
            return bb.position();
        }
    }

    /**
     * The timestamp of the first record from {@code startOffset} on that has one (what a full read
     * puts in {@link ClaudeFile#firstTs}), reading only as far as needed: the order key of a file,
     * known before the file is read.
     */
    public long firstTimestamp(Path path, long startOffset, long size) throws IOException {
        long pos = startOffset;
        byte[] b = probe;
        int have = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            while (pos < size) {
                if (have == b.length) b = probe = Arrays.copyOf(b, b.length * 2);
                ByteBuffer bb = ByteBuffer.wrap(b, have, (int) Math.min(b.length - have, size - pos));
                int n = ch.read(bb, pos);
                if (n <= 0) break;
                pos += n;
                have += n;
                int start = 0;
                int nl;
                while ((nl = LineFramer.indexOf(b, start, have)) >= 0) {
                    int e = nl > start && b[nl - 1] == '\r' ? nl - 1 : nl;
                    if (!LineFramer.isBlank(b, start, e) && dated(b, start, e - start))
                        return framer.record().timestamp();
                    start = nl + 1;
                }
                if (start > 0) {
                    System.arraycopy(b, start, b, 0, have - start);
                    have -= start;
                }
            }
            if (have > 0 && dated(b, 0, have)) return framer.record().timestamp();
        }
        return Timestamps.NONE;
    }

    private boolean dated(byte[] b, int off, int len) {
        return framer.parseLine(b, off, len, TIMESTAMP_ONLY).parsed()
                && framer.record().timestamp() != Timestamps.NONE;
    }
}
