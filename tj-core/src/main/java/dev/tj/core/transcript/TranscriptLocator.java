package dev.tj.core.transcript;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a Claude Code session's transcript, {@code <root>/<project>/<session_id>.jsonl}. A session id
 * is untrusted input: only plain id characters are accepted, so it can never name a path outside
 * the root.
 */
public final class TranscriptLocator {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private final Path root;

    public TranscriptLocator(Path root) { this.root = root; }

    public Path root() { return root; }

    public static boolean isSafeSessionId(String id) { return id != null && SAFE_ID.matcher(id).matches(); }

    public Optional<Path> find(String sessionId) {
        if (root == null || !isSafeSessionId(sessionId) || !Files.isDirectory(root)) return Optional.empty();
        String file = sessionId + ".jsonl";
        List<Path> hits = new ArrayList<>();
        try (DirectoryStream<Path> projects = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path p : projects) {
                Path candidate = p.resolve(file);
                if (Files.isRegularFile(candidate) && candidate.normalize().startsWith(root.normalize())) {
                    hits.add(candidate);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (hits.isEmpty()) return Optional.empty();
        Collections.sort(hits);
        return Optional.of(hits.get(0));
    }

    /** When the transcript was last written, if it exists. */
    public Optional<Instant> lastModified(String sessionId) {
        return find(sessionId).flatMap(p -> {
            try {
                return Optional.of(Files.getLastModifiedTime(p).toInstant());
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }
}
