package dev.tj.server.ui;

import dev.tj.core.quota.QuotaSnapshot;
import dev.tj.core.quota.QuotaWindow;
import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.QuotaRow;
import dev.tj.core.storage.WriteBatch;
import dev.tj.storage.duckdb.DuckDbStorage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Quota benchmark (issue 12; not a test: run by bench/quota.sh). A DuckDB store with 30 days of
 * statusline snapshots every 5 seconds (518,400; the 5-hour window climbing to 85 % and resetting,
 * the weekly one to 95 %) and one LLM call every 20 seconds (129,600, in 30-minute sessions), then a
 * real daemon on it:
 * <ul>
 *   <li>{@code GET /api/v1/quota}: the current 5-hour window with its attribution (the page's default);</li>
 *   <li>{@code GET /api/v1/quota?window=seven_day}: the whole current week attributed;</li>
 *   <li>{@code GET /api/v1/sessions/{id}} of the newest session (it carries the 5-hour share now);</li>
 *   <li>one more snapshot stored (what each statusline refresh costs the store).</li>
 * </ul>
 * Args: [requests]. Prints p50 and p95 of each.
 */
public final class QuotaBench {
    static final Duration STEP = Duration.ofSeconds(5);
    static final int DAYS = 30;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("tj-quota-bench-");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = now.minus(Duration.ofDays(DAYS));
        long snaps = Duration.ofDays(DAYS).getSeconds() / STEP.getSeconds();
        long t0 = System.nanoTime();
        String newest = seed(dir.resolve("db"), start, snaps);
        System.out.printf(
                "seeded %,d snapshots and %,d calls in %.1f s%n", snaps, snaps / 4, (System.nanoTime() - t0) / 1e9);
        try (UiServer server = UiServer.start(dir)) {
            time(server, "GET /api/v1/quota (current 5-hour window)", "/api/v1/quota", n);
            time(
                    server,
                    "GET /api/v1/quota?window=seven_day (current week)",
                    "/api/v1/quota?window=seven_day",
                    Math.max(10, n / 4));
            var storage = server.daemon.context().storage();
            var quota = storage.quota();
            Instant later = Instant.now();
            part("latest(null)", n, () -> quota.latest(null));
            part("between(last hour)", n, () -> quota.between(later.minus(Duration.ofHours(1)), later, "ann"));
            part("between(5 hours)", n, () -> quota.between(later.minus(Duration.ofHours(5)), later, "ann"));
            part(
                    "finished(5 hours)",
                    n,
                    () -> storage.finishedCalls().finished(later.minus(Duration.ofHours(5)), later));
            part("between(7 days)", 20, () -> quota.between(later.minus(Duration.ofDays(7)), later, "ann"));
            part(
                    "finished(7 days)",
                    20,
                    () -> storage.finishedCalls().finished(later.minus(Duration.ofDays(7)), later));
            List<Double> adds = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                QuotaSnapshot s = new QuotaSnapshot(
                        Instant.now(),
                        newest,
                        "p-bench",
                        "claude-opus-4-7",
                        1.0,
                        40.0,
                        List.of(new QuotaWindow(QuotaWindow.FIVE_HOUR, 50, now.plus(Duration.ofHours(1)))),
                        null,
                        "bench",
                        "bench-user");
                long a = System.nanoTime();
                quota.add(s);
                adds.add((System.nanoTime() - a) / 1e6);
            }
            report("store one snapshot", adds);
        }
    }

    static void part(String label, int n, Runnable r) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n + 3; i++) {
            long a = System.nanoTime();
            r.run();
            if (i >= 3) ms.add((System.nanoTime() - a) / 1e6);
        }
        report("  " + label, ms);
    }

    static void time(UiServer server, String label, String path, int n) {
        List<Double> ms = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < n + 5; i++) {
            long a = System.nanoTime();
            HttpResponse<String> r = server.get(path);
            double took = (System.nanoTime() - a) / 1e6;
            if (r.statusCode() != 200) throw new IllegalStateException(path + " → " + r.statusCode() + " " + r.body());
            bytes = r.body().length();
            if (i >= 5) ms.add(took); // the first few warm the JIT
        }
        report(label + " [" + bytes + " bytes]", ms);
    }

    static void report(String label, List<Double> ms) {
        Collections.sort(ms);
        System.out.printf(
                "%-60s p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms  (n=%d)%n",
                label,
                ms.get(ms.size() / 2),
                ms.get((int) Math.ceil(ms.size() * 0.95) - 1),
                ms.get(ms.size() - 1),
                ms.size());
    }

    /** @return the newest session's id */
    static String seed(Path file, Instant start, long snaps) throws Exception {
        long startUs = QuotaRow.micros(start), stepUs = STEP.getSeconds() * 1_000_000L;
        long fiveUs = Duration.ofHours(5).toNanos() / 1000,
                weekUs = Duration.ofDays(7).toNanos() / 1000;
        String newest = null;
        try (DuckDbStorage db = DuckDbStorage.open(file)) {
            var writer = db.ingestStore();
            List<Span> batch = new ArrayList<>();
            for (long i = 0; i < snaps; i += 4) {
                Instant end = start.plusSeconds(i * STEP.getSeconds());
                String session = "s-" + (i / 360);
                newest = session;
                batch.add(Span.builder()
                        .spanId("c-" + i)
                        .traceId("t-" + session)
                        .sessionId(session)
                        .agentId("claude-code")
                        .name("gen_ai.llm.call")
                        .startTime(end.minusSeconds(3))
                        .endTime(end)
                        .model("claude-opus-4-7")
                        .conversationId("p-" + (i / 60))
                        .usage(new Usage(20 + i % 50, 300 + i % 700, 40_000 + i % 9_000, 1_000, 0))
                        .costUsd(0.01 + (i % 5) * 0.01)
                        .build());
                if (batch.size() == 10_000) {
                    writer.commit(new WriteBatch(batch, List.of(), List.of()));
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) writer.commit(new WriteBatch(batch, List.of(), List.of()));
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO quota_snapshots (" + String.join(", ", QuotaRow.COLUMNS) + ") "
                    + "SELECT " + startUs + " + i * " + stepUs + ", 'ann', 'laptop', 's-' || (i // 360), "
                    + "'p-' || (i // 60), 'claude-opus-4-7', 1.5, 40.0, "
                    + "round(((i * " + stepUs + ") % " + fiveUs + ") * 85.0 / " + fiveUs + ", 1), "
                    + startUs + " + (i * " + stepUs + " // " + fiveUs + " + 1) * " + fiveUs + ", "
                    + "round(((i * " + stepUs + ") % " + weekUs + ") * 95.0 / " + weekUs + ", 1), "
                    + startUs + " + (i * " + stepUs + " // " + weekUs + " + 1) * " + weekUs + ", "
                    + "NULL, NULL, NULL, NULL FROM range(" + snaps + ") t(i)");
        }
        return newest;
    }
}
