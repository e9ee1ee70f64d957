package dev.tj.bench.ingest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that POSTs pre-built bodies and reads each answer whole
 * (Content-Length or chunked). The load generator shares two cores with the server it measures:
 * {@code java.net.http.HttpClient} took about 1 ms of CPU per request there (0.4 of a core at
 * 11,000 records/s), which the server then lacked. Blocking writes and reads on a plain socket cost
 * a few microseconds. Not thread-safe: one per sending thread.
 */
final class PlainHttp implements Closeable {
    private final String host;
    private final int port;
    private final byte[] head;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    /** A connection for POSTs of {@code contentType} to {@code url} with an optional bearer token. */
    PlainHttp(String url, String secret, String contentType) {
        URI u = URI.create(url);
        this.host = u.getHost();
        this.port = u.getPort() < 0 ? 80 : u.getPort();
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        StringBuilder h = new StringBuilder()
                .append("POST ")
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append(':')
                .append(port)
                .append("\r\nContent-Type: ")
                .append(contentType)
                .append("\r\n");
        if (!secret.isEmpty()) h.append("Authorization: Bearer ").append(secret).append("\r\n");
        h.append("Content-Length: ");
        this.head = h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends the body and returns the answer's status code; reconnects once if the server had closed. */
    int post(byte[] body) throws IOException {
        boolean fresh = socket == null;
        try {
            return exchange(body);
        } catch (IOException e) {
            close();
            if (fresh) throw e;
            return exchange(body);
        }
    }

    private int exchange(byte[] body) throws IOException {
        if (socket == null) connect();
        out.write(head);
        out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false, close = false;
        for (String l; !(l = line()).isEmpty(); ) {
            String lower = l.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:"))
                length = Long.parseLong(lower.substring(15).trim());
            else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            else if (lower.startsWith("connection:") && lower.contains("close")) close = true;
        }
        if (chunked) {
            for (long n; (n = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                skip(n);
                line();
            }
            while (!line().isEmpty()) {} // trailers
        } else if (length > 0) {
            skip(length);
        } else if (length < 0 && code != 204 && code != 304) {
            close = true; // body up to the end of the stream: the connection cannot be reused
        }
        if (close) close();
        return code;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 5_000);
        s.setSoTimeout(30_000);
        socket = s;
        out = s.getOutputStream();
        in = new BufferedInputStream(s.getInputStream(), 8192);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new EOFException("connection closed mid-answer");
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                if (in.read() < 0) throw new EOFException("connection closed mid-body");
                k = 1;
            }
            n -= k;
        }
    }

    @Override
    public void close() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) {
            // going away anyway
        }
        socket = null;
    }
}
