package dev.tj.core.history;

import static dev.tj.core.transcript.Cc.assistant;
import static dev.tj.core.transcript.Cc.sidechain;
import static dev.tj.core.transcript.Cc.toolResult;
import static dev.tj.core.transcript.Cc.toolUse;
import static dev.tj.core.transcript.Cc.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.pricing.Pricing;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.span.Span;
import dev.tj.core.transcript.Cc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Quickstart and backfill read history through one merge: on the same history they attribute every
 * subagent call to the same subagent and parent Task/Agent call, with the same totals, and both equal
 * what the history was generated from. The history links its subagents in every way Claude Code
 * does: {@code toolUseResult.agentId}, the {@code meta.json} sidecar, an id in the result text, and an
 * id in a result text that only a later file holds.
 */
class OneMergeTest {
    @TempDir
    Path dir;

    /** Subagents generated whose only link is in a file merged after theirs. */
    int lateLinks;

    static final String SONNET = "claude-sonnet-4-5-20250929";

    /** What one subagent should add up to: parent tool_use id, then input, output, cache read, cache write, calls. */
    record Expected(String parent, long in, long out, long cr, long cw, long calls) {
        Expected plus(long i, long o, long r, long w) {
            return new Expected(parent, in + i, out + o, cr + r, cw + w, calls + 1);
        }
    }

