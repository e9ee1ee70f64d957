package dev.tj.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which process listens on a local TCP port, from Linux's /proc (empty elsewhere, or when the
 * process belongs to another user): so that {@code tj serve} can say who holds its port.
 */
final class PortHolder {
    private static final int LISTEN = 0x0A;

    private PortHolder() {}

    static Optional<Long> pid(int port) {
        Optional<String> inode = listeningInode(port);
        if (inode.isEmpty()) return Optional.empty();
        String link = "socket:[" + inode.get() + "]";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (Files.readSymbolicLink(fd).toString().equals(link))
                                return Optional.of(
                                        Long.parseLong(proc.getFileName().toString()));
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException e) {
                    // another user's process, or gone
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The inode of the socket listening on {@code port} (/proc/net/tcp and tcp6). */
    static Optional<String> listeningInode(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !f[1].endsWith(hexPort)) continue;
                    if (Integer.parseInt(f[3], 16) == LISTEN) return Optional.of(f[9]);
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or unreadable: unknown
            }
        }
        return Optional.empty();
    }
}
