package dev.tj.storage.duckdb;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.WriteBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Whole-backend figures, not a unit test: seeds a DuckDB file through {@link DuckDbStorage#commit}
 * the way the BatchWriter does (existingSpanIds, fold into sessions, commit), then times the
 * status-page queries.
 *
 * <pre>
 * mvn -q -B -o -pl tj-storage-duckdb dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp tj-storage-duckdb/target/test-classes:tj-storage-duckdb/target/classes:$(cat /tmp/cp.txt) \
 *      dev.tj.storage.duckdb.DuckDbBench /tmp/bench.duckdb 5000000 10000 20000
 * </pre>
 * Arguments: file, spans, spans per commit, sessions. 400 sessions are live at any time; spans
 * arrive in time order over 30 days, 40% LLM calls, 40% tool calls, 20% other.
 *
 * <p>Measured on a shared 2-core box (load ~3 from other work), 5M spans / 20k sessions, 10k per
 * commit: commit() 86k spans/s (median 85 ms per commit), commit + existingSpanIds 62k spans/s;
 * status set (live + archived(300) + cost today + minute buckets + last seen) median 15 ms, p95 17 ms.
 * 2k per commit: 64k / 45k spans/s; 20k per commit: 120k / 93k spans/s (2M spans).
 */
public final class DuckDbBench {
    private static final Instant NOW = Instant.parse("2025-06-30T18:00:00Z");
    private static final String[] AGENTS = {
        "claude-code",
        "claude-code",
        "claude-code",
        "claude-code",
        "claude-code",
        "claude-code",
        "claude-code",
        "codex",
        "codex",
        "sdk-research"
    };
    private static final String[] TOOLS = {"Bash", "Read", "Edit", "Grep", "Write", "WebFetch"};
    private static final String[] MODELS = {"claude-sonnet-4-5", "claude-opus-4-1", "gpt-5-codex", "claude-haiku-4-5"};

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/tj-bench.duckdb");
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 5_000_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int sessions = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        boolean reuse = args.length > 4 && args[4].equals("reuse");
        if (!reuse) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(Path.of(file + ".wal"));
        }
        System.out.printf(
                Locale.ROOT,
                "file=%s spans=%,d batch=%,d sessions=%,d cores=%d%n",
                file,
                total,
                batch,
                sessions,
                Runtime.getRuntime().availableProcessors());
        try (DuckDbStorage storage = DuckDbStorage.open(file)) {
            if (!reuse) seed(storage, total, batch, sessions);
            queries(storage, sessions);
        }
        System.out.printf(Locale.ROOT, "file size after close: %.1f MB%n", Files.size(file) / 1e6);
    }

    private static void seed(DuckDbStorage storage, int total, int batch, int sessions) {
        dev.tj.core.storage.IngestStore writer = storage.ingestStore();
        SessionAccumulator acc = new SessionAccumulator(a -> PlanTier.MAX_20X, a -> null);
        Map<String, Session> live = new HashMap<>();
        int perSession = Math.max(1, total / sessions);
        int concurrent = 400;
        long stepNanos = Duration.ofDays(30).toNanos() / total;
        Instant base = NOW.minus(Duration.ofDays(30));
        SplittableRandom rnd = new SplittableRandom(42);
        long commitNanos = 0, checkNanos = 0, windowStart = System.nanoTime();
        long[] checkMs = new long[(total + batch - 1) / batch];
        long[] commitMs = new long[checkMs.length];
        int b = 0;
        long t0 = System.nanoTime();
        for (int start = 0; start < total; start += batch, b++) {
            int end = Math.min(total, start + batch);
            List<Span> spans = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                int group = i / (concurrent * perSession);
                int sessionNo = group * concurrent + (i % concurrent);
                spans.add(span(rnd, i, sessionNo, base.plusNanos(stepNanos * i)));
            }
            long c0 = System.nanoTime();
            storage.index().existingSpanIds(spans.stream().map(Span::spanId).toList());
            long c1 = System.nanoTime();
            Map<String, Session> touched = new LinkedHashMap<>();
            for (Span s : spans) {
                Session cur = touched.getOrDefault(s.sessionId(), live.get(s.sessionId()));
                touched.put(s.sessionId(), cur == null ? acc.start(s) : acc.add(cur, s));
            }
            long c2 = System.nanoTime();
            writer.commit(new WriteBatch(spans, List.of(), List.copyOf(touched.values())));
            long c3 = System.nanoTime();
            live.putAll(touched);
            if (live.size() > 2 * concurrent) live.keySet().removeIf(id -> !touched.containsKey(id));
            checkNanos += c1 - c0;
            commitNanos += c3 - c2;
            checkMs[b] = (c1 - c0) / 1_000_000;
            commitMs[b] = (c3 - c2) / 1_000_000;
            if (end % 1_000_000 == 0 || end == total) {
                long now = System.nanoTime();
                System.out.printf(
                        Locale.ROOT,
                        "  %,10d spans  last-window wall %,8.0f spans/s  (commit %,6.0f ms, "
                                + "existingSpanIds median %d ms per %,d)%n",
                        end,
                        1_000_000 / ((now - windowStart) / 1e9),
                        commitNanos / 1e6,
                        median(Arrays.copyOfRange(checkMs, Math.max(0, b - 50), b + 1)),
                        batch);
                windowStart = now;
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "seeded %,d spans in %.1f s wall: commit() alone %,.0f spans/s "
                        + "(median commit %d ms per %,d), existingSpanIds %,.0f ms total, commit+check %,.0f spans/s%n",
                total,
                wall,
                total / (commitNanos / 1e9),
                median(commitMs),
                batch,
                checkNanos / 1e6,
                total / ((commitNanos + checkNanos) / 1e9));
        writer.checkpoint();
    }

    static Span span(SplittableRandom rnd, int i, int sessionNo, Instant start) {
        String agent = AGENTS[sessionNo % AGENTS.length];
        String sessionId = String.format("%08x-5e55-4a00-8000-%012x", sessionNo * 2654435761L & 0xffffffffL, sessionNo);
        int kind = rnd.nextInt(10);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("session.id", sessionId);
        attrs.put("terminal.type", "vscode");
        attrs.put("user.account_uuid", "acc-1234");
        attrs.put("prompt.id", "p-" + (i / 7));
        attrs.put("event.sequence", (long) i);
        Span.Builder b = Span.builder()
                .spanId(String.format("%016x%016x", rnd.nextLong(), i))
                .traceId("t-" + sessionId)
                .sessionId(sessionId)
                .agentId(agent)
                .startTime(start)
                .resource(new ResourceIdentity("proj-" + sessionNo % 13, "term-" + sessionNo % 97, null, null));
        double ms = 50 + rnd.nextInt(4_000);
        b.timing(start, ms);
        if (kind < 4) {
            String model = MODELS[rnd.nextInt(MODELS.length)];
            Usage u = new Usage(rnd.nextInt(5_000), rnd.nextInt(2_000), rnd.nextInt(80_000), rnd.nextInt(3_000), 0);
            attrs.put("model", model);
            attrs.put("input_tokens", u.input());
            attrs.put("output_tokens", u.output());
            b.name("gen_ai.llm.call")
                    .kind(SpanKind.CLIENT)
                    .provider("anthropic")
                    .model(model)
                    .usage(u)
                    .costUsd(u.input() * 3e-6 + u.output() * 15e-6 + u.cacheRead() * 3e-7)
                    .reportedCostUsd(0.01)
                    .billingAccount("anthropic")
                    .requestType("messages");
        } else if (kind < 8) {
            String tool = TOOLS[rnd.nextInt(TOOLS.length)];
            attrs.put("tool_name", tool);
            attrs.put("success", rnd.nextInt(20) != 0);
            b.name("gen_ai.tool.call").toolName(tool).status(rnd.nextInt(20) == 0 ? SpanStatus.ERROR : SpanStatus.OK);
        } else {
            attrs.put("event.name", "user_prompt");
            attrs.put("prompt_length", (long) rnd.nextInt(2_000));
            b.name("agent.event");
        }
        return b.attributes(attrs).build();
    }

    private static void queries(DuckDbStorage storage, int sessions) {
        System.out.printf(
                Locale.ROOT,
                "stored: %,d spans, %,d sessions, agents %s%n",
                storage.sessions().spanCount(),
                storage.sessions()
                        .sessions(dev.tj.core.storage.SessionStatusFilter.ALL)
                        .size(),
                storage.status().agentIds());
        Instant cutoff = NOW.minus(Duration.ofMinutes(240));
        Instant dayStart = NOW.atZone(ZoneOffset.UTC)
                .toLocalDate()
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        Instant window = NOW.minus(Duration.ofMinutes(24));
        List<String> agents = storage.status().agentIds();
        List<String> sdk = agents.stream()
                .filter(a -> !a.startsWith("claude-code") && !a.startsWith("codex"))
                .toList();
        Map<String, Supplier<Object>> qs = new LinkedHashMap<>();
        qs.put("liveSessions", () -> storage.status().liveSessions(cutoff, null));
        qs.put("archivedSessions(300)", () -> storage.status().archivedSessions(cutoff, null, 300));
        qs.put("spanCostByAgentSince(today)", () -> storage.status().spanCostByAgentSince(dayStart));
        qs.put("minuteBuckets(24 min)", () -> storage.status().minuteBuckets(agents, window));
        qs.put("lastSeen", () -> storage.status().lastSeen(agents));
        Supplier<Object> status = () -> {
            qs.values().forEach(Supplier::get);
            return null;
        };
        for (int i = 0; i < 5; i++) status.get(); // warm-up
        for (Map.Entry<String, Supplier<Object>> e : qs.entrySet()) time(e.getKey(), 50, e.getValue());
        time("STATUS SET (all five above)", 50, status);
        System.out.printf(
                Locale.ROOT,
                "  (live=%d archived=%d today-agents=%d buckets=%d sdk=%s)%n",
                storage.status().liveSessions(cutoff, null).size(),
                storage.status().archivedSessions(cutoff, null, 300).size(),
                storage.status().spanCostByAgentSince(dayStart).size(),
                storage.status().minuteBuckets(agents, window).size(),
                sdk);
        time("agentIds", 20, () -> storage.status().agentIds());
        time("spanCount", 20, () -> storage.sessions().spanCount());
        time("planTierMix", 20, () -> storage.status().planTierMix(null));
        String someSession = storage.status().liveSessions(cutoff, null).get(0).sessionId();
        time("spans(one live session)", 20, () -> storage.sessions().spans(someSession));
        time("session(id)", 20, () -> storage.sessions().session(someSession));
        time(
                "cost(DAY, 30 days)",
                10,
                () -> storage.costs()
                        .cost(new CostQuery(
                                NOW.minus(Duration.ofDays(30)), null, CostGroup.DAY, null, ZoneOffset.UTC)));
        time(
                "cost(PROJECT, all)",
                10,
                () -> storage.costs().cost(new CostQuery(null, null, CostGroup.PROJECT, null, ZoneOffset.UTC)));
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) fresh.add("fresh-" + i);
        time("existingSpanIds(10k new ids)", 10, () -> storage.index().existingSpanIds(fresh));
        List<String> stored =
                storage.sessions().spans(someSession).stream().map(Span::spanId).toList();
        time(
                "existingSpanIds(" + stored.size() + " stored ids)",
                10,
                () -> storage.index().existingSpanIds(stored));
    }

    private static void time(String what, int runs, Supplier<?> q) {
        long[] us = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            q.get();
            us[i] = (System.nanoTime() - t0) / 1_000;
        }
        Arrays.sort(us);
        System.out.printf(
                Locale.ROOT,
                "  %-36s median %7.2f ms  p95 %7.2f ms  (n=%d)%n",
                what,
                us[runs / 2] / 1e3,
                us[(int) Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)] / 1e3,
                runs);
    }

    private static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c.length == 0 ? 0 : c[c.length / 2];
    }
}
