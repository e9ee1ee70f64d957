package dev.tj.core.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an {@link IngestJournal}'s frames in order from a position, segment by segment, without
 * holding more than one batch in memory: what the upstream forwarder sends. Reads only frames the
 * journal has made durable (acknowledged), so nothing a crash could still cut off is ever sent.
 */
public final class JournalReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JournalReader.class);

    /** One frame: its sequence number, its records, and its payload as the journal holds it. */
    public record Frame(long seq, int records, byte[] payload) {}

    private final IngestJournal journal;
    private long position;
    private long segmentFirst = -1;
    private FileChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(IngestJournal.HEADER);
    private final CRC32C crc = new CRC32C();
    private long skippedFrames;

    /** Reads the frames after {@code position}. */
    public JournalReader(IngestJournal journal, long position) {
        this.journal = journal;
        this.position = position;
    }

    /** The last frame read (the next has a higher sequence number). */
    public long position() {
        return position;
    }

    /** Frames found corrupt on disk and passed over. */
    public long skippedFrames() {
        return skippedFrames;
    }

    /**
     * The next durable frames, up to about {@code maxRecords} records and {@code maxBytes} of payload
     * (at least one frame when there is one); empty when the reader is at the journal's end.
     */
    public List<Frame> next(int maxRecords, int maxBytes) throws IOException {
        List<Frame> out = new ArrayList<>();
        long synced = journal.syncedSeq();
        int records = 0, bytes = 0;
        while (position < synced && (out.isEmpty() || (records < maxRecords && bytes < maxBytes))) {
            Frame f = readOne(synced);
            if (f == null) break;
            position = f.seq();
            if (f.payload() == null) continue; // corrupt, skipped
            out.add(f);
            records += f.records();
            bytes += f.payload().length;
        }
        return out;
    }

    /** Reads the frame after {@link #position}, or null when none is durable yet. */
    private Frame readOne(long synced) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (channel == null && !openSegmentFor(position + 1)) return null;
            Frame f = readFrame(synced);
            if (f != null) return f;
            // at the end of this segment: go on in the next one, if the journal rolled to it
            Map.Entry<Long, Path> next = journal.segmentsByFirstSeq().higherEntry(segmentFirst);
            if (next == null) return null;
            closeChannel();
            if (!openSegment(next.getKey(), next.getValue())) return null;
        }
        return null;
    }

    private boolean openSegmentFor(long seq) throws IOException {
        var segments = journal.segmentsByFirstSeq();
        Map.Entry<Long, Path> e = segments.floorEntry(seq);
        if (e == null) e = segments.ceilingEntry(seq); // older frames are gone: start at what is left
        if (e == null) return false;
        return openSegment(e.getKey(), e.getValue());
    }

    private boolean openSegment(long first, Path p) throws IOException {
        try {
            channel = FileChannel.open(p, StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
            return false;
        }
        segmentFirst = first;
        channel.position(IngestJournal.MAGIC.length);
        return true;
    }

    /** The next frame in the open segment past {@link #position}, or null at its (durable) end. */
    private Frame readFrame(long synced) throws IOException {
        while (true) {
            long at = channel.position();
            header.clear();
            if (!readFully(header)) return rewind(at);
            header.flip();
            int len = header.getInt();
            int sum = header.getInt();
            long seq = header.getLong();
            if (seq > synced || len < 0) return rewind(at);
            if (seq <= position) {
                channel.position(at + IngestJournal.HEADER + len);
                continue;
            }
            ByteBuffer payload = ByteBuffer.allocate(len);
            if (!readFully(payload)) return rewind(at);
            crc.reset();
            header.position(8);
            crc.update(header);
            crc.update(payload.array(), 0, len);
            if ((int) crc.getValue() != sum) {
                skippedFrames++;
                log.error("journal frame {} has a bad checksum; not forwarded", seq);
                return new Frame(seq, 0, null);
            }
            int records;
            try {
                JournalCodec.Records r = JournalCodec.readRecords(ByteBuffer.wrap(payload.array()));
                records = r.spans().size() + r.points().size();
            } catch (RuntimeException e) {
                skippedFrames++;
                log.error("journal frame {} cannot be decoded; not forwarded", seq, e);
                return new Frame(seq, 0, null);
            }
            return new Frame(seq, records, payload.array());
        }
    }

    private Frame rewind(long at) throws IOException {
        channel.position(at);
        return null;
    }

    private boolean readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) if (channel.read(b) < 0) return false;
        return true;
    }

    private void closeChannel() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a journal segment failed", e);
        }
        channel = null;
    }

    @Override
    public void close() {
        closeChannel();
    }
}