    /** Generates sessions with tool calls, streaming snapshots, resume copies and subagents linked four ways. */
    Map<String, Expected> generate(Path root, long seed) throws Exception {
        Random rnd = new Random(seed);
        Map<String, Expected> expected = new TreeMap<>();
        Instant base = Instant.parse("2026-03-01T00:00:00Z");
        for (int s = 0; s < 24; s++) {
            String sid = String.format("sess-%02d", s);
            Path proj = root.resolve("proj-" + (s % 3));
            Instant t = base.plus(Duration.ofHours(s));
            List<Object> main = new ArrayList<>();
            List<Object> later = new ArrayList<>();
            main.add(Map.of(
                    "type",
                    "user",
                    "sessionId",
                    sid,
                    "timestamp",
                    t.toString(),
                    "message",
                    Map.of("role", "user", "content", "go")));
            int calls = 2 + rnd.nextInt(4);
            for (int c = 0; c < calls; c++) {
                t = t.plusSeconds(60);
                String msg = "msg_" + sid + "_" + c;
                boolean task = rnd.nextInt(3) == 0;
                String tool = "toolu_" + sid + "_" + c;
                var content = List.<Map<String, Object>>of(toolUse(tool, task ? "Agent" : "Bash"));
                int snapshots = 1 + rnd.nextInt(3);
                for (int k = 1; k <= snapshots; k++) { // streaming snapshots: the last one's usage counts
                    main.add(
                            assistant(sid, t.plusMillis(k).toString(), msg, SONNET, usage(3, 10 * k, 100, 5), content));
                }
                if (!task) {
                    main.add(toolResult(sid, t.plusSeconds(2).toString(), tool, rnd.nextBoolean(), "ok", null));
                    continue;
                }
                String agent = String.format("a%016x", rnd.nextLong() & Long.MAX_VALUE);
                int link = rnd.nextInt(4); // 0 toolUseResult, 1 meta.json, 2 result text, 3 result text in a later file
                Path subFile = proj.resolve(sid).resolve("subagents").resolve("agent-" + agent + ".jsonl");
                List<Object> sub = new ArrayList<>();
                Expected e = new Expected(tool, 0, 0, 0, 0, 0);
                int subCalls = 1 + rnd.nextInt(3);
                for (int k = 0; k < subCalls; k++) {
                    long in = 1 + rnd.nextInt(9),
                            out = 1 + rnd.nextInt(500),
                            cr = rnd.nextInt(5000),
                            cw = rnd.nextInt(300);
                    sub.add(sidechain(
                            assistant(
                                    sid,
                                    t.plusSeconds(10 + k).toString(),
                                    "msg_" + agent + "_" + k,
                                    SONNET,
                                    usage(in, out, cr, cw),
                                    null),
                            agent));
                    e = e.plus(in, out, cr, cw);
                }
                Cc.write(subFile, sub);
                expected.put(sid + "/" + agent, e);
                if (link == 1)
                    Files.writeString(
                            subFile.resolveSibling("agent-" + agent + ".meta.json"),
                            "{\"agentType\":\"general-purpose\",\"toolUseId\":\"" + tool + "\"}");
                Instant done = t.plusSeconds(30);
                Object result = switch (link) {
                    case 0 ->
                        toolResult(
                                sid,
                                done.toString(),
                                tool,
                                false,
                                "report",
                                Map.of("agentId", agent, "status", "completed"));
                    case 2 ->
                        toolResult(
                                sid,
                                done.toString(),
                                tool,
                                false,
                                List.of(Map.of("type", "text", "text", "Done.\nagentId: " + agent)),
                                null);
                    case 3 ->
                        toolResult(
                                sid,
                                base.plus(Duration.ofDays(2)).toString(),
                                tool,
                                false,
                                "Done. agentId: " + agent,
                                null);
                    default -> toolResult(sid, done.toString(), tool, false, "report", null);
                };
                if (link == 3) lateLinks++;
                if (link == 3) { // resumed later: the Agent call is re-appended (counted once) and its result follows
                    later.add(assistant(
                            sid,
                            base.plus(Duration.ofDays(2)).minusSeconds(1).toString(),
                            msg,
                            SONNET,
                            usage(3, 10 * snapshots, 100, 5),
                            content));
                }
                (link == 3 ? later : main).add(result);
            }
            Cc.write(proj.resolve(sid + ".jsonl"), main);
            if (!later.isEmpty())
                Cc.write(proj.resolve(sid + "-resumed.jsonl"), later); // starts after every subagent file
            if (rnd.nextBoolean()) { // a resumed session copies the first response into its own file
                var copy = new java.util.LinkedHashMap<Object, Object>((Map<?, ?>) main.get(1));
                copy.put("sessionId", sid + "-copy");
                copy.put("uuid", "copy-" + sid);
                Cc.write(
                        proj.resolve(sid + "-copy.jsonl"),
                        List.of(
                                copy,
                                assistant(
                                        sid + "-copy",
                                        base.plus(Duration.ofDays(3)).toString(),
                                        "msg_copy_" + s,
                                        SONNET,
                                        usage(1, 1, 1, 1),
                                        null)));
            }
        }
        return expected;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void quickstartAndBackfillAttributeSubagentsAlike(long seed) throws Exception {
        Path root = dir.resolve("projects");
        Map<String, Expected> expected = generate(root, seed);
        assertThat(lateLinks).isPositive();

        Quickstart.Result q = Quickstart.run(
                new Quickstart.Options(List.of(root), null, "all", ZoneOffset.UTC, 2, 10),
                Pricing::packaged,
                null,
                Clock.systemUTC(),
                new Progress());
        Map<String, Expected> fromQuickstart = new TreeMap<>();
        Map<String, Double> quickstartCost = new TreeMap<>();
        for (Quickstart.SubagentTotals s : q.subagents()) {
            UsageTotals u = s.usage();
            fromQuickstart.put(
                    s.sessionId() + "/" + s.subAgentId(),
                    new Expected(s.parentToolUseId(), u.input(), u.output(), u.cacheRead(), u.cacheWrite(), u.calls()));
            quickstartCost.put(s.sessionId() + "/" + s.subAgentId(), u.costUsd());
        }
        assertThat(fromQuickstart).isEqualTo(expected);

        MemStorage storage = new MemStorage();
        BackfillService backfill = new BackfillService(
                new StorageSink(storage, new SessionAccumulator(a -> PlanTier.UNKNOWN, a -> null)),
                Pricing.packaged(),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(3650)));
        BackfillRun run =
                backfill.claudeCode(new BackfillService.Options(List.of(root), null, false, 2), new Progress());
        assertThat(run.result().errors()).isEmpty();
        assertThat(run.complete()).isTrue();
        Map<String, Expected> fromBackfill = new TreeMap<>();
        Map<String, Double> backfillCost = new TreeMap<>();
        Map<String, String> toolSpanToToolUse = new TreeMap<>();
        for (Span sp : storage.spans.values()) {
            if (sp.isToolCall())
                toolSpanToToolUse.put(sp.spanId(), (String) sp.attributes().get("tool_use_id"));
        }
        for (Span sp : storage.spans.values()) {
            if (sp.subAgentId() == null || !sp.isLlmCall()) continue;
            String key = sp.sessionId() + "/" + sp.subAgentId();
            var u = sp.usage();
            Expected e = fromBackfill.getOrDefault(
                    key, new Expected(toolSpanToToolUse.get(sp.parentSpanId()), 0, 0, 0, 0, 0));
            assertThat(toolSpanToToolUse.get(sp.parentSpanId())).as(key).isEqualTo(e.parent());
            fromBackfill.put(key, e.plus(u.input(), u.output(), u.cacheRead(), u.cacheWrite()));
            backfillCost.merge(key, sp.costUsd(), Double::sum);
        }
        assertThat(fromBackfill).isEqualTo(expected);
        assertThat(backfillCost.keySet()).isEqualTo(quickstartCost.keySet());
        backfillCost.forEach((k, c) ->
                assertThat(c).as(k).isCloseTo(quickstartCost.get(k), org.assertj.core.data.Offset.offset(1e-9)));

        // the run's own per-subagent report and totals agree with quickstart's
        Map<String, List<Long>> reported = new TreeMap<>();
        run.result().subagents().forEach((k, u) -> reported.put(k, Corpus.row(u)));
        Map<String, List<Long>> quick = new TreeMap<>();
        q.subagents().forEach(s -> quick.put(s.sessionId() + "/" + s.subAgentId(), Corpus.row(s.usage())));
        assertThat(reported).isEqualTo(quick);
        assertThat(Corpus.row(run.result().usage())).isEqualTo(Corpus.row(q.totals()));
        assertThat(run.result().usage().costUsd())
                .isCloseTo(q.totals().costUsd(), org.assertj.core.data.Offset.offset(1e-9));
    }
}
