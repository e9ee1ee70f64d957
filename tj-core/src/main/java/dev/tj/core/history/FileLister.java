package dev.tj.core.history;

import java.io.IOException;
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

/** Walks history roots for transcript files (no symlink loops; unreadable folders skipped). */
public final class FileLister {
    private FileLister() {}

    public static List<HistoryFile> list(List<Path> roots, Predicate<String> nameFilter) {
        Map<Path, HistoryFile> out = new LinkedHashMap<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) continue;
            try {
                Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), 32, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                        if (a.isRegularFile()
                                && nameFilter.test(file.getFileName().toString())) {
                            out.putIfAbsent(
                                    file,
                                    new HistoryFile(
                                            file, a.size(), a.lastModifiedTime().toMillis()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // an unreadable root lists nothing
            }
        }
        return new ArrayList<>(out.values());
    }

    public static List<HistoryFile> claudeCode(List<Path> roots) {
        return list(roots, n -> n.endsWith(".jsonl"));
    }

    public static List<HistoryFile> codex(List<Path> roots) {
        return list(roots, n -> n.startsWith("rollout-") && n.endsWith(".jsonl"));
    }
}
