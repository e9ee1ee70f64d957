package dev.tj.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tj blocks} over generated corpora against the generator's own truth: every block holds
 * exactly the tokens and calls of the UTC hours it covers ({@code by_hour}), blocks never overlap, and
 * together they hold every call once.
 */
class HistoryBlocksTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void blocksAddUpToTheHoursTheyCoverAndToTheWhole(int seed) throws Exception {
        Path projects = Corpus.generate(tmp, 8, seed);
        JsonNode expected = Corpus.expected(projects);
        Map<String, List<Long>> byHour = Corpus.table(expected, "by_hour");
        Map<String, Object> report =
                HistoryBlocks.report(List.of(projects), null, false, null, Instant.parse("2100-01-01T00:00:00Z"), 2);
        JsonNode blocks = new ObjectMapper().valueToTree(report).get("blocks");
        assertThat(blocks.size()).isGreaterThan(1);

        long[] sum = new long[5];
        Instant previousEnd = Instant.MIN;
        int hoursCovered = 0;
        for (JsonNode b : blocks) {
            Instant start = Instant.parse(b.get("start_time").asText()),
                    end = Instant.parse(b.get("end_time").asText());
            assertThat(start).as("blocks in order, never overlapping").isAfterOrEqualTo(previousEnd);
            previousEnd = end;
            assertThat(b.get("is_active").asBoolean()).isFalse();
            if (b.get("is_gap").asBoolean()) {
                assertThat(b.get("entries").asLong()).isZero();
                continue;
            }
            assertThat(end).isEqualTo(start.plusSeconds(5 * 3600));
            long[] want = new long[5];
            for (Instant h = start; h.isBefore(end); h = h.plusSeconds(3600)) {
                List<Long> row = byHour.get(h.toString().substring(0, 13));
                if (row == null) continue;
                hoursCovered++;
                for (int i = 0; i < 5; i++) want[i] += row.get(i);
            }
            List<Long> got = List.of(
                    b.get("input_tokens").asLong(),
                    b.get("output_tokens").asLong(),
                    b.get("cache_read_tokens").asLong(),
                    b.get("cache_write_tokens").asLong(),
                    b.get("entries").asLong());
            assertThat(got).as("block %s", start).isEqualTo(List.of(want[0], want[1], want[2], want[3], want[4]));
            for (int i = 0; i < 5; i++) sum[i] += got.get(i);
            assertThat(b.get("total_tokens").asLong()).isEqualTo(want[0] + want[1] + want[2] + want[3]);
        }
        assertThat(hoursCovered).as("every hour with calls is in a block").isEqualTo(byHour.size());
        List<Long> total = Corpus.row(expected.get("total"));
        assertThat(List.of(sum[0], sum[1], sum[2], sum[3], sum[4])).isEqualTo(total);
        assertThat(((Number) report.get("calls")).longValue()).isEqualTo(total.get(4));
        List<String> ids = new ArrayList<>();
        for (JsonNode b : blocks) ids.add(b.get("id").asText());
        assertThat(ids).doesNotHaveDuplicates();
    }
}
