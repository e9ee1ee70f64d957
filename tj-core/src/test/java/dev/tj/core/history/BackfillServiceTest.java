package dev.tj.core.history;

import static dev.tj.core.transcript.Cc.assistant;
import static dev.tj.core.transcript.Cc.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostRow;
import dev.tj.core.storage.WriteBatch;
import dev.tj.core.transcript.Cc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillServiceTest {
    @TempDir
    Path dir;

    static final String SONNET = "claude-sonnet-4-5-20250929";
    final MemStorage storage = new MemStorage();

    BackfillService service(Clock clock) {
        StorageSink sink = new StorageSink(storage, new SessionAccumulator(a -> PlanTier.UNKNOWN, a -> null));
        return new BackfillService(sink, Pricing.packaged(), clock);
    }

    BackfillResult run(Path root) {
        // an hour from now: every file counts as settled (see aFileStillBeingWritten... for the other case)
        return service(later())
                .claudeCode(new BackfillService.Options(List.of(root), null, false, 2), new Progress())
                .result();
    }

    static Clock later() {
        return Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(1));
    }

    Map<String, List<Long>> costBy(CostGroup g) {
        Map<String, List<Long>> m = new TreeMap<>();
        for (CostRow r : storage.cost(new CostQuery(null, null, g, null, ZoneOffset.UTC))) {
            m.put(r.group(), List.of(r.inputTokens(), r.outputTokens(), r.cacheReadTokens(), r.cacheWriteTokens()));
        }
        return m;
    }

    @Test
    void backfillStoresEveryCallOnceAndSessionsEqualTheSumOfTheirSpans() throws Exception {
        Path projects = Corpus.generate(dir, 8, 11);
        JsonNode expected = Corpus.expected(projects);
        BackfillResult r = run(projects);
        assertThat(r.errors()).isEmpty();
        assertThat(costBy(CostGroup.DAY))
                .isEqualTo(QuickstartCorpusTest.withoutMessages(Corpus.table(expected, "by_day")));
        assertThat(costBy(CostGroup.MODEL))
                .isEqualTo(QuickstartCorpusTest.withoutMessages(Corpus.table(expected, "by_model")));
        assertThat(costBy(CostGroup.SESSION))
                .isEqualTo(QuickstartCorpusTest.withoutMessages(Corpus.table(expected, "by_session")));
        for (Session s : storage.sessions.values()) {
            Usage sum = Usage.ZERO;
            double cost = 0;
            long tools = 0;
            for (Span sp : storage.spans(s.sessionId())) {
                sum = sum.plus(sp.usage());
                cost += sp.costUsd() == null ? 0 : sp.costUsd();
                if (sp.isToolCall()) tools++;
            }
            assertThat(s.usage()).isEqualTo(sum);
            assertThat(s.costUsd()).isCloseTo(cost, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(s.toolCallCount()).isEqualTo(tools);
            assertThat(s.resource().namespace()).matches("[a-z]+-\\d+"); // basename of /home/dev/<word>-<n>
        }
        // subagent spans carry their id and hang under the parent's Task/Agent tool span
        Map<String, List<Long>> bySub = new TreeMap<>();
        for (Span sp : storage.spans.values()) {
            if (sp.subAgentId() == null || !sp.isLlmCall()) continue;
            assertThat(sp.parentSpanId()).isNotNull();
            assertThat(storage.spans).containsKey(sp.parentSpanId());
            bySub.merge(
                    sp.sessionId() + "/" + sp.subAgentId(),
                    List.of(
                            sp.usage().input(),
                            sp.usage().output(),
                            sp.usage().cacheRead(),
                            sp.usage().cacheWrite()),
                    (a, b) -> List.of(
                            a.get(0) + b.get(0), a.get(1) + b.get(1), a.get(2) + b.get(2), a.get(3) + b.get(3)));
        }
        assertThat(bySub).isEqualTo(QuickstartCorpusTest.withoutMessages(Corpus.table(expected, "by_subagent")));

        // idempotent: a second run reads nothing and changes nothing
        int spans = storage.spans.size();
        var sessions = Map.copyOf(storage.sessions);
        BackfillResult again = run(projects);
        assertThat(again.filesRead()).isZero();
        assertThat(again.filesUnchanged()).isEqualTo(r.filesListed());
        assertThat(storage.spans).hasSize(spans);
        assertThat(storage.sessions).isEqualTo(sessions);

        // --reingest reads everything again and still adds nothing
        BackfillResult re = service(later())
                .claudeCode(new BackfillService.Options(List.of(projects), null, true, 2), new Progress())
                .result();
        assertThat(re.filesRead()).isEqualTo(r.filesListed());
        assertThat(re.spansStored()).isZero();
        assertThat(storage.sessions).isEqualTo(sessions);

        // history survives: the transcripts are gone, every total stays
        var before = costBy(CostGroup.DAY);
        try (var w = Files.walk(projects)) {
            w.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
        run(dir.resolve("projects-missing"));
        assertThat(costBy(CostGroup.DAY)).isEqualTo(before);
    }

    @Test
    void aGrownFileIsReadFromWhereTheLastRunStopped() throws Exception {
        Path f = Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(assistant("s", "2026-01-01T10:00:00Z", "msg_1", SONNET, usage(1, 10, 100, 5), null)));
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T10:00:00Z")));
        run(dir);
        long size = Files.size(f);
        assertThat(storage.files.get(f.toString()).offset()).isEqualTo(size);
        Cc.append(
                f, Cc.line(assistant("s", "2026-01-01T11:00:00Z", "msg_2", SONNET, usage(2, 20, 200, 5), null)) + "\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T11:00:00Z")));
        BackfillResult r = run(dir);
        assertThat(r.bytesRead()).isEqualTo(Files.size(f) - size);
        assertThat(r.spansStored()).isEqualTo(1);
        assertThat(storage.sessions.get("s").usage()).isEqualTo(new Usage(3, 30, 300, 10, 0));
    }

    @Test
    void aFileStillBeingWrittenKeepsItsLastResponseUntilItsFinalSnapshot() throws Exception {
        Path f = Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(
                        assistant("s", "2026-01-01T10:00:00Z", "msg_1", SONNET, usage(1, 10, 100, 5), null),
                        assistant("s", "2026-01-01T10:01:00Z", "msg_2", SONNET, usage(1, 3, 100, 5), null)));
        Clock justWritten =
                Clock.fixed(Instant.ofEpochMilli(Files.getLastModifiedTime(f).toMillis() + 1000), ZoneOffset.UTC);
        service(justWritten).claudeCode(new BackfillService.Options(List.of(dir), null, false, 1), new Progress());
        assertThat(storage.sessions.get("s").usage().output()).isEqualTo(10); // msg_2 held back
        Cc.append(
                f, Cc.line(assistant("s", "2026-01-01T10:01:01Z", "msg_2", SONNET, usage(1, 99, 100, 5), null)) + "\n");
        run(dir);
        assertThat(storage.sessions.get("s").usage().output()).isEqualTo(10 + 99); // final snapshot, counted once
    }

    @Test
    void aSessionSeenLiveIsNotCountedTwiceButWhatCameBeforeTheDaemonIsBackfilled() throws Exception {
        // live OTLP saw the session from 10:05 on (random span ids, no request ids)
        Span live = Span.builder()
                .spanId("live000000000001")
                .traceId(Ids.trace("s"))
                .sessionId("s")
                .agentId("claude-code")
                .name(SpanNames.LLM_CALL)
                .kind(SpanKind.CLIENT)
                .startTime(Instant.parse("2026-01-01T10:05:00.300Z"))
                .provider("anthropic")
                .model(SONNET)
                .usage(new Usage(2, 20, 200, 5, 0))
                .billingAccount("anthropic")
                .build();
        SessionAccumulator acc = new SessionAccumulator(a -> PlanTier.UNKNOWN, a -> null);
        storage.commit(new WriteBatch(List.of(live), List.of(), List.of(acc.start(live))));
        Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(
                        assistant("s", "2026-01-01T10:00:00Z", "msg_1", SONNET, usage(1, 10, 100, 5), null),
                        assistant("s", "2026-01-01T10:05:00Z", "msg_2", SONNET, usage(2, 20, 200, 5), null)));
        BackfillResult r = run(dir);
        assertThat(r.spansLiveSkipped()).isEqualTo(1);
        // the session's totals equal the transcript's: each call once, whichever path brought it
        assertThat(storage.sessions.get("s").usage()).isEqualTo(new Usage(3, 30, 300, 10, 0));
        assertThat(run(dir).spansStored()).isZero();
    }

    @Test
    void liveSpansWithRequestIdsAreMatchedExactly() throws Exception {
        Span live = Span.builder()
                .spanId("live000000000002")
                .traceId(Ids.trace("s"))
                .sessionId("s")
                .agentId("claude-code")
                .name(SpanNames.LLM_CALL)
                .kind(SpanKind.CLIENT)
                .startTime(Instant.parse("2026-01-01T10:00:00Z"))
                .attributes(Map.of("request_id", "req_msg_1"))
                .provider("anthropic")
                .model(SONNET)
                .usage(new Usage(1, 10, 100, 5, 0))
                .billingAccount("anthropic")
                .build();
        SessionAccumulator acc = new SessionAccumulator(a -> PlanTier.UNKNOWN, a -> null);
        storage.commit(new WriteBatch(List.of(live), List.of(), List.of(acc.start(live))));
        Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(
                        assistant("s", "2026-01-01T10:00:00Z", "msg_1", SONNET, usage(1, 10, 100, 5), null),
                        assistant(
                                "s",
                                "2026-01-01T10:05:00Z",
                                "msg_2",
                                SONNET,
                                usage(2, 20, 200, 5),
                                null))); // missed live
        run(dir);
        assertThat(storage.sessions.get("s").usage()).isEqualTo(new Usage(3, 30, 300, 10, 0));
    }

    @Test
    void aToolResultInALaterFileStillSetsTheToolStatus() throws Exception {
        Cc.write(
                dir.resolve("p/a.jsonl"),
                Cc.list(assistant(
                        "a",
                        "2026-01-01T10:00:00Z",
                        "msg_1",
                        SONNET,
                        usage(1, 1, 1, 1),
                        List.of(dev.tj.core.transcript.Cc.toolUse("toolu_x", "Bash")))));
        Cc.write(
                dir.resolve("p/b.jsonl"),
                Cc.list(dev.tj.core.transcript.Cc.toolResult(
                        "a", "2026-01-01T10:00:05Z", "toolu_x", true, "boom", null)));
        run(dir);
        Span tool = storage.spans.get(Ids.toolSpan("toolu_x"));
        assertThat(tool.status()).isEqualTo(dev.tj.core.span.SpanStatus.ERROR);
        assertThat(tool.durationMs()).isEqualTo(5000.0);
        assertThat(storage.files).hasSize(2);
    }
}
