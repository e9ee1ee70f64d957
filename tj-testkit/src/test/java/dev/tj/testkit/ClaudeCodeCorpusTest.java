package dev.tj.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's ground truth against an independent oracle that reads the files with full Jackson trees. */
class ClaudeCodeCorpusTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void groundTruthEqualsWhatTheFilesSay() throws Exception {
        for (int seed : new int[] {1, 2}) {
            Path projects = tmp.resolve("s" + seed).resolve("projects");
            ClaudeCodeTruth truth = ClaudeCodeCorpus.write(projects, 8 << 20, seed);
            Oracle o = Oracle.read(projects);
            assertThat(o.byDay).isEqualTo(truth.byDay());
            assertThat(o.byModel).isEqualTo(truth.byModel());
            assertThat(o.bySession).isEqualTo(truth.bySession());
            assertThat(o.bySubagent).isEqualTo(truth.bySubagent());
            assertThat(o.total).isEqualTo(truth.total());
            assertThat(o.files).isEqualTo(truth.files());
            assertThat(o.lines).isEqualTo(truth.lines());
            assertThat(o.malformed).isEqualTo(truth.malformedLines());
            assertThat(o.bytes).isEqualTo(truth.bytes());

            // the expected.json beside it says the same, under the keys the tests and bench/history.sh read
            JsonNode e = JSON.readTree(ClaudeCodeCorpus.expectedJson(projects).toFile());
            assertThat(e.path("total").path("messages").asLong())
                    .isEqualTo(truth.total().messages());
            assertThat(e.path("total").path("cache_creation_input_tokens").asLong())
                    .isEqualTo(truth.total().cacheWrite());
            assertThat(e.path("by_session").size()).isEqualTo(truth.bySession().size());
            assertThat(e.path("malformed_lines").asLong()).isEqualTo(truth.malformedLines());

            // what it promises to contain
            assertThat(truth.resumedSessions()).isPositive();
            assertThat(o.copiedResponses).isPositive();
            assertThat(truth.subagentFiles())
                    .isPositive()
                    .isEqualTo(o.subagentFiles)
                    .isEqualTo(o.metaFiles);
            assertThat(truth.snapshotRecords()).isPositive();
            assertThat(truth.total().cacheWrite1h())
                    .isPositive()
                    .isLessThan(truth.total().cacheWrite());
            assertThat(truth.malformedLines()).isPositive();
            assertThat(truth.byModel()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(truth.byDay()).hasSizeGreaterThanOrEqualTo(10);
            assertThat(o.projectDirs).isGreaterThanOrEqualTo(3);
            assertThat(o.types)
                    .contains(
                            "api-request-blob",
                            "summary",
                            "system",
                            "progress",
                            "file-history-snapshot",
                            "queue-operation",
                            "cost-state");
            assertThat(o.synthetic).isPositive();
        }
    }

    @Test
    void theSameSeedWritesTheSameBytesWhateverTheThreadCount() throws Exception {
        var one = ClaudeCodeCorpus.Options.of(3 << 20, 42);
        ClaudeCodeTruth a = ClaudeCodeCorpus.write(
                tmp.resolve("a/projects"),
                new ClaudeCodeCorpus.Options(one.targetBytes(), 42, one.startMillis(), one.days(), 1));
        ClaudeCodeTruth b = ClaudeCodeCorpus.write(
                tmp.resolve("b/projects"),
                new ClaudeCodeCorpus.Options(one.targetBytes(), 42, one.startMillis(), one.days(), 4));
        assertThat(b).isEqualTo(a);
        assertThat(digest(tmp.resolve("b/projects"))).isEqualTo(digest(tmp.resolve("a/projects")));
        ClaudeCodeTruth c = ClaudeCodeCorpus.write(tmp.resolve("c/projects"), 3 << 20, 43);
        assertThat(c.total()).isNotEqualTo(a.total());
    }

    @Test
    void mainWritesTheCorpusAndItsExpectedJson() throws Exception {
        ClaudeCodeCorpus.main(
                new String[] {"--out", tmp.resolve("m/projects").toString(), "--size-mib", "1", "--seed", "5"});
        assertThat(tmp.resolve("m/expected.json")).isRegularFile();
        assertThat(JSON.readTree(tmp.resolve("m/expected.json").toFile())
                        .path("total")
                        .path("messages")
                        .asLong())
                .isPositive();
    }

