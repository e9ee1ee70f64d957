package dev.tj.core.drilldown;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a session's transcript under the configured roots, and nowhere else. Claude Code: every
 * project folder of every root is tried, {@code <root>/<any project>/<id>.jsonl} (the folder name
 * is not always derivable from the cwd; the first folder in name order wins). Codex: a rollout
 * {@code <root>/YYYY/MM/DD/rollout-<time>-<id>.jsonl}. The id is checked by {@link SessionIds} before
 * any path is built, and the file found must still lie under its root once links are resolved.
 *
 * <p>{@link #find} (the drill-in) always answers what is on disk now. {@link #lastModified} (the
 * Status page's lifecycle, asked for every session on every refresh, most of them without a
 * transcript) answers from an index of both roots rebuilt at most every {@link #INDEX_TTL}.
 */
public final class TranscriptSearch {
    static final Duration INDEX_TTL = Duration.ofSeconds(5);

    private final List<Path> claudeRoots;
    private final List<Path> codexRoots;
    private final Clock clock;
    /** Codex rollout names are not derivable from the id: an index, rebuilt when an id is not in it. */
    private volatile Map<String, Path> codexIndex = Map.of();
    /** Both agents' transcripts by id, for {@link #lastModified}. */
    private volatile Map<String, Path> index = Map.of();

    private volatile Instant indexedAt = Instant.EPOCH;

    public TranscriptSearch(List<Path> claudeRoots, List<Path> codexRoots) {
        this(claudeRoots, codexRoots, Clock.systemUTC());
    }

    public TranscriptSearch(List<Path> claudeRoots, List<Path> codexRoots, Clock clock) {
        this.claudeRoots = normalize(claudeRoots);
        this.codexRoots = normalize(codexRoots);
        this.clock = clock;
    }

    /** The configured roots: Claude Code's projects folder and Codex's sessions folder, each optional. */
    public static TranscriptSearch of(Path claudeProjectsRoot, Path codexSessionsRoot, Clock clock) {
        List<Path> claude = new ArrayList<>(), codex = new ArrayList<>();
        if (claudeProjectsRoot != null) claude.add(claudeProjectsRoot);
        if (codexSessionsRoot != null) codex.add(codexSessionsRoot);
        return new TranscriptSearch(claude, codex, clock);
    }

    /** When the session's transcript was last written, if the index (at most {@link #INDEX_TTL} old) knows it. */
    public Optional<Instant> lastModified(String sessionId) {
        if (!SessionIds.isSafe(sessionId)) return Optional.empty();
        Instant now = clock.instant();
        if (Duration.between(indexedAt, now).compareTo(INDEX_TTL) > 0) {
            Map<String, Path> codex = indexCodex();
            codexIndex = codex; // find() gets the fresh rollouts too
            Map<String, Path> all = new HashMap<>(codex);
            all.putAll(indexClaude()); // an id in both: Claude Code's, as find() answers
            index = all;
            indexedAt = now;
        }
        Path p = index.get(sessionId);
        if (p == null) return Optional.empty();
        try {
            return Optional.of(Files.getLastModifiedTime(p).toInstant());
        } catch (IOException e) {
            return Optional.empty(); // gone since it was indexed
        }
    }

    public List<Path> claudeRoots() {
        return claudeRoots;
    }

    public List<Path> codexRoots() {
        return codexRoots;
    }

    public Optional<Transcript> find(String sessionId) {
        if (!SessionIds.isSafe(sessionId)) return Optional.empty();
        Optional<Transcript> claude = findClaude(sessionId);
        return claude.isPresent() ? claude : findCodex(sessionId);
    }

    private Optional<Transcript> findClaude(String id) {
        String name = id + ".jsonl";
        for (Path root : claudeRoots) {
            if (!Files.isDirectory(root)) continue;
            List<Path> projects = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, Files::isDirectory)) {
                ds.forEach(projects::add);
            } catch (IOException e) {
                continue;
            }
            projects.sort(null);
            for (Path project : projects) {
                Path f = project.resolve(name);
                if (Files.isRegularFile(f) && inside(root, f))
                    return Optional.of(new Transcript(Transcript.Kind.CLAUDE_CODE, id, f));
            }
        }
        return Optional.empty();
    }

    private Optional<Transcript> findCodex(String id) {
        Path p = codexIndex.get(id);
        if (p == null || !Files.isRegularFile(p)) {
            codexIndex = indexCodex();
            p = codexIndex.get(id);
        }
        return p == null ? Optional.empty() : Optional.of(new Transcript(Transcript.Kind.CODEX, id, p));
    }

    /** {@code <root>/<project>/<id>.jsonl} of every root; the first project in name order wins. */
    private Map<String, Path> indexClaude() {
        Map<String, Path> out = new HashMap<>();
        for (Path root : claudeRoots) {
            if (!Files.isDirectory(root)) continue;
            try (DirectoryStream<Path> projects = Files.newDirectoryStream(root, Files::isDirectory)) {
                for (Path project : projects) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(project, "*.jsonl")) {
                        for (Path f : files) {
                            String name = f.getFileName().toString();
                            String id = name.substring(0, name.length() - ".jsonl".length());
                            if (SessionIds.isSafe(id)) out.merge(id, f, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                        }
                    } catch (IOException e) {
                        // an unreadable project folder hides only its own transcripts
                    }
                }
            } catch (IOException e) {
                // an unreadable root hides only its own transcripts
            }
        }
        return out;
    }

    private Map<String, Path> indexCodex() {
        Map<String, Path> out = new HashMap<>();
        for (Path root : codexRoots) {
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> s = Files.find(
                    root,
                    4,
                    (f, a) -> a.isRegularFile() && f.getFileName().toString().startsWith("rollout-"))) {
                s.sorted().forEach(f -> {
                    String id = codexId(f.getFileName().toString());
                    if (id != null && inside(root, f)) out.putIfAbsent(id, f);
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                // an unreadable root hides only its own rollouts
            }
        }
        return out;
    }

    /** {@code rollout-2026-11-30T10-00-00-<uuid>.jsonl} → the uuid, else null. */
    static String codexId(String fileName) {
        if (!fileName.endsWith(".jsonl")) return null;
        String stem = fileName.substring(0, fileName.length() - 6);
        if (stem.length() < 36) return null;
        String id = stem.substring(stem.length() - 36);
        return id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}") ? id : null;
    }

    /** True when {@code f}, links resolved, is under {@code root}, links resolved. */
    static boolean inside(Path root, Path f) {
        try {
            return f.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> normalize(List<Path> roots) {
        List<Path> out = new ArrayList<>();
        if (roots != null)
            for (Path p : roots) if (p != null) out.add(p.toAbsolutePath().normalize());
        return List.copyOf(out);
    }
}
