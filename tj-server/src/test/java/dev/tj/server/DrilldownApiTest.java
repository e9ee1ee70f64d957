package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.config.TjConfig;
import dev.tj.core.history.BackfillService;
import dev.tj.core.history.Progress;
import dev.tj.core.history.StorageSink;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.storage.Storage;
import dev.tj.storage.duckdb.DuckDbStorage;
import dev.tj.testkit.DrilldownCorpus;
import dev.tj.testkit.DrilldownTruth;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drill-in routes on a real daemon over generated transcripts, backfilled into a real DuckDB file. */
class DrilldownApiTest {
    static final String BAD = "bad00000-0000-4000-8000-000000000bad";
    static final String SDK_ONLY = "sdk-only-session";

    @TempDir
    Path dir;

    TestServer server;
    DrilldownTruth truth;
    Path projects;

    @BeforeEach
    void start() throws Exception {
        projects = dir.resolve("claude/projects");
        Path codex = dir.resolve("codex/sessions");
        truth = DrilldownCorpus.write(projects, codex);
        Files.writeString(
                dir.resolve("secret.jsonl"), "{\"type\":\"user\",\"message\":{\"content\":\"TOP-SECRET\"}}\n");
        Path bad = projects.resolve("-bad");
        Files.createDirectories(bad);
        Files.write(
                bad.resolve(BAD + ".jsonl"),
                ("{\"type\":\"user\",\"message\":{\"content\":\"go\"}}\nnot json\n[1]\n{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}}\n{\"type\":\"assistant\",\"mess")
                        .getBytes());
        // the history is backfilled into the daemon's database file first (spans with sub_agent_id)
        Files.createDirectories(dir.resolve("db"));
        try (Storage storage = DuckDbStorage.open(dir.resolve("db/test.duckdb"))) {
            new BackfillService(
                            new StorageSink(storage, new SessionAccumulator(a -> PlanTier.UNKNOWN, a -> null)),
                            Pricing.packaged(),
                            Clock.offset(Clock.systemUTC(), Duration.ofHours(1)))
                    .claudeCode(new BackfillService.Options(List.of(projects), null, false, 1), new Progress());
        }
        server = TestServer.start(
                dir.resolve("db"),
                c -> c.withSessions(new TjConfig.Sessions(Duration.ofMinutes(240), projects, codex)),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    JsonNode ok(String path) {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return TestServer.json(r);
    }

    @Test
    void storyHasTokenJamsNamesNestedSubagentsAndNoToolOutput() {
        HttpResponse<String> r = server.get("/api/v1/sessions/" + truth.sessionId() + "/story?subagents=true");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode s = TestServer.json(r);
        assertThat(s.get("available").asBoolean()).isTrue();
        assertThat(s.get("from_snapshot").asBoolean()).isFalse();
        assertThat(s.get("task").asText()).isEqualTo(truth.task());
        assertThat(s.get("outcome").asText()).isEqualTo(truth.outcome());
        assertThat(s.get("step_count").asInt()).isEqualTo(truth.mainSteps());
        JsonNode step3 = s.get("steps").get(2);
        assertThat(step3.get("n").asInt()).isEqualTo(3);
        assertThat(step3.get("is_error").asBoolean()).isTrue();
        assertThat(step3.get("is_retry").asBoolean()).isFalse();
        assertThat(step3.get("text_truncated").asBoolean()).isFalse();
        assertThat(step3.get("model").asText()).isEqualTo("claude-opus-4-6");
        assertThat(step3.get("tools").get(0).get("name").asText()).isEqualTo("Bash");
        assertThat(step3.get("tools").get(0).get("label").asText()).isEqualTo("pytest -q tests/test_parser.py");
        assertThat(step3.get("tools").get(0).get("status").asText()).isEqualTo("error");
        assertThat(s.get("steps").get(3).get("is_retry").asBoolean()).isTrue();
        // step 7 → a1 → b1 → c1 → d1 (capped)
        JsonNode a1 = s.get("steps").get(6).get("subagent");
        assertThat(a1.get("agent_id").asText()).isEqualTo("a1000000000000001");
        JsonNode b1 = a1.get("steps").get(1).get("subagent");
        JsonNode c1 = b1.get("steps").get(0).get("subagent");
        JsonNode d1 = c1.get("steps").get(0).get("subagent");
        assertThat(d1.get("depth_capped").asBoolean()).isTrue();
        assertThat(d1.has("steps")).isFalse();
        assertThat(b1.get("steps").get(1).get("subagent").get("cycle").asBoolean())
                .isTrue();
        assertThat(s.get("steps").get(10).get("subagent").get("missing").asBoolean())
                .isTrue();
        assertThat(s.get("caps").get("depth_capped").asInt()).isEqualTo(1);
        assertThat(s.get("caps").get("max_depth").asInt()).isEqualTo(3);
        assertThat(s.get("skipped").get("missing_subagents").asInt()).isEqualTo(1);
        // tool outputs and request copies never leave the server
        assertThat(r.body()).doesNotContain("def parse()", "3 passed", "copied request text", "1 failed");
    }

    @Test
    void withoutSubagentsNoneIsNested() {
        JsonNode s = ok("/api/v1/sessions/" + truth.sessionId() + "/story?subagents=false");
        assertThat(s.get("step_count").asInt()).isEqualTo(truth.mainSteps());
        for (JsonNode step : s.get("steps"))
            assertThat(step.has("subagent")).as(step.toString()).isFalse();
    }

    @Test
    void approachJoinsSubagentCostsFromTheBackfilledSpans() {
        JsonNode a = ok("/api/v1/sessions/" + truth.sessionId() + "/approach");
        assertThat(a.get("available").asBoolean()).isTrue();
        assertThat(a.get("task").asText()).isEqualTo(truth.task());
        JsonNode spine = a.get("spine");
        assertThat(spine).hasSize(truth.mainSteps());
        assertThat(spine.get(2).get("kind").asText()).isEqualTo("verify");
        assertThat(spine.get(3).get("kind").asText()).isEqualTo("dead_end");
        JsonNode d = spine.get(6).get("delegations").get(0);
        assertThat(d.get("agent_id").asText()).isEqualTo("a1000000000000001");
        assertThat(d.get("cost_usd").asDouble()).isPositive();
        assertThat(d.get("tokens").asLong()).isPositive();
        assertThat(d.get("status").asText()).isEqualTo("ended");
        assertThat(d.get("provenance").asText()).isEqualTo("in_session_subagent");
        assertThat(a.get("agents").get(0).get("provenance").asText()).isEqualTo("main_session");
        assertThat(a.get("agents").get(0).get("cost_usd").asDouble()).isPositive();
        for (JsonNode n : a.get("agents"))
            assertThat(n.get("capture_completeness").asText()).isNotBlank();
        assertThat(a.get("counts").get("moves").asInt()).isEqualTo(28);
        assertThat(a.get("counts").get("delegations").asInt()).isEqualTo(9);
        assertThat(a.get("meta").get("tokens").asLong()).isPositive();
    }

    @Test
    void sessionMapHasEventsGapsAndSeries() {
        JsonNode m = ok("/api/v1/sessions/" + truth.sessionId() + "/sessionmap");
        assertThat(m.get("events")).hasSize(truth.toolEventTimes().size());
        assertThat(m.get("events").get(0).get("category").asText()).isEqualTo("read");
        assertThat(m.get("events").get(2).get("category").asText()).isEqualTo("error");
        JsonNode meta = m.get("meta");
        assertThat(meta.get("gaps")).hasSize(truth.gapsSeconds().size());
        assertThat(meta.get("active_duration_s").asDouble())
                .isLessThan(meta.get("duration_s").asDouble());
        assertThat(meta.get("total_cost_usd").asDouble()).isPositive();
        assertThat(m.get("context_series").size()).isPositive();
        assertThat(m.get("context_series").get(0).has("t_s")).isTrue();
        assertThat(m.get("cost_series").get(0).has("usd")).isTrue();
        List<String> ids = new ArrayList<>();
        for (JsonNode w : m.get("subagents")) ids.add(w.get("agent_id").asText());
        assertThat(ids).contains("a1000000000000001", "b1000000000000001", "c1000000000000001");
        for (JsonNode w : m.get("subagents"))
            if (w.get("agent_id").asText().equals("a1000000000000001"))
                assertThat(w.get("tokens").asLong()).isPositive();
    }

    @Test
    void aCodexRolloutHasAStoryWithoutBeingStored() {
        JsonNode s = ok("/api/v1/sessions/" + truth.codexSessionId() + "/story");
        assertThat(s.get("agent").asText()).isEqualTo("codex");
        assertThat(s.get("step_count").asInt()).isEqualTo(truth.codexSteps());
        assertThat(s.get("steps").get(0).get("is_error").asBoolean()).isTrue();
    }

    @Test
    void anUnknownIdIs404Json() {
        for (String view : List.of("story", "approach", "sessionmap")) {
            HttpResponse<String> r = server.get("/api/v1/sessions/0000dead-0000-4000-8000-000000000000/" + view);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(TestServer.json(r).get("error").asText()).contains("not found");
        }
    }

    @Test
    void aKnownSessionWithoutATranscriptIsUnavailable() {
        Instant t = Instant.now();
        server.ingestLogs(OtlpJson.logs(
                OtlpJson.resource("claude-code", "proj", "tty1"), List.of(OtlpJson.userPrompt(SDK_ONLY, 1, t, "p1"))));
        JsonNode s = ok("/api/v1/sessions/" + SDK_ONLY + "/story");
        assertThat(s.get("available").asBoolean()).isFalse();
        assertThat(s.get("reason").asText()).contains("No on-disk transcript");
        assertThat(ok("/api/v1/sessions/" + SDK_ONLY + "/approach")
                        .get("available")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void idsThatLookLikePathsNeverReachAFileAndNeverFail() {
        for (String id : List.of(
                "..%2F..%2F..%2Fsecret",
                "%2e%2e%2f%2e%2e%2fsecret",
                "..%252f..%252fsecret",
                "%2Fetc%2Fpasswd",
                "..",
                "*",
                "5e55a1d0-*",
                "%5B5%5De55a1d0",
                "5e55a1d0-0000-4000-8000-00000000d711%00",
                "a%00b",
                "..%5C..%5Csecret")) {
            for (String view : List.of("story", "approach", "sessionmap")) {
                HttpResponse<String> r = server.get("/api/v1/sessions/" + id + "/" + view);
                assertThat(r.statusCode()).as("%s/%s: %s", id, view, r.body()).isBetween(400, 499);
                assertThat(r.body()).doesNotContain("TOP-SECRET");
            }
        }
    }

    @Test
    void aBrokenTranscriptAnswersWhatItCanAndCountsTheRest() {
        for (String view : List.of("story", "approach", "sessionmap")) {
            JsonNode s = ok("/api/v1/sessions/" + BAD + "/" + view);
            assertThat(s.get("available").asBoolean()).isTrue();
            assertThat(s.get("skipped").get("unparseable_lines").asInt()).isEqualTo(1);
            assertThat(s.get("skipped").get("non_object_lines").asInt()).isEqualTo(1);
            assertThat(s.get("skipped").get("partial_tail_bytes").asInt()).isPositive();
        }
        assertThat(ok("/api/v1/sessions/" + BAD + "/story")
                        .get("steps")
                        .get(0)
                        .get("text")
                        .asText())
                .isEqualTo("ok");
    }

    @Test
    void anUnchangedTranscriptAnswersTheSameAgain() {
        String first =
                server.get("/api/v1/sessions/" + truth.sessionId() + "/story").body();
        String again =
                server.get("/api/v1/sessions/" + truth.sessionId() + "/story").body();
        assertThat(again).isEqualTo(first);
        // the transcript grows: the next answer has the new step
        Path main = projects.resolve(truth.projectDir()).resolve(truth.sessionId() + ".jsonl");
        try {
            Files.writeString(
                    main,
                    "{\"type\":\"assistant\",\"timestamp\":\"2026-11-02T12:00:00.000Z\",\"message\":{\"id\":\"msg_new\","
                            + "\"model\":\"claude-opus-4-6\",\"content\":[{\"type\":\"text\",\"text\":\"One more thing.\"}]}}\n",
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        JsonNode grown = ok("/api/v1/sessions/" + truth.sessionId() + "/story");
        assertThat(grown.get("step_count").asInt()).isEqualTo(truth.mainSteps() + 1);
        assertThat(grown.get("outcome").asText()).isEqualTo("One more thing.");
        assertThat(ok("/api/v1/sessions/" + truth.sessionId() + "/sessionmap").get("events"))
                .hasSize(truth.toolEventTimes().size());
    }
}
