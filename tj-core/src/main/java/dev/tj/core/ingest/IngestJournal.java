package dev.tj.core.ingest;

import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tj's own write-ahead log for live ingest. The writer acknowledges a record once its frame is
 * fsynced here, and applies it to storage afterwards in large batches; storage records the last
 * applied sequence number in the same transaction as the data, so after a crash exactly the frames
 * past that number are replayed. A record is never in storage twice and never lost once answered.
 *
 * <p>Segments are files {@code <first seq>.seg} in one directory. A frame is
 * {@code [payload length][CRC32C of seq and payload][seq][payload]}; a torn frame at the end (a crash
 * mid-write, never acknowledged) is cut off at recovery. Segments whose frames are all applied are deleted.
 */
public final class IngestJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestJournal.class);
    static final byte[] MAGIC = "TJJ1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 16;
    static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    /** A fully applied segment is recycled once it is this big, so an idle daemon keeps little on disk. */
    static final long RECYCLE_BYTES = 4L * 1024 * 1024;

    /** One recovered frame: records acknowledged but not yet applied when the process stopped. */
    public record Entry(long seq, List<Span> spans, List<MetricPoint> points) {}

    private final Path dir;
    private final long segmentBytes;
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final List<Entry> recovered;
    private final JournalCodec.Out out = new JournalCodec.Out();
    private final ByteBuffer header = ByteBuffer.allocate(HEADER);
    private final CRC32C crc = new CRC32C();
    private FileChannel current;
    private long currentBytes;
    private long nextSeq;
    private long lastSynced;
    /** The highest position storage applied, as last released. */
    private long applied;
    /** Frames after this stay on disk even once applied (the forwarder's position); none by default. */
    private LongSupplier heldAfter = () -> Long.MAX_VALUE;

    private final AtomicLong appendedRecords = new AtomicLong();

    private IngestJournal(Path dir, long segmentBytes, List<Entry> recovered, long nextSeq) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.recovered = recovered;
        this.nextSeq = nextSeq;
        this.lastSynced = nextSeq - 1;
        this.applied = 0;
    }

    /** A journal that keeps nothing: for storage that is not durable itself (in memory). */
    public static IngestJournal none() {
        return new IngestJournal(null, SEGMENT_BYTES, List.of(), 1);
    }

    /**
     * Opens the journal in {@code dir} (created if missing) and reads back every intact frame after
     * {@code applied}, the position storage says it has applied.
     */
    public static IngestJournal open(Path dir, long applied) {
        return open(dir, applied, SEGMENT_BYTES);
    }

    static IngestJournal open(Path dir, long applied, long segmentBytes) {
        try {
            Files.createDirectories(dir);
            TreeMap<Long, Path> found = new TreeMap<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.endsWith(".seg")) continue;
                    try {
                        found.put(Long.parseLong(name.substring(0, name.length() - 4)), p);
                    } catch (NumberFormatException e) {
                        log.warn("ignoring unexpected file {} in the journal", p);
                    }
                }
            }
            List<Entry> entries = new ArrayList<>();
            long last = applied;
            for (Path p : found.values()) last = Math.max(last, read(p, applied, entries));
            IngestJournal j = new IngestJournal(dir, segmentBytes, List.copyOf(entries), last + 1);
            j.segments.putAll(found);
            if (!entries.isEmpty()) {
                log.info("journal {}: replaying {} acknowledged batches not yet in storage", dir, entries.size());
            }
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ingest journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads a segment's intact frames after {@code applied} into {@code into}; returns its last seq. */
    private static long read(Path p, long applied, List<Entry> into) throws IOException {
        byte[] all = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(all);
        long last = 0;
        if (all.length < MAGIC.length || !java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            log.warn("journal segment {} has no header; ignoring it", p);
            return 0;
        }
        b.position(MAGIC.length);
        CRC32C crc = new CRC32C();
        while (b.remaining() >= HEADER) {
            int start = b.position();
            int len = b.getInt();
            int sum = b.getInt();
            long seq = b.getLong();
            if (len < 0 || len > b.remaining()) {
                truncate(p, start, "a torn frame");
                break;
            }
            crc.reset();
            crc.update(all, start + 8, 8 + len);
            if ((int) crc.getValue() != sum) {
                truncate(p, start, "a frame with a bad checksum");
                break;
            }
            ByteBuffer payload = ByteBuffer.wrap(all, b.position(), len).slice();
            b.position(b.position() + len);
            last = seq;
            if (seq <= applied) continue;
            try {
                JournalCodec.Records r = JournalCodec.readRecords(payload);
                into.add(new Entry(seq, r.spans(), r.points()));
            } catch (RuntimeException e) {
                log.error("journal {}: frame {} cannot be decoded; skipped", p, seq, e);
            }
        }
        return last;
    }

    private static void truncate(Path p, long at, String why) throws IOException {
        log.warn("journal segment {}: {} at byte {} (never acknowledged); cutting it off", p, why, at);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(at);
            ch.force(true);
        }
    }

    /** Frames found at open that storage had not applied, oldest first. */
    public List<Entry> recovered() {
        return recovered;
    }

    /** The sequence number the next {@link #append} gets. */
    public long nextSeq() {
        return nextSeq;
    }

    /**
     * Writes one frame (not yet durable: see {@link #sync}).
     *
     * @return its sequence number
     */
    public synchronized long append(List<Span> spans, List<MetricPoint> points) throws IOException {
        long seq = nextSeq++;
        if (dir == null) return seq;
        if (current == null || currentBytes >= segmentBytes) roll(seq);
        out.reset();
        JournalCodec.writeRecords(out, spans, points);
        header.clear();
        header.putInt(out.length()).putInt(0).putLong(seq);
        crc.reset();
        crc.update(header.array(), 8, 8);
        crc.update(out.array(), 0, out.length());
        header.putInt(4, (int) crc.getValue());
        header.flip();
        ByteBuffer body = ByteBuffer.wrap(out.array(), 0, out.length());
        ByteBuffer[] frame = {header, body};
        while (header.hasRemaining() || body.hasRemaining()) current.write(frame);
        currentBytes += HEADER + out.length();
        appendedRecords.addAndGet(spans.size() + points.size());
        return seq;
    }

    /** Makes every frame appended so far durable. */
    public synchronized void sync() throws IOException {
        if (current != null && lastSynced < nextSeq - 1) current.force(false);
        lastSynced = nextSeq - 1;
    }

    private void roll(long firstSeq) throws IOException {
        if (current != null) {
            current.force(false);
            current.close();
        }
        Path p = dir.resolve(String.format("%020d.seg", firstSeq));
        current = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        current.write(ByteBuffer.wrap(MAGIC));
        currentBytes = MAGIC.length;
        segments.put(firstSeq, p);
        // the new file's directory entry must survive a crash too
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot fsync the journal directory {}", dir, e);
        }
    }

    /**
     * Keeps every frame after {@code position} on disk even once storage applied it, for a reader that
     * lags behind storage (the upstream forwarder): segments go only when both are past them.
     */
    public synchronized void holdAfter(LongSupplier position) {
        this.heldAfter = position;
    }

    /** Releases what became releasable since the last {@link #release}: the holder moved on. */
    public synchronized void releaseHeld() {
        release(applied);
    }

    /** The last sequence number made durable by {@link #sync}: frames up to here are acknowledged. */
    public synchronized long syncedSeq() {
        return lastSynced;
    }

    /** The next frame's number and the records appended before it, taken together. */
    public record Mark(long nextSeq, long appendedRecords) {}

    /** Where the journal is now: no frame is appended between the two numbers. */
    public synchronized Mark mark() {
        return new Mark(nextSeq, appendedRecords.get());
    }

    /** Records appended since this journal was opened. */
    public long appendedRecords() {
        return appendedRecords.get();
    }

    /** Where the segments live, or null for {@link #none()}. */
    public Path directory() {
        return dir;
    }

    /** The segments on disk by first sequence number, for a {@link JournalReader}. */
    synchronized java.util.NavigableMap<Long, Path> segmentsByFirstSeq() {
        return new TreeMap<>(segments);
    }

    /**
     * Deletes segments whose frames storage has applied, up to and including {@code applied}, except
     * what a {@link #holdAfter holder} still needs.
     */
    public synchronized void release(long appliedNow) {
        if (dir == null) return;
        applied = Math.max(applied, appliedNow);
        long applied = Math.min(this.applied, heldAfter.getAsLong());
        boolean allApplied = applied >= nextSeq - 1;
        if (allApplied && current != null && currentBytes >= Math.min(RECYCLE_BYTES, segmentBytes)) {
            closeCurrent();
        }
        List<Long> firsts = new ArrayList<>(segments.keySet());
        for (int i = 0; i < firsts.size(); i++) {
            Path p = segments.get(firsts.get(i));
            boolean isCurrent = current != null && i == firsts.size() - 1;
            long lastInIt = i + 1 < firsts.size() ? firsts.get(i + 1) - 1 : nextSeq - 1;
            if (isCurrent || lastInIt > applied) continue;
            try {
                Files.deleteIfExists(p);
                segments.remove(firsts.get(i));
            } catch (IOException e) {
                log.warn("cannot delete applied journal segment {}", p, e);
            }
        }
    }

    private void closeCurrent() {
        try {
            current.close();
        } catch (IOException e) {
            log.debug("closing journal segment failed", e);
        }
        current = null;
        currentBytes = 0;
    }

    /**
     * Keeps a frame storage keeps refusing in {@code <seq>.failed} (same frame format), so it is not
     * deleted with its segment and can be looked at or replayed by hand.
     */
    public synchronized void quarantine(long seq, List<Span> spans, List<MetricPoint> points) {
        if (dir == null) return;
        JournalCodec.Out o = new JournalCodec.Out();
        JournalCodec.writeRecords(o, spans, points);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + HEADER + o.length());
        b.put(MAGIC).putInt(o.length()).putInt(0).putLong(seq).put(o.array(), 0, o.length());
        CRC32C c = new CRC32C();
        c.update(b.array(), MAGIC.length + 8, 8 + o.length());
        b.putInt(MAGIC.length + 4, (int) c.getValue());
        try {
            Files.write(dir.resolve(String.format("%020d.failed", seq)), b.array());
        } catch (IOException e) {
            log.error("cannot set aside journal frame {}", seq, e);
        }
    }

    /** Segment files on disk (for tests and upkeep). */
    synchronized Map<Long, Path> segments() {
        return Map.copyOf(segments);
    }

    @Override
    public synchronized void close() {
        if (current != null) closeCurrent();
    }
}
