package dev.tj.cli.onboard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The repository name in {@code claude-code-<repo>}: the last segment of the git origin URL
 * (without {@code .git}), else the directory's name; lower-cased, and every byte outside
 * {@code a-z0-9._-} made a {@code -}, exactly as the {@code claude} shell function does it with tr.
 */
final class RepoName {
    private RepoName() {}

    static String of(Path dir) {
        String name = origin(dir);
        if (name != null) {
            while (name.endsWith("/")) name = name.substring(0, name.length() - 1);
            name = name.substring(name.lastIndexOf('/') + 1);
            name = name.substring(name.lastIndexOf(':') + 1);
            if (name.endsWith(".git")) name = name.substring(0, name.length() - 4);
        } else {
            name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
            boolean keep = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
            out.write(keep ? c : '-');
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String origin(Path dir) {
        try {
            Process p = new ProcessBuilder("git", "remote", "get-url", "origin")
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 && !out.isEmpty() ? out : null;
        } catch (Exception e) {
            return null;
        }
    }
}