    static Map<String, String> digest(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> w = Files.walk(root)) {
            for (Path p : w.filter(Files::isRegularFile).toList()) {
                out.put(
                        root.relativize(p).toString(),
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    /** Counts each message.id once: last snapshot in its file, first file (by first timestamp) wins. */
    static final class Oracle {
        final Map<String, ClaudeCodeTruth.Tokens> byDay = new TreeMap<>(),
                byModel = new TreeMap<>(),
                bySession = new TreeMap<>(),
                bySubagent = new TreeMap<>();
        ClaudeCodeTruth.Tokens total = ClaudeCodeTruth.Tokens.ZERO;
        long files, lines, malformed, bytes, subagentFiles, metaFiles, copiedResponses, synthetic, projectDirs;
        final Set<String> types = new HashSet<>();

        record Snap(String day, String model, String session, String sub, ClaudeCodeTruth.Tokens t) {}

        record FileRead(Path path, long firstTs, Map<String, Snap> calls) {}

        static Oracle read(Path projects) throws IOException {
            Oracle o = new Oracle();
            List<FileRead> reads = new ArrayList<>();
            try (Stream<Path> w = Files.walk(projects)) {
                for (Path p : w.filter(Files::isRegularFile).sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".meta.json")) {
                        o.metaFiles++;
                        assertThat(JSON.readTree(p.toFile()).path("toolUseId").asText())
                                .startsWith("toolu_");
                        continue;
                    }
                    if (p.getParent().getFileName().toString().equals("subagents")) o.subagentFiles++;
                    reads.add(o.readFile(p));
                }
            }
            try (Stream<Path> l = Files.list(projects)) {
                o.projectDirs = l.filter(Files::isDirectory).count();
            }
            reads.sort(Comparator.comparingLong(FileRead::firstTs)
                    .thenComparing(f -> f.path().toString()));
            Set<String> seen = new HashSet<>();
            for (FileRead f : reads) {
                for (var e : f.calls().entrySet()) {
                    if (!seen.add(e.getKey())) {
                        o.copiedResponses++;
                        continue;
                    }
                    Snap s = e.getValue();
                    o.total = o.total.plus(s.t());
                    o.byDay.merge(s.day(), s.t(), ClaudeCodeTruth.Tokens::plus);
                    o.byModel.merge(s.model(), s.t(), ClaudeCodeTruth.Tokens::plus);
                    o.bySession.merge(s.session(), s.t(), ClaudeCodeTruth.Tokens::plus);
                    if (s.sub() != null)
                        o.bySubagent.merge(s.session() + "/" + s.sub(), s.t(), ClaudeCodeTruth.Tokens::plus);
                }
            }
            return o;
        }

        FileRead readFile(Path p) throws IOException {
            files++;
            byte[] all = Files.readAllBytes(p);
            bytes += all.length;
            long firstTs = Long.MAX_VALUE;
            Map<String, Snap> calls = new LinkedHashMap<>();
            for (String line : new String(all, StandardCharsets.UTF_8).split("\n")) {
                lines++;
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    malformed++;
                    continue;
                }
                types.add(n.path("type").asText());
                if (firstTs == Long.MAX_VALUE && n.path("timestamp").isTextual()) {
                    firstTs = Instant.parse(n.path("timestamp").asText()).toEpochMilli();
                }
                JsonNode m = n.path("message");
                if (!"assistant".equals(n.path("type").asText()) || !m.has("usage")) continue;
                if ("<synthetic>".equals(m.path("model").asText())) {
                    synthetic++;
                    continue;
                }
                JsonNode u = m.path("usage");
                long w1 = u.path("cache_creation")
                        .path("ephemeral_1h_input_tokens")
                        .asLong();
                assertThat(u.path("cache_creation")
                                        .path("ephemeral_5m_input_tokens")
                                        .asLong()
                                + w1)
                        .isEqualTo(u.path("cache_creation_input_tokens").asLong());
                String sub =
                        n.path("isSidechain").asBoolean() ? n.path("agentId").asText() : null;
                calls.put(
                        m.path("id").asText(),
                        new Snap(
                                n.path("timestamp").asText().substring(0, 10),
                                m.path("model").asText(),
                                n.path("sessionId").asText(),
                                sub,
                                new ClaudeCodeTruth.Tokens(
                                        u.path("input_tokens").asLong(),
                                        u.path("output_tokens").asLong(),
                                        u.path("cache_read_input_tokens").asLong(),
                                        u.path("cache_creation_input_tokens").asLong(),
                                        w1,
                                        1)));
            }
            return new FileRead(p, firstTs, calls);
        }
    }
}
