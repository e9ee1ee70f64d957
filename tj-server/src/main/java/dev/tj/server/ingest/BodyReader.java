package dev.tj.server.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body with hard caps: on the wire bytes (whatever Content-Length says, and for
 * chunked bodies while streaming) and on the gunzipped bytes, so a gzip bomb stops at the cap
 * instead of filling the heap.
 */
final class BodyReader {
    private BodyReader() {}

    /** The body, or its decompressed form, is larger than allowed. */
    static final class TooLarge extends Exception {
        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /** The Content-Encoding is one we cannot decode. */
    static final class UnsupportedEncoding extends Exception {
        UnsupportedEncoding(String message) {
            super(message, null, false, false);
        }
    }

    /** The gzip stream is corrupt. */
    static final class BadEncoding extends Exception {
        BadEncoding(String message) {
            super(message, null, false, false);
        }
    }

    record Body(byte[] bytes, long wireBytes) {}

    static Body read(InputStream in, long contentLength, String contentEncoding, long max)
            throws IOException, TooLarge, UnsupportedEncoding, BadEncoding {
        String encoding =
                contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        if (!encoding.equals("identity")
                && !encoding.equals("gzip")
                && !encoding.equals("x-gzip")
                && !encoding.isEmpty()) {
            throw new UnsupportedEncoding("Unsupported Content-Encoding '" + contentEncoding + "' (use gzip or none)");
        }
        if (contentLength > max) {
            throw new TooLarge("Request body of " + contentLength + " bytes exceeds the limit of " + max + " bytes");
        }
        byte[] wire = readCapped(in, max, contentLength, "Request body exceeds the limit of " + max + " bytes");
        if (!encoding.startsWith("gzip") && !encoding.equals("x-gzip")) return new Body(wire, wire.length);
        try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(wire), 8192)) {
            byte[] plain = readCapped(gz, max, -1, "Decompressed request body exceeds the limit of " + max + " bytes");
            return new Body(plain, wire.length);
        } catch (ZipException | EOFException e) {
            throw new BadEncoding("Invalid gzip body: " + e.getMessage());
        }
    }

    private static byte[] readCapped(InputStream in, long max, long expected, String tooLarge)
            throws IOException, TooLarge {
        if (expected > 0 && expected <= max) {
            // the usual case: the length is announced, so read into one array of that size, no copies
            byte[] body = new byte[(int) expected];
            int read = in.readNBytes(body, 0, body.length);
            if (read < expected) throw new EOFException("body ended after " + read + " of " + expected + " bytes");
            if (in.read() != -1) throw new TooLarge(tooLarge); // more than announced: never trust the header
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[16384];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total > max) throw new TooLarge(tooLarge);
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
