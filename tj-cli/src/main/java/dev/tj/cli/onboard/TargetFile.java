package dev.tj.cli.onboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A file onboarding may write, as found: its bytes (null when absent), the real file a symlink
 * points at (writes go through the link to it, the link stays), and why it cannot be written.
 *
 * @param path    the path the user knows (e.g. ~/.claude/settings.json)
 * @param real    where the bytes live: {@code path}, or the target of a symlink
 * @param bytes   the content, null when the file does not exist
 * @param problem why tj leaves this file alone (read-only, a dangling link, a directory…), or null
 * @param note    something the user should know (the symlink written through), or null
 */
public record TargetFile(Path path, Path real, byte[] bytes, String problem, String note) {

    public static TargetFile inspect(Path path) {
        try {
            Path real = path;
            String note = null;
            if (Files.isSymbolicLink(path)) {
                if (!Files.exists(path))
                    return new TargetFile(
                            path,
                            path,
                            null,
                            "it is a symlink to " + Files.readSymbolicLink(path)
                                    + ", which does not exist; tj does not replace a link with a file."
                                    + " Create the target or remove the link, then run again.",
                            null);
                real = path.toRealPath();
                note = "it is a symlink: tj writes through it to " + real + " and leaves the link as it is.";
            }
            if (Files.exists(real, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(real))
                return new TargetFile(path, real, null, "it is not a regular file.", note);
            if (!Files.exists(real)) {
                Path dir = real.toAbsolutePath().getParent();
                Path existing = dir;
                while (existing != null && !Files.exists(existing)) existing = existing.getParent();
                if (existing != null && !writable(existing))
                    return new TargetFile(path, real, null, existing + " is read-only.", note);
                return new TargetFile(path, real, null, null, note);
            }
            byte[] bytes = Files.readAllBytes(real);
            if (!writable(real))
                return new TargetFile(
                        path,
                        real,
                        bytes,
                        "it is read-only; tj leaves it as it is (make it writable, e.g. chmod u+w, to let tj"
                                + " onboard it).",
                        note);
            if (!writable(real.toAbsolutePath().getParent()))
                return new TargetFile(path, real, bytes, "its directory " + real.getParent() + " is read-only.", note);
            return new TargetFile(path, real, bytes, null, note);
        } catch (IOException e) {
            return new TargetFile(path, path, null, "cannot read it: " + e.getMessage(), null);
        }
    }

    public boolean exists() {
        return bytes != null;
    }

    public String text() {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Writable for its owner: the permission bits, not access(2), which says yes to root for a
     * file whose owner took the write bit away on purpose.
     */
    static boolean writable(Path p) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.OWNER_WRITE) && Files.isWritable(p);
        } catch (UnsupportedOperationException e) {
            return Files.isWritable(p);
        }
    }
}
