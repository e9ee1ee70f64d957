package dev.tj.storage.duckdb;

import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import dev.tj.core.storage.WriteBatch;
import dev.tj.storage.tests.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process for the kill -9 test: commits one batch, says so on stdout, then waits on stdin
 * until the parent kills it. It never closes or checkpoints, so the data lives only in the WAL.
 */
public final class KillTarget {
    public static void main(String[] args) throws Exception {
        DuckDbStorage storage = DuckDbStorage.open(Path.of(args[0]));
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            spans.add(Fixtures.span("k-" + i, "s-kill", "agent-k", Fixtures.T0.plusMillis(i))
                    .costUsd(0.5)
                    .build());
        }
        storage.ingestStore()
                .commit(new WriteBatch(
                        spans,
                        List.of(),
                        List.of(Fixtures.session("s-kill").agent("agent-k").build()),
                        List.of(new SourceFile("/k.jsonl", 7, Fixtures.T0, 7))));
        System.out.println("COMMITTED");
        System.out.flush();
        System.in.read(); // blocks until killed
        storage.close();
    }
}
