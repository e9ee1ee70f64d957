package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.config.TjConfig;
import dev.tj.testkit.ClaudeCodeCorpus;
import dev.tj.testkit.ClaudeCodeTruth;
import dev.tj.testkit.CodexCorpus;
import dev.tj.testkit.CodexTruth;
import dev.tj.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tj serve}'s transcript catch-up on a real daemon over a real DuckDB file: what reached the
 * transcripts but not the daemon is stored once, what came live is never stored again, a changed
 * file is read only once it is quiet. The daemon's clock is a {@link MutableClock}: a file is quiet
 * when the test moves the clock past the settle period, so nothing here depends on timing.
 */
class CatchupTest {
    private static final String SONNET = "claude-sonnet-4-5-20250929";
    private static final Duration PAST_SETTLE = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private TestServer start(MutableClock clock, boolean enabled, List<Path> claude, List<Path> codex) {
        server = TestServer.start(
                dir.resolve("data"),
                c -> c.withCatchup(new TjConfig.Catchup(enabled, Duration.ofSeconds(30), claude, codex)),
                clock);
        return server;
    }

    private JsonNode catchup() {
        return TestServer.json(server.get("/api/v1/catchup"));
    }

    /** Polls the catch-up state until {@code done} holds (a generous bound, never a timed assertion). */
    private JsonNode awaitCatchup(String what, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode s = catchup();
        while (!done.test(s)) {
            if (System.nanoTime() > deadline) throw new AssertionError("catch-up never reached: " + what + "; " + s);
            Thread.sleep(50);
            s = catchup();
        }
        return s;
    }

    /**
     * Moves the clock past the settle period and waits for {@code done}. An event of the last write
     * that the watch thread handles only after the move restarts that file's settle period (as a real
     * write would), so the clock is moved again while waiting.
     */
    private JsonNode settle(MutableClock clock, String what, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        clock.advance(PAST_SETTLE);
        JsonNode s = catchup();
        for (int polls = 1; !done.test(s); polls++) {
            if (System.nanoTime() > deadline) throw new AssertionError("catch-up never reached: " + what + "; " + s);
            Thread.sleep(50);
            if (polls % 40 == 0) clock.advance(PAST_SETTLE);
            s = catchup();
        }
        return s;
    }

    private JsonNode awaitWatching() throws InterruptedException {
        return awaitCatchup("watching", s -> s.path("state").asText().equals("watching"));
    }

    private Map<String, List<Long>> costBySession() {
        JsonNode cost = TestServer.json(server.get("/api/v1/cost?since=all&group_by=session"));
        Map<String, List<Long>> out = new TreeMap<>();
        for (JsonNode r : cost.path("rows"))
            out.put(
                    r.path("group").asText(),
                    List.of(
                            r.path("input_tokens").asLong(),
                            r.path("output_tokens").asLong(),
                            r.path("cache_read_tokens").asLong(),
                            r.path("cache_write_tokens").asLong()));
        return out;
    }

    private static List<Long> usage(JsonNode session) {
        JsonNode s = session.path("session");
        return List.of(
                s.path("input_tokens").asLong(),
                s.path("output_tokens").asLong(),
                s.path("cache_read_tokens").asLong(),
                s.path("cache_write_tokens").asLong());
    }

    private static void append(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String line(String sid, Instant t, String msgId, long in, long out, long read) {
        return SessionRollupApiTest.assistant(sid, t, msgId, SONNET, in, out, read, "", null);
    }

    /** Claude Code's api_request log event for a response, with its request id, as the exporter sends it. */
    private void live(String sid, int seq, Instant t, String msgId, long in, long out, long read) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("session.id", sid);
        a.put("event.sequence", seq);
        a.put("prompt.id", "p1");
        a.put("model", SONNET);
        a.put("request_id", "req_" + msgId);
        a.put("input_tokens", String.valueOf(in));
        a.put("output_tokens", String.valueOf(out));
        a.put("cache_read_tokens", String.valueOf(read));
        a.put("cache_creation_tokens", "0");
        a.put("cost_usd", "0.01");
        a.put("duration_ms", "900");
        server.ingestLogs(OtlpJson.logs(
                OtlpJson.resource("claude-code", null, null),
                List.of(OtlpJson.record(t, "claude_code.api_request", a))));
    }

