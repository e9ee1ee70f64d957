package dev.tj.core.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Walks history roots for transcript files (no symlink loops; unreadable folders skipped). A root
 * may itself be a symbolic link (a dotfiles checkout, a synced folder); links under it are not
 * followed.
 */
public final class FileLister {
    private FileLister() {}

    public static List<HistoryFile> list(List<Path> roots, Predicate<String> nameFilter) {
        Map<Path, HistoryFile> out = new LinkedHashMap<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) continue;
            List<Path> entries;
            try (Stream<Path> s = Files.list(root)) {
                entries = s.toList();
            } catch (IOException | UncheckedIOException e) {
                continue; // an unreadable root lists nothing
            }
            // Each entry of a root (a project's folder) is walked on its own, in parallel and kept in
            // the root's order: a history of ten thousand files is ten thousand stat calls, the only
            // wait before reading can start.
            for (List<HistoryFile> part :
                    entries.parallelStream().map(e -> walk(e, nameFilter)).toList())
                for (HistoryFile f : part) out.putIfAbsent(f.path(), f);
        }
        return new ArrayList<>(out.values());
    }

    private static List<HistoryFile> walk(Path start, Predicate<String> nameFilter) {
        List<HistoryFile> found = new ArrayList<>();
        try {
            Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), 31, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                    if (a.isRegularFile() && nameFilter.test(file.getFileName().toString()))
                        found.add(new HistoryFile(
                                file, a.size(), a.lastModifiedTime().toMillis()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // an unreadable folder lists nothing
        }
        return found;
    }

    public static List<HistoryFile> claudeCode(List<Path> roots) {
        return list(roots, n -> n.endsWith(".jsonl"));
    }

    public static List<HistoryFile> codex(List<Path> roots) {
        return list(roots, n -> n.startsWith("rollout-") && n.endsWith(".jsonl"));
    }
}
