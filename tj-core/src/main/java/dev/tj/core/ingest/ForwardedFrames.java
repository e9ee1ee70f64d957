package dev.tj.core.ingest;

import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The body of a forward from one tj to its upstream: the journal frames' payloads as the sending
 * journal holds them ({@code TJF1}, a count, then each payload with its length), so the sender never
 * re-encodes what it stored and the receiver decodes each record once.
 */
public final class ForwardedFrames {
    public static final String CONTENT_TYPE = "application/x-tj-frames";
    private static final byte[] MAGIC = "TJF1".getBytes(StandardCharsets.US_ASCII);

    private ForwardedFrames() {}

    public static byte[] encode(List<JournalReader.Frame> frames) {
        int size = MAGIC.length + 4;
        for (JournalReader.Frame f : frames) size += 4 + f.payload().length;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(MAGIC).putInt(frames.size());
        for (JournalReader.Frame f : frames) b.putInt(f.payload().length).put(f.payload());
        return b.array();
    }

    /** @throws MalformedRequest when the body is not frames this tj can read */
    public static IngestBatch decode(byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(body);
        if (body.length < MAGIC.length + 4 || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
            throw new MalformedRequest("not a tj forward (" + CONTENT_TYPE + ", TJF1)");
        b.position(MAGIC.length);
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 4) throw new MalformedRequest("bad frame count " + n);
        List<Span> spans = new ArrayList<>();
        List<MetricPoint> points = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int len = b.getInt();
                if (len < 0 || len > b.remaining()) throw new MalformedRequest("frame " + i + ": bad length " + len);
                JournalCodec.Records r = JournalCodec.readRecords(b.slice(b.position(), len));
                b.position(b.position() + len);
                spans.addAll(r.spans());
                points.addAll(r.points());
            }
        } catch (MalformedRequest e) {
            throw e;
        } catch (RuntimeException e) { // the codec's own checks, underflows, absurd sizes: all garbage
            throw new MalformedRequest("a forwarded frame cannot be decoded: " + e.getMessage(), e);
        }
        if (b.hasRemaining()) throw new MalformedRequest(b.remaining() + " bytes after the last frame");
        return new IngestBatch(spans, points, List.of(), 0);
    }
}
