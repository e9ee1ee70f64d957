package dev.tj.core.transcript;

import static dev.tj.core.transcript.Cc.assistant;
import static dev.tj.core.transcript.Cc.line;
import static dev.tj.core.transcript.Cc.toolResult;
import static dev.tj.core.transcript.Cc.toolUse;
import static dev.tj.core.transcript.Cc.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.history.ClaudeHistory;
import dev.tj.core.history.FileLister;
import dev.tj.core.history.MergedCall;
import dev.tj.core.history.Progress;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Usage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every quirk of reference §1.4–1.7 and §8, one test each. */
class ClaudeCodeParserTest {
    @TempDir
    Path dir;

    static final String SONNET = "claude-sonnet-4-5-20250929";

    ClaudeFile parse(Path f) throws Exception {
        return new ClaudeCodeParser()
                .parse(f, Files.size(f), Files.getLastModifiedTime(f).toMillis(), 0, true);
    }

    record Run(List<MergedCall> calls, ClaudeHistory.Merged merge) {}

    Run history(Path root) {
        var tasks = FileLister.claudeCode(List.of(root)).stream()
                .map(f -> new ClaudeHistory.ReadTask(f, 0, true))
                .toList();
        List<MergedCall> out = new ArrayList<>();
        var m = ClaudeHistory.stream(tasks, 2, Timestamps.NONE, new Progress(), (call, results) -> out.add(call));
        assertThat(m.errors()).isEmpty();
        return new Run(out, m);
    }

    @Test
    void streamingSnapshotsCountOnceWithTheLastSnapshotsUsageAndEveryToolUse() throws Exception {
        Path f = Cc.write(
                dir.resolve("p/s1.jsonl"),
                Cc.list(
                        assistant(
                                "s1",
                                "2026-01-01T10:00:00.000Z",
                                "msg_1",
                                SONNET,
                                usage(3, 5, 1000, 200),
                                List.of(Map.of("type", "thinking", "thinking", "x"))),
                        assistant(
                                "s1",
                                "2026-01-01T10:00:01.000Z",
                                "msg_1",
                                SONNET,
                                usage(3, 17, 1000, 200),
                                List.of(toolUse("toolu_a", "Read"))),
                        assistant(
                                "s1",
                                "2026-01-01T10:00:02.000Z",
                                "msg_1",
                                SONNET,
                                usage(3, 42, 1000, 200),
                                List.of(toolUse("toolu_b", "Bash")))));
        ClaudeFile c = parse(f);
        assertThat(c.calls()).hasSize(1);
        CallRecord r = c.calls().get("msg_1");
        assertThat(List.of(r.input(), r.output(), r.cacheRead(), r.cacheWrite5m(), r.cacheWrite1h()))
                .containsExactly(3L, 42L, 1000L, 200L, 0L);
        assertThat(r.tools()).extracting(ToolUse::id).containsExactly("toolu_a", "toolu_b");
        assertThat(r.lastTs()).isEqualTo(Timestamps.parse("2026-01-01T10:00:02.000Z"));
        assertThat(c.stats().snapshotRecords()).isEqualTo(2);
    }

    @Test
    void resumeCopiesIntoANewSessionFileAreCountedOnceForTheFirstSession() throws Exception {
        var m1 = assistant("A", "2026-01-01T10:00:00Z", "msg_1", SONNET, usage(1, 10, 100, 0), null);
        var m2 = assistant("A", "2026-01-01T10:01:00Z", "msg_2", SONNET, usage(2, 20, 200, 0), null);
        Cc.write(
                dir.resolve("p/A.jsonl"),
                Cc.list(
                        Map.of(
                                "type",
                                "user",
                                "sessionId",
                                "A",
                                "timestamp",
                                "2026-01-01T09:59:00Z",
                                "message",
                                Map.of("role", "user", "content", "go")),
                        m1,
                        m2));
        // the resumed session B re-appends A's records with new uuids under its own session id
        var c1 = new LinkedHashMap<>(m1);
        c1.put("sessionId", "B");
        c1.put("uuid", "copy-1");
        var c2 = new LinkedHashMap<>(m2);
        c2.put("sessionId", "B");
        c2.put("uuid", "copy-2");
        Cc.write(
                dir.resolve("p/B.jsonl"),
                Cc.list(c1, c2, assistant("B", "2026-01-02T08:00:00Z", "msg_3", SONNET, usage(3, 30, 300, 0), null)));
        Run run = history(dir);
        Map<String, Long> outBySession = new HashMap<>();
        for (MergedCall m : run.calls())
            outBySession.merge(m.sessionId(), m.call().output(), Long::sum);
        assertThat(outBySession).containsExactlyInAnyOrderEntriesOf(Map.of("A", 30L, "B", 30L));
        assertThat(run.merge().stats().duplicateCalls()).isEqualTo(2);
    }

