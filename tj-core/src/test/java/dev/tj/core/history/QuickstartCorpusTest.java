package dev.tj.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.storage.CostRow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** In-process accounting: quickstart over generated corpora equals expected.json exactly. */
class QuickstartCorpusTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void totalsByDayModelSessionAndSubagentEqualGroundTruth(int seed) throws Exception {
        Path projects = Corpus.generate(tmp, 16, seed);
        JsonNode expected = Corpus.expected(projects);
        Quickstart.Result r = Quickstart.run(
                new Quickstart.Options(List.of(projects), null, "all", ZoneOffset.UTC, 2, 10),
                () -> null,
                null,
                Clock.systemUTC(),
                new Progress());

        Map<String, List<Long>> byDay = new TreeMap<>();
        for (CostRow row : r.daily().rows()) byDay.put(row.group(), tokens(row));
        assertThat(byDay).isEqualTo(withoutMessages(Corpus.table(expected, "by_day")));
        Map<String, List<Long>> byModel = new TreeMap<>();
        for (CostRow row : r.byModel().rows()) byModel.put(row.group(), tokens(row));
        assertThat(byModel).isEqualTo(withoutMessages(Corpus.table(expected, "by_model")));

        Map<String, List<Long>> bySession = new TreeMap<>();
        for (Quickstart.SessionTotals s : r.sessions()) bySession.put(s.sessionId(), Corpus.row(s.usage()));
        assertThat(bySession).isEqualTo(Corpus.table(expected, "by_session"));

        Map<String, List<Long>> bySub = new TreeMap<>();
        for (Quickstart.SubagentTotals s : r.subagents()) {
            bySub.put(s.sessionId() + "/" + s.subAgentId(), Corpus.row(s.usage()));
        }
        assertThat(bySub).isEqualTo(Corpus.table(expected, "by_subagent"));
        // every generated subagent file is linked to its parent's Task/Agent call
        assertThat(r.subagents())
                .allSatisfy(s -> assertThat(s.parentToolUseId()).startsWith("toolu_"));
        // the generator's truncated lines, and nothing else, are unparseable
        assertThat(r.stats().unparseableLines())
                .isEqualTo(expected.get("malformed_lines").asLong());
        assertThat(Corpus.row(expected.get("total"))).isEqualTo(Corpus.row(r.totals()));
    }

    static List<Long> tokens(CostRow r) {
        return List.of(r.inputTokens(), r.outputTokens(), r.cacheReadTokens(), r.cacheWriteTokens());
    }

    static Map<String, List<Long>> withoutMessages(Map<String, List<Long>> t) {
        Map<String, List<Long>> out = new TreeMap<>();
        t.forEach((k, v) -> out.put(k, v.subList(0, 4)));
        return out;
    }
}
