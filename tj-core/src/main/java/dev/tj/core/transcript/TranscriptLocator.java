package dev.tj.core.transcript;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a Claude Code session's transcript, {@code <root>/<project>/<session_id>.jsonl}. A session id
 * is untrusted input: only plain id characters are accepted, so it can never name a path outside
 * the root. The directory listing is cached briefly because the status page asks for many
 * sessions on every refresh.
 */
public final class TranscriptLocator {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    private static final Duration INDEX_TTL = Duration.ofSeconds(5);

    private final Path root;
    private final Clock clock;
    private volatile Map<String, Path> index = Map.of();
    private volatile Instant indexedAt = Instant.EPOCH;

    public TranscriptLocator(Path root) {
        this(root, Clock.systemUTC());
    }

    public TranscriptLocator(Path root, Clock clock) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
        this.clock = clock;
    }

    public Path root() {
        return root;
    }

    public static boolean isSafeSessionId(String id) {
        return id != null && SAFE_ID.matcher(id).matches();
    }

    public Optional<Path> find(String sessionId) {
        if (root == null || !isSafeSessionId(sessionId)) return Optional.empty();
        Instant now = clock.instant();
        if (Duration.between(indexedAt, now).compareTo(INDEX_TTL) > 0) {
            index = scan();
            indexedAt = now;
        }
        Path p = index.get(sessionId);
        return p != null && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
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

    private Map<String, Path> scan() {
        Map<String, Path> found = new HashMap<>();
        if (!Files.isDirectory(root)) return found;
        try (DirectoryStream<Path> projects = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path project : projects) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(project, "*.jsonl")) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        String id = name.substring(0, name.length() - ".jsonl".length());
                        // first project in sorted order wins, as in TokenJam
                        found.merge(id, f, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                    }
                } catch (IOException e) {
                    // an unreadable project folder hides only its own transcripts
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }
}
