package dev.tj.bench.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Load generator for tj's OTLP/HTTP protobuf receiver, run as its own process.
 *
 * <pre>
 * max throughput (closed loop):  --url U --secret S --seconds 20 --concurrency 16 [--shape worst|realistic]
 * fixed rate (open loop):        --url U --secret S --seconds 20 --rate 5000 [--warmup-seconds 2]
 * </pre>
 * Two shapes of traffic:
 * <ul>
 *   <li>{@code worst} (the default): every request of {@code --batch} (100) records is a new session,
 *       so every request brings a session the writer has never seen;</li>
 *   <li>{@code realistic}: {@code --sessions} (1,000) sessions run at once, each sending its records
 *       over time in requests of 5 to 50 records, interleaved with the other sessions' requests.</li>
 * </ul>
 * Latency in open-loop mode is measured from each request's scheduled send time, so a stalled
 * server cannot hide its queueing delay (no coordinated omission). Bodies are built before the
 * clock starts so the generator spends its CPU on sending.
 */
public final class IngestLoad {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        String url = a.getOrDefault("url", "http://127.0.0.1:7391") + "/v1/logs";
        String secret = a.getOrDefault("secret", "");
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "20"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "100"));
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "16"));
        int rate = Integer.parseInt(a.getOrDefault("rate", "0"));
        String tag = a.getOrDefault("tag", "bench" + System.nanoTime());
        int warmup = Integer.parseInt(a.getOrDefault("warmup-seconds", "2"));
        int bodies = Integer.parseInt(a.getOrDefault(
                "bodies", Integer.toString(rate > 0 ? rate * seconds / batch + 10 : 60_000 * seconds / batch)));

        ClaudeCodeLogs gen = new ClaudeCodeLogs(42, tag);
        long liveStart = System.currentTimeMillis() * 1_000_000L;
        long start = liveStart - TimeUnit.MINUTES.toNanos(60);
        String shape = a.getOrDefault("shape", "worst");
        List<byte[]> payloads = new ArrayList<>(bodies);
        List<Integer> sizes = new ArrayList<>(bodies);
        if (shape.equals("realistic") && rate == 0) {
            int sessions = Integer.parseInt(a.getOrDefault("sessions", "1000"));
            realistic(gen, sessions, (long) bodies * batch, start, payloads, sizes);
        } else if (rate > 0) {
            // live traffic at a fixed rate: each request's records start when it is due to be sent
            // (after the warm-up), as an agent's events do, not an hour ago
            for (int i = 0; i < bodies; i++) {
                payloads.add(gen.request(i, batch, liveStart + due(i, batch, rate) + TimeUnit.SECONDS.toNanos(warmup))
                        .toByteArray());
                sizes.add(batch);
            }
        } else if (shape.equals("worst")) {
            // sessions start one after another, as live traffic does, so timestamps move forward
            for (int i = 0; i < bodies; i++) {
                payloads.add(gen.request(i, batch, start + i * TimeUnit.MILLISECONDS.toNanos(150))
                        .toByteArray());
                sizes.add(batch);
            }
        } else {
            throw new IllegalArgumentException("--shape is worst or realistic");
        }
        bodies = payloads.size();
        System.err.printf(
                "prepared %d bodies (%s shape) of %d records (%.1f MB)%n",
                bodies,
                shape,
                sizes.stream().mapToLong(Integer::longValue).sum(),
                payloads.stream().mapToLong(b -> b.length).sum() / 1e6);

        if (rate > 0 && warmup > 0) {
            // The generator's own start (connections opened, its JIT) is not tj's latency: a short
            // run at the same rate, on bodies of its own and not counted, goes first.
            ClaudeCodeLogs warm = new ClaudeCodeLogs(7, tag + "-warmup");
            List<byte[]> warmBodies = new ArrayList<>();
            for (int i = 0; i < rate * warmup / batch; i++) {
                warmBodies.add(
                        warm.request(i, batch, liveStart + due(i, batch, rate)).toByteArray());
            }
            openLoop(url, secret, warmBodies, batch, rate, warmup, null);
        }
        Result r = rate > 0
                ? openLoop(url, secret, payloads, batch, rate, seconds, System.getProperty("tj.bench.trace"))
                : closedLoop(url, secret, payloads, sizes, concurrency, seconds, shape);
        System.out.println(r.json());
        System.exit(0);
    }

    /** When the i-th request of a fixed-rate run is due, in nanoseconds after the run starts. */
    static long due(int i, int batch, int rate) {
        return TimeUnit.SECONDS.toNanos(1) * i * batch / rate;
    }

    record Result(
            String mode,
            long okRecords,
            long requests,
            long refused,
            long errors,
            double seconds,
            double[] latenciesMs) {
        String json() {
            double[] l = latenciesMs.clone();
            Arrays.sort(l);
            return String.format(
                    java.util.Locale.ROOT,
                    "{\"mode\":\"%s\",\"records_ok\":%d,\"requests\":%d,\"refused_503\":%d,\"errors\":%d,\"seconds\":%.3f,"
                            + "\"records_per_s\":%.0f,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f}",
                    mode,
                    okRecords,
                    requests,
                    refused,
                    errors,
                    seconds,
                    okRecords / seconds,
                    pct(l, 50),
                    pct(l, 95),
                    pct(l, 99),
                    l.length == 0 ? 0 : l[l.length - 1]);
        }

        static double pct(double[] sorted, double p) {
            if (sorted.length == 0) return 0;
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }

    /**
     * Requests of 5 to 50 records from {@code sessions} concurrent sessions, in a random interleaving,
     * until {@code records} are prepared. Each session keeps its own sequence and timeline (records
     * evenly spread over the last hour, so none is in the future).
     */
    static void realistic(
            ClaudeCodeLogs gen, int sessions, long records, long start, List<byte[]> payloads, List<Integer> sizes) {
        java.util.Random random = new java.util.Random(43);
        int[] next = new int[sessions];
        long perSession = records / sessions + 50;
        long step = Math.max(
                TimeUnit.MILLISECONDS.toNanos(1),
                Math.min(TimeUnit.MILLISECONDS.toNanos(600), TimeUnit.MINUTES.toNanos(55) / perSession));
        long prepared = 0;
        while (prepared < records) {
            int s = random.nextInt(sessions);
            int n = 5 + random.nextInt(46);
            // sessions start a little apart, as terminals do
            long sessionStart = start + s * TimeUnit.MILLISECONDS.toNanos(50) % TimeUnit.MINUTES.toNanos(1);
            payloads.add(gen.request(s, next[s], n, sessionStart, step).toByteArray());
            sizes.add(n);
            next[s] += n;
            prepared += n;
        }
    }

    static Result closedLoop(
            String url,
            String secret,
            List<byte[]> payloads,
            List<Integer> sizes,
            int concurrency,
            int seconds,
            String shape)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Counts counts = new Counts();
        long t0 = System.nanoTime(), deadline = t0 + TimeUnit.SECONDS.toNanos(seconds);
        senders(concurrency, url, secret, http -> {
                    while (System.nanoTime() < deadline) {
                        int i = next.getAndIncrement();
                        if (i >= payloads.size()) break;
                        long s = System.nanoTime();
                        counts.send(http, payloads.get(i), sizes.get(i));
                        counts.latency.add((System.nanoTime() - s) / 1e6);
                    }
                })
                .await();
        double acked = (System.nanoTime() - t0) / 1e9;
        // tj answers once records are in its journal; "sustained" counts only up to when the last of
        // them is also in the database, so a backlog left behind cannot inflate the figure.
        awaitDrained(url.replace("/v1/logs", "/metrics"));
        double secs = (System.nanoTime() - t0) / 1e9;
        System.err.printf("acknowledged in %.2f s, applied to the database after %.2f s%n", acked, secs);
        return counts.result("closed-loop " + shape, secs);
    }

    private static final String PROTOBUF = "application/x-protobuf";

    /** What a run's answers came to: records on 200, a refusal on 503/429, else an error. */
    private static final class Counts {
        final AtomicLong ok = new AtomicLong(),
                refused = new AtomicLong(),
                errors = new AtomicLong(),
                requests = new AtomicLong();
        final ConcurrentLinkedQueue<Double> latency = new ConcurrentLinkedQueue<>();

        void send(PlainHttp http, byte[] body, int records) {
            try {
                int code = http.post(body);
                if (code == 200) ok.addAndGet(records);
                else if (code == 503 || code == 429) refused.incrementAndGet();
                else errors.incrementAndGet();
            } catch (java.io.IOException | RuntimeException e) {
                errors.incrementAndGet();
            }
            requests.incrementAndGet();
        }

        Result result(String mode, double seconds) {
            return new Result(
                    mode,
                    ok.get(),
                    requests.get(),
                    refused.get(),
                    errors.get(),
                    seconds,
                    latency.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** Starts {@code n} daemon threads, each running {@code work} on a connection of its own; counts them down when done. */
    private static CountDownLatch senders(int n, String url, String secret, Consumer<PlainHttp> work) {
        CountDownLatch done = new CountDownLatch(n);
        for (int w = 0; w < n; w++) {
            Thread t = new Thread(() -> {
                try (PlainHttp http = new PlainHttp(url, secret, PROTOBUF)) {
                    work.accept(http);
                } finally {
                    done.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }
        return done;
    }

    static void awaitDrained(String metricsUrl) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                String body = client.send(
                                HttpRequest.newBuilder(URI.create(metricsUrl))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                for (String line : body.split("\n")) {
                    if (line.startsWith("tj_ingest_queue_records ")
                            && Double.parseDouble(line.substring(24).trim()) == 0) return;
                }
            } catch (java.io.IOException e) {
                System.err.println("metrics: " + e);
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the daemon did not drain its queue within 5 minutes");
    }

    /**
     * Sends request i at {@code t0 + i * interval} from a pool of sending threads, each with its own
     * connection; a request sent late because every sender was busy still counts from when it was
     * due.
     */
    static Result openLoop(
            String url, String secret, List<byte[]> payloads, int batch, int rate, int seconds, String dump)
            throws InterruptedException {
        int total = Math.min(payloads.size(), rate * seconds / batch);
        double intervalNanos = 1e9 * batch / rate;
        AtomicInteger next = new AtomicInteger();
        Counts counts = new Counts();
        ConcurrentLinkedQueue<String> trace = new ConcurrentLinkedQueue<>();
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        senders(32, url, secret, http -> {
                    for (int i; (i = next.getAndIncrement()) < total; ) {
                        long scheduled = t0 + (long) (i * intervalNanos);
                        for (long wait; (wait = scheduled - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
                        counts.send(http, payloads.get(i), batch);
                        double ms = (System.nanoTime() - scheduled) / 1e6;
                        counts.latency.add(ms);
                        trace.add(String.format(java.util.Locale.ROOT, "%.3f %.2f", (scheduled - t0) / 1e9, ms));
                    }
                })
                .await(seconds + 60L, TimeUnit.SECONDS);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (dump != null) {
            try {
                java.nio.file.Files.write(java.nio.file.Path.of(dump), trace);
            } catch (java.io.IOException e) {
                System.err.println("cannot write " + dump + ": " + e);
            }
        }
        return counts.result("open-loop@" + rate, secs);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        return m;
    }
}