    @Test
    void aClaudeCodeHistoryWrittenWhileTheDaemonWasDownIsStoredAfterStartEqualToGroundTruth() throws Exception {
        Path projects = dir.resolve("claude/projects");
        ClaudeCodeTruth truth = ClaudeCodeCorpus.write(projects, 4L << 20, 3);
        // the daemon starts later: every file has been quiet for longer than the settle period
        MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(1)));
        start(clock, true, List.of(projects), List.of());

        JsonNode s =
                awaitCatchup("first pass done", n -> n.path("state").asText().equals("watching"));
        assertThat(s.path("files_read").asLong()).isEqualTo(truth.files());
        assertThat(s.path("pending_files").asInt()).isZero();
        assertThat(s.path("lag_seconds").asLong()).isZero();
        assertThat(s.path("dirs_watched").asInt()).isGreaterThan(1);
        assertThat(s.path("spans_stored").asLong())
                .isGreaterThanOrEqualTo(truth.total().messages());

        Map<String, List<Long>> expected = new TreeMap<>();
        truth.bySession()
                .forEach((id, t) -> expected.put(id, List.of(t.input(), t.output(), t.cacheRead(), t.cacheWrite())));
        assertThat(costBySession()).isEqualTo(expected);

        // a restart reads nothing again: the read positions are saved
        server.close();
        start(clock, true, List.of(projects), List.of());
        JsonNode again = awaitWatching();
        assertThat(again.path("files_read").asLong()).isZero();
        assertThat(costBySession()).isEqualTo(expected);
    }

    @Test
    void codexRolloutsWrittenWhileTheDaemonWasDownAreStoredAfterStartEqualToGroundTruth() throws Exception {
        Path codexHome = dir.resolve("codex");
        CodexTruth truth = CodexCorpus.write(codexHome, 5, 8);
        MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(1)));
        start(clock, true, List.of(), List.of(codexHome.resolve("sessions")));

        JsonNode s = awaitWatching();
        assertThat(s.path("files_read").asLong()).isEqualTo(truth.files());
        Map<String, List<Long>> expected = new TreeMap<>();
        truth.bySession()
                .forEach((id, t) -> expected.put(id, List.of(t.input(), t.output(), t.cacheRead(), t.cacheWrite())));
        assertThat(costBySession()).isEqualTo(expected);
    }

    @Test
    void aSessionThatCameLiveIsNeverDoubledAlsoWhenItsTranscriptGrowsWhileTheDaemonRuns() throws Exception {
        Instant t0 = Instant.now();
        MutableClock clock = new MutableClock(t0);
        Path projects = dir.resolve("claude/projects");
        Files.createDirectories(projects);
        start(clock, true, List.of(projects), List.of());
        awaitWatching();

        String sid = "5e551011-0000-4000-8000-000000000001";
        Path file = projects.resolve("-home-dev-app").resolve(sid + ".jsonl");
        // Claude Code writes the transcript line first; its exporter sends the event seconds later
        append(file, line(sid, t0, "msg_1", 1, 10, 100) + line(sid, t0.plusSeconds(5), "msg_2", 2, 20, 200));
        awaitCatchup("change seen", n -> n.path("pending_files").asInt() == 1);
        // not quiet yet, so not read: the session is not there until the clock passes the settle period
        assertThat(server.get("/api/v1/sessions/" + sid).statusCode()).isEqualTo(404);
        live(sid, 1, t0, "msg_1", 1, 10, 100);
        live(sid, 2, t0.plusSeconds(5), "msg_2", 2, 20, 200);
        assertThat(usage(server.session(sid))).containsExactly(3L, 30L, 300L, 0L);

        JsonNode s = settle(
                clock,
                "file read",
                n -> n.path("files_read").asLong() == 1
                        && n.path("pending_files").asInt() == 0);
        assertThat(s.path("spans_live_skipped").asLong()).isEqualTo(2);
        assertThat(s.path("spans_stored").asLong()).isZero();
        assertThat(usage(server.session(sid))).containsExactly(3L, 30L, 300L, 0L);

        // the session goes on: msg_3 never reached the daemon live (the exporter dropped it), msg_4 did
        Instant t1 = clock.instant();
        append(file, line(sid, t1, "msg_3", 3, 30, 300) + line(sid, t1.plusSeconds(5), "msg_4", 4, 40, 400));
        awaitCatchup("growth seen", n -> n.path("pending_files").asInt() == 1);
        live(sid, 4, t1.plusSeconds(5), "msg_4", 4, 40, 400);
        s = settle(
                clock,
                "growth read",
                n -> n.path("files_read").asLong() == 2
                        && n.path("pending_files").asInt() == 0);
        assertThat(s.path("spans_stored").asLong()).isEqualTo(1);
        assertThat(s.path("spans_live_skipped").asLong()).isEqualTo(3);
        // each call once, whichever path brought it
        assertThat(usage(server.session(sid))).containsExactly(10L, 100L, 1000L, 0L);
        assertThat(server.session(sid).path("session").path("llm_call_count").asLong())
                .isEqualTo(4);
    }

    @Test
    void aProjectDirectoryCreatedAfterStartIsWatched() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        Path projects = dir.resolve("claude/projects");
        Files.createDirectories(projects);
        start(clock, true, List.of(projects), List.of());
        int before = awaitWatching().path("dirs_watched").asInt();
        java.util.concurrent.BlockingQueue<String> events = events();
        awaitLine(events, "event: hello");

        Path project = projects.resolve("-home-dev-new");
        String a = "5e551011-0000-4000-8000-00000000000a", b = "5e551011-0000-4000-8000-00000000000b";
        append(project.resolve(a + ".jsonl"), line(a, clock.instant(), "msg_a", 1, 2, 3));
        awaitCatchup("new folder seen", n -> n.path("pending_files").asInt() == 1);
        JsonNode s =
                settle(clock, "first file read", n -> n.path("spans_stored").asLong() == 1);
        assertThat(s.path("dirs_watched").asInt()).isEqualTo(before + 1);
        assertThat(usage(server.session(a))).containsExactly(1L, 2L, 3L, 0L);
        // an open dashboard hears of the session the catch-up stored, as of any commit
        awaitLine(events, "event: sessions");
        assertThat(awaitLine(events, "data: ")).contains("\"" + a + "\"");

        // only a watch on the new folder can report this file: there are no rescans
        append(project.resolve(b + ".jsonl"), line(b, clock.instant(), "msg_b", 4, 5, 6));
        awaitCatchup("file in the new folder seen", n -> n.path("pending_files").asInt() == 1);
        settle(clock, "second file read", n -> n.path("spans_stored").asLong() == 2);
        assertThat(usage(server.session(b))).containsExactly(4L, 5L, 6L, 0L);
    }

    /** The dashboard's event stream, line by line. */
    private java.util.concurrent.BlockingQueue<String> events() throws Exception {
        var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
        var resp = server.http
                .sendAsync(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/api/v1/events"))
                                .header("Accept", "text/event-stream")
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines())
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(resp.statusCode()).isEqualTo(200);
        Thread t = new Thread(
                () -> {
                    try {
                        resp.body().forEach(lines::add);
                    } catch (RuntimeException closed) {
                        // the server went away
                    }
                },
                "sse-reader");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    private static String awaitLine(java.util.concurrent.BlockingQueue<String> lines, String prefix)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String l = lines.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix)) return l;
        }
        throw new AssertionError("no line starting with '" + prefix + "'");
    }

    @Test
    void garbageLinesAreSkippedAndCountedAndAFileDeletedBeforeItIsReadIsFine() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        Path projects = dir.resolve("claude/projects");
        Path codexSessions = dir.resolve("codex/sessions"); // does not exist: fine
        Files.createDirectories(projects);
        start(clock, true, List.of(projects), List.of(codexSessions));
        JsonNode first = awaitWatching();
        assertThat(first.path("roots").toString()).contains("\"exists\":false");

        String sid = "5e551011-0000-4000-8000-0000000000ff";
        Path file = projects.resolve("-home-dev-app").resolve(sid + ".jsonl");
        append(
                file,
                line(sid, clock.instant(), "msg_g1", 1, 1, 1)
                        + "garbage {{{ not json\n"
                        + "{\"type\":\"assistant\",\"sessionId\":\"" + sid + "\",\"message\":{\"usa\n"
                        + line(sid, clock.instant().plusSeconds(1), "msg_g2", 2, 2, 2));
        Path gone = projects.resolve("-home-dev-app").resolve("deleted-before-read.jsonl");
        append(gone, line("5e551011-0000-4000-8000-0000000000ee", clock.instant(), "msg_x", 9, 9, 9));
        awaitCatchup("both seen", n -> n.path("pending_files").asInt() == 2);
        Files.delete(gone);
        JsonNode s = settle(
                clock,
                "read",
                n -> n.path("pending_files").asInt() == 0
                        && n.path("files_read").asLong() == 1);
        assertThat(s.path("lines_skipped").asLong()).isEqualTo(2);
        assertThat(s.path("errors").asLong()).isZero();
        assertThat(s.path("state").asText()).isEqualTo("watching");
        assertThat(usage(server.session(sid))).containsExactly(3L, 3L, 3L, 0L);
        assertThat(server.get("/api/v1/sessions/5e551011-0000-4000-8000-0000000000ee")
                        .statusCode())
                .isEqualTo(404);
        assertThat(server.get("/health").statusCode()).isEqualTo(200);

        String metrics = server.get("/metrics").body();
        assertThat(metrics)
                .contains("tj_catchup_enabled 1")
                .contains("tj_catchup_pending_files 0")
                .contains("tj_catchup_lag_seconds 0")
                .contains("tj_catchup_files_read_total 1")
                .contains("tj_catchup_spans_stored_total 2")
                .contains("tj_catchup_lines_skipped_total 2");
    }

    @Test
    void aFileStillBeingWrittenIsPendingButNotLate() throws Exception {
        Instant t0 = Instant.now();
        MutableClock clock = new MutableClock(t0);
        Path projects = dir.resolve("claude/projects");
        Files.createDirectories(projects);
        start(clock, true, List.of(projects), List.of());
        awaitWatching();
        String sid = "5e551011-0000-4000-8000-0000000000aa";
        Path file = projects.resolve("p").resolve(sid + ".jsonl");
        append(file, line(sid, t0, "msg_l", 1, 1, 1));
        awaitCatchup("seen", n -> n.path("pending_files").asInt() == 1);
        clock.advance(Duration.ofSeconds(20)); // within the settle period: it waits, and says since when
        JsonNode s = awaitCatchup("age", n -> n.path("oldest_pending_seconds").asLong() >= 20);
        assertThat(s.path("pending_files").asInt()).isEqualTo(1);
        // a session at work is not a catch-up that is behind (tj doctor warns on lag)
        assertThat(s.path("lag_seconds").asLong()).isZero();
        assertThat(server.get("/metrics").body())
                .contains("tj_catchup_pending_files 1")
                .contains("tj_catchup_lag_seconds 0");
        // the file leaves the pending set when its read starts; the spans are counted once stored
        s = settle(
                clock,
                "read",
                n -> n.path("pending_files").asInt() == 0
                        && n.path("spans_stored").asLong() >= 1);
        assertThat(s.path("oldest_pending_seconds").asLong()).isZero();
        assertThat(s.path("lag_seconds").asLong()).isZero();
        assertThat(usage(server.session(sid))).containsExactly(1L, 1L, 1L, 0L);
    }

    @Test
    void disabledByConfigMeansNoWatcherAndNothingRead() throws Exception {
        Path projects = dir.resolve("claude/projects");
        ClaudeCodeCorpus.write(projects, 1L << 20, 4);
        start(new MutableClock(Instant.now().plus(Duration.ofHours(1))), false, List.of(projects), List.of());
        JsonNode s = catchup();
        assertThat(s.path("enabled").asBoolean()).isFalse();
        assertThat(s.path("state").asText()).isEqualTo("disabled");
        assertThat(s.path("dirs_watched").asInt()).isZero();
        assertThat(s.path("passes").asLong()).isZero();
        assertThat(Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("tj-catchup") && t.isAlive()))
                .isEmpty();
        assertThat(costBySession()).isEmpty();
        assertThat(server.get("/metrics").body()).contains("tj_catchup_enabled 0");
    }
}
