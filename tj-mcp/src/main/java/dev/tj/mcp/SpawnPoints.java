package dev.tj.mcp;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a project starts agent workers: lines that run {@code claude} or {@code codex} from a shell
 * script, or hand them to a process API in a script or launcher. A heuristic for a person to review,
 * bounded so that a big tree answers quickly: at most {@link #MAX_FILES} files read and
 * {@link #MAX_HITS} hits, vendor and VCS folders skipped, harness-like paths first.
 */
final class SpawnPoints {
    static final int MAX_FILES = 600;
    static final int MAX_HITS = 40;
    static final int MAX_TEXT = 160;
    private static final long MAX_FILE_BYTES = 1 << 20;

    private static final Set<String> SHELL = Set.of(".sh", ".bash", ".zsh");
    private static final Set<String> CODE = Set.of(".py", ".ts", ".js", ".mjs", ".java");
    private static final Set<String> SKIPPED = Set.of(
            ".git",
            ".hg",
            ".svn",
            "node_modules",
            "vendor",
            ".venv",
            "venv",
            "__pycache__",
            "dist",
            "build",
            "target",
            ".tox",
            ".mypy_cache",
            ".gradle",
            ".idea",
            ".tj");
    private static final List<String> HARNESS_WORDS = List.of(
            "harness",
            "spawn",
            "launch",
            "worker",
            "govern",
            "loop",
            "orchestr",
            "fanout",
            "fan-out",
            "dispatch",
            "swarm",
            "agents");

    /** `claude`/`codex` as the command of a shell line (start, or after ; & | ( $( or a prefix like exec/nohup). */
    private static final Pattern SHELL_CALL = Pattern.compile(
            "(^|[;&|(`]|\\$\\(|\\b(exec|nohup|timeout \\S+|xargs|env( \\S+=\\S+)*)\\s)\\s*(claude|codex)(\\s|$)");
    /** A process API on the line. */
    private static final Pattern PROCESS_API = Pattern.compile(
            "subprocess\\.|Popen|os\\.system|os\\.exec|create_subprocess_exec|child_process|\\bspawn(Sync)?\\(|\\bexecFile|\\bexeca\\(|\\bexec(Sync)?\\(|Bun\\.spawn|Deno\\.Command|ProcessBuilder|Runtime\\.getRuntime");
    /** The agent CLI named as a program: a quoted word, or at the start of a quoted command line. */
    private static final Pattern AGENT_WORD = Pattern.compile("[\"'`](claude|codex)([\"'`]|\\s)");
    /** An argv list that starts with the agent CLI: {@code ["claude", "-p", task]}. */
    private static final Pattern ARGV = Pattern.compile("[\\[(]\\s*[\"'](claude|codex)[\"']\\s*,");

    record Hit(String file, int line, String text) {}

    private SpawnPoints() {}

    static List<Hit> scan(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && SKIPPED.contains(dir.getFileName().toString()))
                    return FileVisitResult.SKIP_SUBTREE;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && attrs.size() <= MAX_FILE_BYTES && kind(file) != null) files.add(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // unreadable: skip it
            }
        });
        files.sort(Comparator.comparing((Path f) -> !harnessLike(root.relativize(f)))
                .thenComparing(f -> root.relativize(f).toString()));
        List<Hit> hits = new ArrayList<>();
        int read = 0;
        for (Path f : files) {
            if (read++ == MAX_FILES || hits.size() >= MAX_HITS) break;
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (MalformedInputException e) {
                continue; // not text
            } catch (IOException e) {
                continue;
            }
            boolean shell = SHELL.contains(kind(f));
            for (int i = 0; i < lines.size() && hits.size() < MAX_HITS; i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("#") || line.startsWith("//")) continue;
                if (isSpawn(line, shell)) {
                    String text = line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) : line;
                    hits.add(new Hit(root.relativize(f).toString(), i + 1, text));
                }
            }
        }
        return hits;
    }

    static boolean isSpawn(String line, boolean shell) {
        if (shell && SHELL_CALL.matcher(line).find()) return true;
        if (ARGV.matcher(line).find()) return true;
        return PROCESS_API.matcher(line).find() && AGENT_WORD.matcher(line).find()
                || shell && AGENT_WORD.matcher(line).find() && line.contains("$(");
    }

    private static String kind(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        if (dot < 0) return null;
        String ext = n.substring(dot);
        return SHELL.contains(ext) || CODE.contains(ext) ? ext : null;
    }

    private static boolean harnessLike(Path rel) {
        String p = rel.toString().toLowerCase(Locale.ROOT);
        return HARNESS_WORDS.stream().anyMatch(p::contains);
    }
}
