package dev.tj.core.drilldown;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class TranscriptSearch {
    private final List<Path> claudeRoots;
    private final List<Path> codexRoots;
    /** Codex rollout names are not derivable from the id: an index, rebuilt when an id is not in it. */
    private volatile Map<String, Path> codexIndex = Map.of();

    public TranscriptSearch(List<Path> claudeRoots, List<Path> codexRoots) {
        this.claudeRoots = normalize(claudeRoots);
        this.codexRoots = normalize(codexRoots);
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