    @Test
    void syntheticModelsAndRecordsWithoutUsageAreSkippedAndCounted() throws Exception {
        Path f = Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(
                        assistant("s", "2026-01-01T10:00:00Z", "msg_s", "<synthetic>", usage(0, 0, 0, 0), null),
                        assistant("s", "2026-01-01T10:00:01Z", "msg_t", "<synthetic>", usage(5, 5, 0, 0), null),
                        assistant("s", "2026-01-01T10:00:02Z", "msg_n", SONNET, null, null),
                        assistant("s", "2026-01-01T10:00:03Z", "msg_ok", SONNET, usage(1, 1, 0, 0), null)));
        ClaudeFile c = parse(f);
        assertThat(c.calls().keySet()).containsExactly("msg_ok");
        assertThat(c.stats().syntheticRecords()).isEqualTo(2);
        assertThat(c.stats().noUsageRecords()).isEqualTo(1);
    }

    @Test
    void legacySevenCharAgentIdIsLinkedThroughTheResultText() throws Exception {
        Cc.write(
                dir.resolve("p/main.jsonl"),
                Cc.list(
                        assistant(
                                "main",
                                "2026-01-01T10:00:00Z",
                                "msg_p",
                                SONNET,
                                usage(1, 2, 3, 4),
                                List.of(toolUse("toolu_task", "Task"))),
                        toolResult(
                                "main",
                                "2026-01-01T10:05:00Z",
                                "toolu_task",
                                false,
                                List.of(Map.of("type", "text", "text", "Done.\nagentId: a4e80a2 (for resuming)")),
                                null)));
        Cc.write(
                dir.resolve("p/main/subagents/agent-a4e80a2.jsonl"),
                Cc.list(Cc.sidechain(
                        assistant("main", "2026-01-01T10:01:00Z", "msg_c", SONNET, usage(5, 6, 7, 8), null),
                        "a4e80a2")));
        Run run = history(dir);
        MergedCall child = run.calls().stream()
                .filter(m -> m.subAgentId() != null)
                .findFirst()
                .orElseThrow();
        assertThat(child.subAgentId()).isEqualTo("a4e80a2");
        assertThat(child.sessionId()).isEqualTo("main");
        assertThat(child.parentToolUseId()).isEqualTo("toolu_task");
    }

    @Test
    void subagentLinkPrefersToolUseResultThenMetaJson() throws Exception {
        Cc.write(
                dir.resolve("p/m.jsonl"),
                Cc.list(
                        assistant(
                                "m",
                                "2026-01-01T10:00:00Z",
                                "msg_p",
                                SONNET,
                                usage(1, 2, 3, 4),
                                List.of(toolUse("toolu_1", "Agent"), toolUse("toolu_2", "Agent"))),
                        toolResult(
                                "m",
                                "2026-01-01T10:05:00Z",
                                "toolu_1",
                                false,
                                "report",
                                Map.of("agentId", "a0123456789abcdef", "status", "completed")),
                        toolResult("m", "2026-01-01T10:06:00Z", "toolu_2", false, "no id in this text", null)));
        Cc.write(
                dir.resolve("p/m/subagents/agent-a0123456789abcdef.jsonl"),
                Cc.list(Cc.sidechain(
                        assistant("m", "2026-01-01T10:01:00Z", "msg_c1", SONNET, usage(1, 1, 1, 1), null),
                        "a0123456789abcdef")));
        Cc.write(
                dir.resolve("p/m/subagents/agent-afedcba9876543210.jsonl"),
                Cc.list(Cc.sidechain(
                        assistant("m", "2026-01-01T10:02:00Z", "msg_c2", SONNET, usage(1, 1, 1, 1), null),
                        "afedcba9876543210")));
        Files.writeString(
                dir.resolve("p/m/subagents/agent-afedcba9876543210.meta.json"),
                "{\"agentType\":\"Explore\",\"toolUseId\":\"toolu_2\"}");
        Run run = history(dir);
        Map<String, String> links = new HashMap<>();
        for (MergedCall m : run.calls()) if (m.subAgentId() != null) links.put(m.subAgentId(), m.parentToolUseId());
        assertThat(links)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("a0123456789abcdef", "toolu_1", "afedcba9876543210", "toolu_2"));
    }

    @Test
    void oneHourCacheWritesAreKeptApartAndPricedHigher() throws Exception {
        Path f = Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(
                        assistant("s", "2026-01-01T10:00:00Z", "msg_1", SONNET, Cc.usage1h(1, 1, 0, 100, 300), null),
                        assistant("s", "2026-01-01T10:00:01Z", "msg_2", SONNET, usage(1, 1, 0, 400), null)));
        ClaudeFile c = parse(f);
        CallRecord one = c.calls().get("msg_1"), two = c.calls().get("msg_2");
        assertThat(List.of(one.cacheWrite5m(), one.cacheWrite1h())).containsExactly(100L, 300L);
        assertThat(List.of(two.cacheWrite5m(), two.cacheWrite1h()))
                .containsExactly(400L, 0L); // only the total: all 5-minute
        Pricing p = Pricing.packaged();
        double mixed =
                p.quote("anthropic", SONNET, new Usage(0, 0, 0, 100, 300)).costUsd();
        double all5m = p.quote("anthropic", SONNET, new Usage(0, 0, 0, 400, 0)).costUsd();
        assertThat(mixed).isGreaterThan(all5m);
    }

    @Test
    void truncatedLastLineIsLeftForTheNextReadAndPickedUpWhenComplete() throws Exception {
        String full = line(assistant("s", "2026-01-01T10:00:01Z", "msg_2", SONNET, usage(2, 2, 2, 2), null));
        Path f = Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(assistant("s", "2026-01-01T10:00:00Z", "msg_1", SONNET, usage(1, 1, 1, 1), null)));
        long firstLen = Files.size(f);
        Cc.append(f, full.substring(0, full.length() / 2));
        ClaudeFile c = parse(f);
        assertThat(c.calls().keySet()).containsExactly("msg_1");
        assertThat(c.nextOffset()).isEqualTo(firstLen);
        assertThat(c.stats().pendingTailBytes()).isPositive();
        assertThat(c.stats().unparseableLines()).isZero();
        Cc.append(f, full.substring(full.length() / 2) + "\n");
        ClaudeFile next = new ClaudeCodeParser().parse(f, Files.size(f), 0, c.nextOffset(), true);
        assertThat(next.calls().keySet()).containsExactly("msg_2");
        assertThat(next.nextOffset()).isEqualTo(Files.size(f));
    }

    @Test
    void blankLinesCrLfAndGarbageAreCountedWithoutLosingNeighbours() throws Exception {
        Path f = dir.resolve("p/s.jsonl");
        Files.createDirectories(f.getParent());
        String a = line(assistant("s", "2026-01-01T10:00:00Z", "msg_1", SONNET, usage(1, 1, 1, 1), null));
        String b = line(assistant("s", "2026-01-01T10:00:01Z", "msg_2", SONNET, usage(2, 2, 2, 2), null));
        Files.writeString(
                f,
                "\n   \n" + a + "\r\n\n{not json}\n[1,2]\n" + a.substring(0, 20) + "\n" + b + " trailing\n" + b + "\n");
        ClaudeFile c = parse(f);
        assertThat(c.calls().keySet()).containsExactly("msg_1", "msg_2");
        assertThat(c.stats().blankLines()).isEqualTo(3);
        assertThat(c.stats().unparseableLines()).isEqualTo(3);
        assertThat(c.stats().nonObjectLines()).isEqualTo(1);
        assertThat(c.stats().lines()).isEqualTo(9);
    }

    @Test
    void twoMegabyteLinesParse() throws Exception {
        String big = "x".repeat(2 * 1024 * 1024);
        Path f = Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(
                        toolResult("s", "2026-01-01T09:59:00Z", "toolu_0", false, big, Map.of("stdout", big)),
                        assistant(
                                "s",
                                "2026-01-01T10:00:00Z",
                                "msg_1",
                                SONNET,
                                usage(7, 8, 9, 10),
                                List.of(Map.of("type", "text", "text", big)))));
        ClaudeFile c = parse(f);
        assertThat(Files.size(f)).isGreaterThan(6L * 1024 * 1024);
        assertThat(c.calls().get("msg_1").output()).isEqualTo(8);
        assertThat(c.results()).containsKey("toolu_0");
        assertThat(c.stats().unparseableLines()).isZero();
    }

    @Test
    void invalidUtf8BytesDoNotLoseTheRecord() throws Exception {
        Path f = dir.resolve("p/s.jsonl");
        Files.createDirectories(f.getParent());
        String a = line(assistant(
                "s",
                "2026-01-01T10:00:00Z",
                "msg_1",
                SONNET,
                usage(1, 2, 3, 4),
                List.of(Map.of("type", "text", "text", "BAD<>BYTES"))));
        byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = a.indexOf("<>") + 1;
        out.write(bytes, 0, at);
        out.write(new byte[] {(byte) 0xFF, (byte) 0xC3, (byte) 0x28, (byte) 0xE9});
        out.write(bytes, at, bytes.length - at);
        out.write('\n');
        Files.write(f, out.toByteArray());
        ClaudeFile c = parse(f);
        assertThat(c.calls()).containsKey("msg_1");
        assertThat(c.calls().get("msg_1").cacheWrite5m()).isEqualTo(4);
        assertThat(c.stats().unparseableLines()).isZero();
    }

    @Test
    void missingTimestampsAreDatedFromNeighboursAndCounted() throws Exception {
        Path f = Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(
                        assistant("s", null, "msg_0", SONNET, usage(1, 1, 1, 1), null),
                        assistant("s", "2026-01-01T10:00:00Z", "msg_1", SONNET, usage(1, 1, 1, 1), null),
                        assistant("s", null, "msg_2", SONNET, usage(2, 2, 2, 2), null)));
        ClaudeFile c = parse(f);
        long t = Timestamps.parse("2026-01-01T10:00:00Z");
        assertThat(c.calls().get("msg_0").lastTs()).isEqualTo(t); // from the next dated record
        assertThat(c.calls().get("msg_2").lastTs()).isEqualTo(t); // from the previous one
        assertThat(c.stats().undatedCalls()).isEqualTo(2);
    }

    @Test
    void aCallsOnlyReadKeepsEveryCallAndParsesNoLineWithoutUsage() throws Exception {
        // a tool result that talks about "usage" only inside its (escaped) text is not a call
        String talk = "the \"usage\" field and usage: {\"usage\": 1} " + "x".repeat(5000);
        Path f = Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(
                        toolResult("s", "2026-01-01T09:59:00Z", "toolu_0", false, talk, null),
                        assistant(
                                "s",
                                "2026-01-01T10:00:00Z",
                                "msg_1",
                                SONNET,
                                usage(1, 2, 3, 4),
                                List.of(toolUse("toolu_1", "Bash"))),
                        toolResult("s", "2026-01-01T10:00:03Z", "toolu_1", true, talk, null),
                        "{not json at all}",
                        assistant("s", "2026-01-01T10:00:05Z", "msg_2", SONNET, usage(5, 6, 7, 8), null),
                        assistant("s", "2026-01-01T10:00:06Z", "msg_2", SONNET, usage(5, 9, 7, 8), null)));
        ClaudeFile all = parse(f);
        ClaudeFile callsOnly = parse(f, ReadDepth.CALLS);
        assertThat(summary(callsOnly)).isEqualTo(summary(all)).containsOnlyKeys("msg_1", "msg_2");
        assertThat(callsOnly.calls().get("msg_2").output()).isEqualTo(9);
        assertThat(callsOnly.calls().get("msg_1").tools()).hasSize(1);
        assertThat(all.results()).containsKey("toolu_1");
        assertThat(callsOnly.results()).isEmpty(); // never parsed
        ClaudeFile subagents = parse(f, ReadDepth.SUBAGENTS);
        assertThat(summary(subagents)).isEqualTo(summary(all));
        assertThat(subagents.results()).isEmpty(); // read, not kept
        assertThat(subagents.stats().unparseableLines()).isEqualTo(1);
        assertThat(callsOnly.stats().lines()).isEqualTo(all.stats().lines()).isEqualTo(6);
        assertThat(callsOnly.stats().unparseableLines()).isZero(); // the garbage line holds no usage
        assertThat(all.stats().unparseableLines()).isEqualTo(1);
    }

    @Test
    void aSubagentsReadKeepsTheLinksOfTaskResults() throws Exception {
        Path f = Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(
                        assistant(
                                "s",
                                "2026-01-01T10:00:00Z",
                                "msg_1",
                                SONNET,
                                usage(1, 1, 1, 1),
                                List.of(toolUse("toolu_task", "Task"))),
                        toolResult(
                                "s",
                                "2026-01-01T10:05:00Z",
                                "toolu_task",
                                false,
                                "Done. agentId: a4e80a2",
                                Map.of("agentId", "a4e80a2", "status", "completed"))));
        ClaudeFile links = parse(f, ReadDepth.SUBAGENTS);
        assertThat(links.agentLinks()).containsEntry("a4e80a2", "toolu_task");
        assertThat(links.agentLinks()).isEqualTo(parse(f).agentLinks());
        assertThat(links.results()).isEmpty();
    }

    @Test
    void aCallsOnlyReadDatesAnUndatedCallFromTheLineBeforeItAsAFullReadDoes() throws Exception {
        Path f = Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(
                        toolResult("s", "2026-01-01T10:00:03Z", "toolu_0", false, "ok", null),
                        assistant("s", null, "msg_1", SONNET, usage(1, 1, 1, 1), null)));
        ClaudeFile callsOnly = parse(f, ReadDepth.CALLS);
        assertThat(callsOnly.calls().get("msg_1").lastTs()).isEqualTo(Timestamps.parse("2026-01-01T10:00:03Z"));
        assertThat(summary(callsOnly)).isEqualTo(summary(parse(f)));
    }

    ClaudeFile parse(Path f, ReadDepth depth) throws Exception {
        return new ClaudeCodeParser()
                .parse(f, Files.size(f), Files.getLastModifiedTime(f).toMillis(), 0, true, depth);
    }

    /** Each call's fields that a calls-only read must get exactly as a full read does. */
    static Map<String, List<Object>> summary(ClaudeFile f) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (CallRecord c : f.calls().values())
            out.put(
                    c.key(),
                    List.of(
                            c.input(),
                            c.output(),
                            c.cacheRead(),
                            c.cacheWrite5m(),
                            c.cacheWrite1h(),
                            c.firstTs(),
                            c.lastTs(),
                            c.model(),
                            String.valueOf(c.sessionId()),
                            String.valueOf(c.subAgentId()),
                            c.tools().size()));
        return out;
    }

    @Test
    void toolResultsCarryOkAndErrorAndTheirTime() throws Exception {
        Path f = Cc.write(
                dir.resolve("p/s.jsonl"),
                Cc.list(
                        assistant(
                                "s",
                                "2026-01-01T10:00:00Z",
                                "msg_1",
                                SONNET,
                                usage(1, 1, 1, 1),
                                List.of(toolUse("toolu_ok", "Read"), toolUse("toolu_bad", "Bash"))),
                        toolResult("s", "2026-01-01T10:00:03Z", "toolu_ok", false, "fine", null),
                        toolResult(
                                "s",
                                "2026-01-01T10:00:04Z",
                                "toolu_bad",
                                true,
                                "<tool_use_error>no</tool_use_error>",
                                "Error: no")));
        ClaudeFile c = parse(f);
        assertThat(c.results().get("toolu_ok").error()).isFalse();
        assertThat(c.results().get("toolu_bad").error()).isTrue();
        assertThat(c.results().get("toolu_bad").ts()).isEqualTo(Timestamps.parse("2026-01-01T10:00:04Z"));
    }

    @Test
    void anotherVisitorReadsTheSameLinesWithTextToolsAndSubagentFields() throws Exception {
        Path f = Cc.write(
                dir.resolve("p/m/subagents/agent-a4e80a2.jsonl"),
                Cc.list(
                        "",
                        Cc.sidechain(
                                assistant(
                                        "m",
                                        "2026-01-01T10:00:00Z",
                                        "msg_1",
                                        SONNET,
                                        usage(1, 2, 3, 4),
                                        List.of(
                                                Map.of("type", "text", "text", "Reading it."),
                                                toolUse("toolu_r", "Read"))),
                                "a4e80a2"),
                        "{not json}",
                        Cc.sidechain(
                                toolResult(
                                        "m",
                                        "2026-01-01T10:00:01Z",
                                        "toolu_r",
                                        true,
                                        "<tool_use_error>no</tool_use_error>",
                                        null),
                                "a4e80a2")));
        record Seen(
                String type,
                boolean sidechain,
                String agent,
                List<String> texts,
                List<ToolUse> tools,
                List<ClaudeRecord.Result> results,
                long offset) {}
        List<Seen> seen = new ArrayList<>();
        ParseReport report = new ClaudeCodeParser().visit(f, Files.size(f), 0, new RecordVisitor() {
            @Override
            public boolean wantsText() {
                return true;
            }

            @Override
            public void record(ClaudeRecord r, long lineOffset, int lineNo) {
                seen.add(new Seen(
                        r.type(),
                        r.isSidechain(),
                        r.agentId(),
                        List.copyOf(r.texts()),
                        List.copyOf(r.toolUses()),
                        List.copyOf(r.toolResults()),
                        lineOffset));
            }
        });
        assertThat(seen).extracting(Seen::type).containsExactly("assistant", "user");
        assertThat(seen).allSatisfy(s -> assertThat(s.sidechain()).isTrue());
        assertThat(seen).extracting(Seen::agent).containsOnly("a4e80a2");
        assertThat(seen.get(0).texts()).containsExactly("Reading it.");
        assertThat(seen.get(0).tools()).containsExactly(new ToolUse("toolu_r", "Read"));
        assertThat(seen.get(0).offset()).isEqualTo(1); // after the blank first line
        assertThat(seen.get(1).results())
                .containsExactly(new ClaudeRecord.Result("toolu_r", true, "<tool_use_error>no</tool_use_error>"));
        assertThat(List.of(report.lines(), report.blankLines(), report.unparseableLines()))
                .containsExactly(4L, 1L, 1L);
        // the cost read of the same file skips the text it does not need
        ClaudeFile c = parse(f);
        assertThat(c.calls().get("msg_1").subAgentId()).isEqualTo("a4e80a2");
        assertThat(c.results().get("toolu_r").error()).isTrue();
    }

    /** An independent oracle: full Jackson trees, last snapshot per message id, no shortcuts. */
    @Test
    void projectFixturesParseWithoutLoss() throws Exception {
        List<Path> files = dev.tj.testkit.Fixtures.claudeCodeTranscripts(dir.resolve("fixtures"));
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            ClaudeFile c = parse(f);
            Map<String, List<Long>> oracle = new LinkedHashMap<>();
            long lines = 0, blank = 0, nonObject = 0;
            for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                lines++;
                if (l.isBlank()) {
                    blank++;
                    continue;
                }
                JsonNode n = Cc.JSON.readTree(l);
                if (!n.isObject()) {
                    nonObject++;
                    continue;
                }
                JsonNode u = n.path("message").path("usage");
                if (!"assistant".equals(n.path("type").asText())
                        || u.isMissingNode()
                        || "<synthetic>".equals(n.path("message").path("model").asText())) continue;
                String key = n.path("message").path("id").asText(null);
                oracle.put(
                        key,
                        List.of(
                                u.path("input_tokens").asLong(),
                                u.path("output_tokens").asLong(),
                                u.path("cache_read_input_tokens").asLong(),
                                u.path("cache_creation_input_tokens").asLong()));
            }
            oracle.values().removeIf(v -> v.stream().mapToLong(Long::longValue).sum() == 0);
            Map<String, List<Long>> got = new LinkedHashMap<>();
            for (CallRecord r : c.calls().values()) {
                if (r.totalTokens() == 0) continue;
                got.put(r.messageId(), List.of(r.input(), r.output(), r.cacheRead(), r.cacheWrite()));
            }
            assertThat(got).as(f.getFileName().toString()).isEqualTo(oracle);
            assertThat(summary(parse(f, ReadDepth.CALLS)))
                    .as(f.getFileName() + " calls only")
                    .isEqualTo(summary(c));
            assertThat(c.stats().lines()).as(f.getFileName().toString()).isEqualTo(lines);
            assertThat(c.stats().unparseableLines())
                    .as(f.getFileName().toString())
                    .isZero();
            assertThat(c.stats().blankLines()).isEqualTo(blank);
            assertThat(c.stats().nonObjectLines())
                    .as(f.getFileName().toString())
                    .isEqualTo(nonObject);
        }
    }
}
