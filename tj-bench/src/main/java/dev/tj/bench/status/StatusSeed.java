package dev.tj.bench.status;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.Storage;
import dev.tj.core.storage.WriteBatch;
import dev.tj.storage.duckdb.DuckDbStorage;
import dev.tj.storage.postgres.PostgresStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeds a DuckDB file through the storage SPI for the /api/v1/status benchmark: by default 20,000
 * sessions and 5,000,000 spans spread over 60 days, the newest 300 sessions live, plus SDK agents.
 * Coding sessions carry subagent spans and every fifth one belongs to a run (with a spawn parent),
 * so the same file serves the session drill-in and runs benchmarks.
 *
 * <pre>java -cp tj-bench.jar dev.tj.bench.status.StatusSeed DB [sessions] [spans]</pre>
 *
 * DB is a DuckDB file, or a {@code postgresql://} URL for the same seed in a shared database.
 */
public final class StatusSeed {
    public static void main(String[] args) throws java.io.IOException {
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        long spans = args.length > 2 ? Long.parseLong(args[2]) : 5_000_000L;
        int perSession = (int) (spans / sessions);
        Random r = new Random(7);
        Instant now = Instant.now();
        SessionAccumulator acc = new SessionAccumulator(a -> PlanTier.MAX_5X, a -> null);
        long t0 = System.nanoTime();
        long written = 0;
        try (Storage storage = open(args[0])) {
            dev.tj.core.storage.IngestStore writer = storage.ingestStore();
            List<Span> batch = new ArrayList<>();
            Map<String, Session> touched = new HashMap<>();
            for (int s = 0; s < sessions; s++) {
                // oldest first, so spans arrive in time order as they would live
                Instant start = now.minus(Duration.ofMinutes((long) (sessions - s) * 60L * 24 * 60 / sessions))
                        .minus(Duration.ofMinutes(perSession / 2));
                boolean sdk = s % 10 == 0;
                String agent = sdk ? "sdk-agent-" + (s % 40) : "claude-code-repo" + (s % 12);
                String sessionId = String.format("seed-%08d", s);
                // every fifth coding session belongs to a run of up to ten, spawned by the one before it
                boolean inRun = !sdk && s % 5 == 1;
                String run = inRun ? "run-" + (s / 50) : null;
                String parent = inRun && s % 50 != 1 ? String.format("seed-%08d", s - 5) : null;
                ResourceIdentity res =
                        new ResourceIdentity(sdk ? null : "proj" + (s % 7), "tty" + (s % 30), run, parent);
                Session session = null;
                Instant t = start;
                for (int i = 0; i < perSession; i++) {
                    t = t.plusMillis(500 + r.nextInt(4000));
                    boolean llm = i % 2 == 0;
                    // coding sessions run a subagent for 6 of every 20 spans, as backfill records them
                    String sub = !sdk && i % 20 >= 14 ? "sub" + s + "-" + (i / 100) : null;
                    Span.Builder b = Span.builder()
                            .spanId(String.format("%08x%08x", s, i))
                            .subAgentId(sub)
                            .traceId(sessionId)
                            .sessionId(sessionId)
                            .agentId(agent)
                            .kind(llm ? SpanKind.CLIENT : SpanKind.INTERNAL)
                            .status(r.nextInt(50) == 0 ? SpanStatus.ERROR : SpanStatus.OK)
                            .resource(res)
                            .timing(t, 200.0 + r.nextInt(5000));
                    if (llm) {
                        b.name(SpanNames.LLM_CALL)
                                .provider("anthropic")
                                .billingAccount("anthropic")
                                .model(sub != null && i % 40 >= 34 ? "claude-opus-4-5" : "claude-sonnet-4-5-20250929")
                                .usage(new Usage(
                                        r.nextInt(50),
                                        100 + r.nextInt(2000),
                                        10_000 + r.nextInt(100_000),
                                        r.nextInt(4000),
                                        0))
                                .costUsd(r.nextDouble() / 20)
                                .attributes(Map.of("speed", "normal", "event.sequence", i));
                    } else {
                        b.name(SpanNames.TOOL_CALL).toolName("Edit").attributes(Map.of("event.sequence", i));
                    }
                    Span span = b.build();
                    batch.add(span);
                    session = session == null ? acc.start(span) : acc.add(session, span);
                }
                touched.put(sessionId, session);
                if (batch.size() >= 50_000) {
                    writer.commit(new WriteBatch(batch, List.of(), List.copyOf(touched.values())));
                    written += batch.size();
                    batch = new ArrayList<>();
                    touched.clear();
                }
            }
            writer.commit(new WriteBatch(batch, List.of(), List.copyOf(touched.values())));
            written += batch.size();
            writer.checkpoint();
        }
        System.out.printf(
                "seeded %d sessions, %d spans in %.1f s%n", sessions, written, (System.nanoTime() - t0) / 1e9);
    }

    private static Storage open(String target) throws java.io.IOException {
        if (target.startsWith("postgresql://") || target.startsWith("jdbc:postgresql:")) {
            return PostgresStorage.open(target, Files.createTempDirectory("tj-seed-node"));
        }
        return DuckDbStorage.open(Path.of(target));
    }
}
