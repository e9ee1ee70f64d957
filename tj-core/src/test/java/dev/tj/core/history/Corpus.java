package dev.tj.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Generates a Claude Code corpus with shared/tools/gen-cc-corpus.py at test time (never committed). */
public final class Corpus {
    private Corpus() {}

    /** shared/tools/gen-cc-corpus.py, found beside the repository (or TJ_SHARED). */
    public static Path generator() {
        String env = System.getenv("TJ_SHARED");
        if (env != null && Files.isRegularFile(Path.of(env, "tools", "gen-cc-corpus.py"))) return Path.of(env, "tools", "gen-cc-corpus.py");
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path g = p.resolve("shared").resolve("tools").resolve("gen-cc-corpus.py");
            if (Files.isRegularFile(g)) return g;
        }
        throw new IllegalStateException("shared/tools/gen-cc-corpus.py not found beside the repository (set TJ_SHARED)");
    }

    public static Path shared() { return generator().getParent().getParent(); }

    /** Generates {@code dir/projects} and {@code dir/expected.json}; returns the projects dir. */
    public static Path generate(Path dir, int sizeMib, int seed) throws IOException, InterruptedException {
        Path projects = dir.resolve("projects");
        Process p = new ProcessBuilder("python3", generator().toString(), "--out", projects.toString(),
                "--size-mib", Integer.toString(sizeMib), "--seed", Integer.toString(seed))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("generator failed: " + out);
        return projects;
    }

    public static JsonNode expected(Path projects) throws IOException {
        return new ObjectMapper().readTree(projects.resolveSibling("expected.json").toFile());
    }

    /** A by_* table of expected.json as key -> [input, output, cache_read, cache_write, messages]. */
    public static Map<String, List<Long>> table(JsonNode expected, String name) {
        Map<String, List<Long>> m = new TreeMap<>();
        expected.get(name).fields().forEachRemaining(e -> m.put(e.getKey(), row(e.getValue())));
        return m;
    }

    public static List<Long> row(JsonNode v) {
        return List.of(v.get("input_tokens").asLong(), v.get("output_tokens").asLong(),
                v.get("cache_read_input_tokens").asLong(), v.get("cache_creation_input_tokens").asLong(),
                v.get("messages").asLong());
    }
}
