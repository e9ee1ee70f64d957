package dev.tj.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.testkit.ClaudeCodeCorpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Generates a Claude Code corpus with the project's generator ({@link ClaudeCodeCorpus}) at test time (never committed). */
public final class Corpus {
    private Corpus() {}

    /** Generates {@code dir/projects} and {@code dir/expected.json}; returns the projects dir. */
    public static Path generate(Path dir, int sizeMib, int seed) throws IOException {
        Path projects = dir.resolve("projects");
        ClaudeCodeCorpus.write(projects, (long) sizeMib << 20, seed);
        return projects;
    }

    public static JsonNode expected(Path projects) throws IOException {
        return new ObjectMapper()
                .readTree(projects.resolveSibling("expected.json").toFile());
    }

    /** A by_* table of expected.json as key -> [input, output, cache_read, cache_write, messages]. */
    public static Map<String, List<Long>> table(JsonNode expected, String name) {
        Map<String, List<Long>> m = new TreeMap<>();
        expected.get(name).fields().forEachRemaining(e -> m.put(e.getKey(), row(e.getValue())));
        return m;
    }

    /** Totals in the shape of {@link #row(JsonNode)}. */
    public static List<Long> row(UsageTotals t) {
        return List.of(t.input(), t.output(), t.cacheRead(), t.cacheWrite(), t.calls());
    }

    public static List<Long> row(JsonNode v) {
        return List.of(
                v.get("input_tokens").asLong(),
                v.get("output_tokens").asLong(),
                v.get("cache_read_input_tokens").asLong(),
                v.get("cache_creation_input_tokens").asLong(),
                v.get("messages").asLong());
    }
}
