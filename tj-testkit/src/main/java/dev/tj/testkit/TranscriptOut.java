package dev.tj.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One generated transcript file being written: lines are built in a buffer and counted as they end. */
final class TranscriptOut implements AutoCloseable {
    final StringBuilder sb = new StringBuilder(1 << 17);
    private final OutputStream os;
    private final ClaudeCodeTotals totals;

    TranscriptOut(Path path, ClaudeCodeTotals totals) {
        try {
            Files.createDirectories(path.getParent());
            this.os = Files.newOutputStream(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.totals = totals;
        totals.files++;
    }

    /** The line built since the last call ends here. */
    void endLine() {
        sb.append('\n');
        totals.lines++;
        if (sb.length() >= 1 << 17) flush();
    }

    private void flush() {
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        try {
            os.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        totals.bytes += b.length;
        sb.setLength(0);
    }

    @Override
    public void close() {
        flush();
        try {
            os.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
