package dev.tj.storage.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.span.Span;
import dev.tj.core.storage.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints belong to idle moments, not to a commit someone is waiting on. */
class IdleCheckpointTest {
    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    static long walSize(Path db) throws Exception {
        Path wal = Path.of(db + ".wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    @Test
    void idleFoldsAGrownLogIntoTheDatabaseAndLeavesASmallOneAlone() throws Exception {
        Path db = dir.resolve("t.duckdb");
        try (DuckDbStorage s = DuckDbStorage.open(db)) {
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                spans.add(Span.builder()
                        .spanId("s" + i)
                        .traceId("t")
                        .sessionId("x")
                        .agentId("a")
                        .name("gen_ai.llm.call")
                        .startTime(T0.plusMillis(i))
                        .build());
            }
            DuckDbWriter w = (DuckDbWriter) s.ingestStore();
            w.commit(new WriteBatch(spans, List.of(), List.of()));
            long grown = walSize(db);
            assertThat(grown).as("a commit lands in the write-ahead log first").isPositive();

            w.idleCheckpointBytes = grown + 1;
            w.idle();
            assertThat(walSize(db)).as("below the threshold nothing happens").isEqualTo(grown);

            w.idleCheckpointBytes = 0;
            w.idle();
            assertThat(walSize(db)).as("an idle writer checkpoints").isLessThan(grown);
            assertThat(s.sessions().spanCount()).isEqualTo(2_000);
        }
    }

    @TempDir
    Path dir;
}
