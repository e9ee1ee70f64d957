package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * OTLP load in blocks for fault tests: block {@code k} is records {@code first .. first+BLOCK-1} of
 * session {@code k % sessions} (input_tokens = the record's number), sent to one node or to two.
 * Every block's outcome is kept: acknowledged (a 2xx from some node), refused (every node answered
 * 503, which stores nothing) or unanswered (the connection broke: it may or may not be stored).
 * {@link #verify} then holds the database and the nodes' answers to exactly that.
 */
final class BlockLoad implements AutoCloseable {
    static final int BLOCK = 20;
    static final ObjectMapper JSON = new ObjectMapper();

    enum Outcome {
        REFUSED,
        UNANSWERED,
        ACKED
    }

    private final String prefix;
    private final int sessions;
    private final int maxBlocks;
    private final Instant start = Instant.now().minusSeconds(7200);
    private final IntFunction<List<TjProcess.Daemon>> targets;
    private final Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<TjProcess.Daemon, String> secrets = new ConcurrentHashMap<>();
    final AtomicInteger acks = new AtomicInteger();
    final AtomicInteger refusals = new AtomicInteger();
    final AtomicInteger refusalsWithoutRetryAfter = new AtomicInteger();
    final AtomicInteger unanswered = new AtomicInteger();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();

    /**
     * @param targets the nodes block {@code k} goes to, one after the other (read at each block, so a
     *                test may re-route around a dead node)
     */
    BlockLoad(String prefix, int sessions, int maxBlocks, IntFunction<List<TjProcess.Daemon>> targets) {
        this.prefix = prefix;
        this.sessions = sessions;
        this.maxBlocks = maxBlocks;
        this.targets = targets;
    }

    String session(int s) {
        return prefix + s;
    }

    void start(int threadCount) {
        for (int t = 0; t < threadCount; t++) {
            Thread th = new Thread(this::run, "load-" + t);
            th.setDaemon(true);
            th.start();
            threads.add(th);
        }
    }

    private void run() {
        while (!stop.get()) {
            int k = next.getAndIncrement();
            if (k >= maxBlocks) return;
            Outcome outcome = null;
            for (TjProcess.Daemon node : targets.apply(k)) {
                Outcome o = send(node, k);
                if (outcome == null || o.compareTo(outcome) > 0) outcome = o;
            }
            outcomes.put(k, outcome);
            if (outcome != Outcome.ACKED) pause(); // as a client that was turned away would
        }
    }

    private void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
        }
    }

    private Outcome send(TjProcess.Daemon node, int k) {
        String body = CcLogs.apiRequests(session(k % sessions), "tty-" + (k % sessions), first(k), BLOCK, start);
        try {
            HttpResponse<String> r = node.post("/v1/logs", secret(node), body);
            if (r.statusCode() == 200) {
                acks.incrementAndGet();
                return Outcome.ACKED;
            }
            if (r.statusCode() == 503) {
                refusals.incrementAndGet();
                if (r.headers().firstValue("Retry-After").isEmpty()) refusalsWithoutRetryAfter.incrementAndGet();
                return Outcome.REFUSED;
            }
            unexpected.add(r.statusCode() + " " + r.body());
            return Outcome.UNANSWERED;
        } catch (IOException e) {
            // the node died or timed out under the request: it may have journaled it, or not
            unanswered.incrementAndGet();
            return Outcome.UNANSWERED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
            return Outcome.UNANSWERED;
        }
    }

    private String secret(TjProcess.Daemon node) {
        return secrets.computeIfAbsent(node, n -> {
            try {
                return n.secret();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private int first(int k) {
        return (k / sessions) * BLOCK + 1;
    }

    /** Waits (bounded) until {@code condition} holds, sleeping between looks; false if it never did. */
    static boolean await(long seconds, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    /** Stops the load and waits for every request in flight to end. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(90));
    }

    /** Blocks acknowledged so far. */
    long acked() {
        return outcomes.values().stream().filter(o -> o == Outcome.ACKED).count();
    }

    /** The records waiting for a node's writer (its /metrics gauge); -1 when it cannot be read. */
    static long backlog(TjProcess.Daemon node) {
        return metric(node, "tj_ingest_queue_records");
    }

    /** A sample without labels from a node's /metrics; -1 when it cannot be read. */
    static long metric(TjProcess.Daemon node, String name) {
        try {
            HttpResponse<String> r = node.get("/metrics");
            if (r.statusCode() != 200) return -1;
            for (String line : r.body().split("\n")) {
                if (line.startsWith(name + " "))
                    return (long)
                            Double.parseDouble(line.substring(name.length() + 1).trim());
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Holds the database ({@code jdbcUrl}) and every node's answers to the outcomes: each session's
     * stored records include every acknowledged block, whole, and no refused one; a block is stored
     * whole or not at all; no record is stored twice; and each node reports session totals that are
     * exactly the sums of the stored records.
     *
     * @return how many unanswered blocks turned out stored, and how many not
     */
    int[] verify(String jdbcUrl, List<TjProcess.Daemon> nodes) throws Exception {
        Map<String, List<Long>> stored = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement ps =
                        c.prepareStatement("SELECT session_id, input_tokens FROM spans WHERE session_id LIKE ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    stored.computeIfAbsent(rs.getString(1), x -> new ArrayList<>())
                            .add(rs.getLong(2));
            }
        }
        int unansweredStored = 0, unansweredMissing = 0;
        for (int s = 0; s < sessions; s++) {
            List<Long> rows = stored.getOrDefault(session(s), List.of());
            Set<Long> seqs = new TreeSet<>(rows);
            assertThat(rows).as("records of %s stored once each", session(s)).hasSize(seqs.size());
            Set<Long> sent = new TreeSet<>();
            for (Map.Entry<Integer, Outcome> e : outcomes.entrySet()) {
                int k = e.getKey();
                if (k % sessions != s) continue;
                List<Long> block = new ArrayList<>();
                for (int i = 0; i < BLOCK; i++) block.add((long) first(k) + i);
                sent.addAll(block);
                long in = block.stream().filter(seqs::contains).count();
                assertThat(in)
                        .as("block %d of %s is stored whole or not at all", k, session(s))
                        .isIn(0L, (long) BLOCK);
                switch (e.getValue()) {
                    case ACKED ->
                        assertThat(in)
                                .as("acknowledged block %d of %s", k, session(s))
                                .isEqualTo(BLOCK);
                    case REFUSED ->
                        assertThat(in)
                                .as("refused block %d of %s", k, session(s))
                                .isZero();
                    case UNANSWERED -> {
                        if (in > 0) unansweredStored++;
                        else unansweredMissing++;
                    }
                }
            }
            assertThat(sent)
                    .as("%s holds only records that were sent", session(s))
                    .containsAll(seqs);
            long sum = seqs.stream().mapToLong(Long::longValue).sum();
            for (TjProcess.Daemon node : nodes) {
                HttpResponse<String> r = node.get("/api/v1/sessions/" + session(s));
                if (seqs.isEmpty()) continue;
                assertThat(r.statusCode())
                        .as("%s on port %d", session(s), node.port)
                        .isEqualTo(200);
                JsonNode j = JSON.readTree(r.body()).path("session");
                assertThat(j.path("span_count").asLong())
                        .as("spans of %s read from port %d", session(s), node.port)
                        .isEqualTo(seqs.size());
                assertThat(j.path("input_tokens").asLong())
                        .as("input tokens of %s read from port %d", session(s), node.port)
                        .isEqualTo(sum);
            }
        }
        return new int[] {unansweredStored, unansweredMissing};
    }
}
