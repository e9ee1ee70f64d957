package dev.tj.core.drilldown;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad transcripts: the story says what it can and counts what it skipped; it never throws. */
class StoryBadInputTest {
    static final String SID = "badbad00-0000-4000-8000-000000000001";

    @TempDir
    Path tmp;

    Path dir, file;

    @BeforeEach
    void setUp() throws Exception {
        dir = tmp.resolve("projects/-p");
        Files.createDirectories(dir);
        file = dir.resolve(SID + ".jsonl");
    }

    static String user(String text) {
        return "{\"type\":\"user\",\"sessionId\":\"" + SID + "\",\"timestamp\":\"2026-11-02T09:00:00.000Z\","
                + "\"message\":{\"role\":\"user\",\"content\":\"" + text + "\"}}";
    }

    static String text(int i, String text) {
        return "{\"type\":\"assistant\",\"sessionId\":\"" + SID + "\",\"timestamp\":\"2026-11-02T09:00:"
                + String.format("%02d", i % 60)
                + ".000Z\",\"message\":{\"id\":\"msg_" + i
                + "\",\"model\":\"claude-opus-4-6\",\"content\":[{\"type\":\"text\",\"text\":\""
                + text + "\"}]}}";
    }

    static String agent(int i, String toolId, String agentId) {
        return "{\"type\":\"assistant\",\"sessionId\":\"" + SID + "\",\"timestamp\":\"2026-11-02T09:01:00.000Z\","
                + "\"message\":{\"id\":\"msg_a" + i + "\",\"model\":\"m\",\"content\":[{\"type\":\"tool_use\",\"id\":\""
                + toolId + "\",\"name\":\"Agent\",\"input\":{\"description\":\"helper\"}}]}}\n"
                + "{\"type\":\"user\",\"sessionId\":\"" + SID
                + "\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\""
                + toolId + "\",\"content\":\"ok\"}]},\"toolUseResult\":{\"status\":\"completed\",\"agentId\":\""
                + agentId + "\"}}";
    }

    Story story() {
        Transcript t = new TranscriptSearch(List.of(tmp.resolve("projects")), List.of())
                .find(SID)
                .orElseThrow();
        return new StoryBuilder().build(t, true);
    }

    void write(String... lines) throws Exception {
        Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
    }

    @Test
    void truncatedAndMalformedLinesAndAFinalPartialLine() throws Exception {
        write(
                user("go"),
                text(1, "one"),
                "{\"type\":\"assistant\",\"message\":{\"id\":\"cut",
                "not json at all",
                "42",
                "{\"type\":\"brand-new-type\",\"x\":{}}",
                text(2, "two"),
                "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_3\",\"content\":[{\"type\":\"text\",\"text\":\"thr");
        Story s = story();
        assertThat(s.steps()).extracting(Step::text).containsExactly("one", "two");
        assertThat(s.skipped().unparseableLines()).isEqualTo(2);
        assertThat(s.skipped().nonObjectLines()).isEqualTo(1);
        assertThat(s.skipped().partialTailBytes()).isPositive();
        assertThat(s.skipped().unknownRecords()).isEqualTo(1);
        assertThat(s.outcome()).isEqualTo("two");
    }

    @Test
    void anEmptyFileAndAFileOfGarbageAnswerEmpty() throws Exception {
        write("");
        assertThat(story().steps()).isEmpty();
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n', '{', '\n'});
        Story s = story();
        assertThat(s.steps()).isEmpty();
        assertThat(s.skipped().badInput()).isPositive();
    }

    @Test
    void aTwoMegabyteLineIsReadAndItsNarrationCapped() throws Exception {
        String big = "x".repeat(2 * 1024 * 1024);
        write(user("go"), text(1, big), text(2, "after"));
        Story s = story();
        assertThat(s.steps()).hasSize(2);
        assertThat(s.steps().get(0).textTruncated()).isTrue();
        assertThat(s.steps().get(0).text().length()).isEqualTo(StoryBuilder.MAX_STEP_TEXT_CHARS + 1);
        assertThat(s.steps().get(1).text()).isEqualTo("after");
    }

    @Test
    void aMissingSubagentFileIsShownAsMissing() throws Exception {
        write(user("go"), agent(1, "toolu_1", "a0000000000000099"));
        Story s = story();
        Subagent sub = s.steps().get(0).subagent();
        assertThat(sub.missing()).isTrue();
        assertThat(sub.agentId()).isEqualTo("a0000000000000099");
        assertThat(s.skipped().missingSubagents()).isEqualTo(1);
    }

    @Test
    void anAgentIdThatIsAPathIsNeverOpened() throws Exception {
        Files.writeString(tmp.resolve("agent-x.jsonl"), user("secret") + "\n" + text(1, "secret"));
        write(user("go"), agent(1, "toolu_1", "../../../agent-x"));
        Subagent sub = story().steps().get(0).subagent();
        assertThat(sub.missing()).isTrue();
        assertThat(sub.steps()).isNull();
    }

    @Test
    void aSubagentNamingItselfAsItsParentIsACycle() throws Exception {
        String a = "a0000000000000001";
        Path subs = dir.resolve(SID).resolve("subagents");
        Files.createDirectories(subs);
        // the subagent's own call names the subagent itself, and its sidecar says its parent call is its own
        Files.writeString(subs.resolve("agent-" + a + ".jsonl"), user("sub") + "\n" + agent(2, "toolu_self", a));
        Files.writeString(
                subs.resolve("agent-" + a + ".meta.json"), "{\"toolUseId\":\"toolu_self\",\"name\":\"loop\"}");
        write(user("go"), agent(1, "toolu_1", a));
        Story s = story();
        Subagent sub = s.steps().get(0).subagent();
        assertThat(sub.cappedBy()).isNull();
        assertThat(sub.steps().get(0).subagent().cycle()).isTrue();
        assertThat(s.caps().cycles()).isEqualTo(1);
    }

    @Test
    void theStepBudgetIsSharedAndItsCapVisible() throws Exception {
        StringBuilder sb = new StringBuilder(user("go")).append('\n');
        for (int i = 0; i < StoryBuilder.STEP_BUDGET; i++)
            sb.append(text(i, "s" + i)).append('\n');
        sb.append(agent(1, "toolu_1", "a0000000000000001"));
        Path subs = dir.resolve(SID).resolve("subagents");
        Files.createDirectories(subs);
        Files.writeString(subs.resolve("agent-a0000000000000001.jsonl"), user("sub") + "\n" + text(1, "sub"));
        Files.writeString(file, sb);
        Story s = story();
        assertThat(s.stepCount()).isEqualTo(StoryBuilder.STEP_BUDGET + 1);
        assertThat(s.truncated()).isTrue();
        assertThat(s.steps()).hasSize(StoryBuilder.HEAD_STEPS + 1 + StoryBuilder.TAIL_STEPS);
        assertThat(s.steps().get(StoryBuilder.HEAD_STEPS).omitted())
                .isEqualTo(StoryBuilder.STEP_BUDGET + 1 - StoryBuilder.HEAD_STEPS - StoryBuilder.TAIL_STEPS);
        Subagent sub = s.steps().get(s.steps().size() - 1).subagent();
        assertThat(sub.budgetCapped()).isTrue();
        assertThat(s.caps().budgetCapped()).isEqualTo(1);
        assertThat(s.caps().truncatedStories()).isEqualTo(1);
    }

    @Test
    void aFileGrowingWhileItIsReadNeverThrows() throws Exception {
        write(user("go"), text(0, "first"), "");
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            int i = 1;
            // bounded, so the file stays within the reader's caps however slow the reads are
            while (!stop.get() && i <= 2_000) {
                try {
                    // half a record, then the rest: readers see partial lines
                    String line = text(i++, "more") + "\n";
                    int half = line.length() / 2;
                    Files.writeString(file, line.substring(0, half), StandardOpenOption.APPEND);
                    Files.writeString(file, line.substring(half), StandardOpenOption.APPEND);
                } catch (Exception e) {
                    return;
                }
            }
        });
        writer.start();
        try {
            int last = 0;
            for (int k = 0; k < 50; k++) {
                Story s = story();
                assertThat(s.steps()).isNotEmpty();
                assertThat(s.steps().get(0).text()).isEqualTo("first");
                assertThat(s.skipped().unparseableLines()).isZero();
                assertThat(s.stepCount()).isGreaterThanOrEqualTo(last);
                last = s.stepCount();
            }
        } finally {
            stop.set(true);
            writer.join();
        }
    }

    @Test
    void aTranscriptDeletedAfterItWasFoundAnswersEmpty() throws Exception {
        write(user("go"), text(1, "one"));
        Transcript t = new TranscriptSearch(List.of(tmp.resolve("projects")), List.of())
                .find(SID)
                .orElseThrow();
        Files.delete(file);
        Story s = new StoryBuilder().build(t, true);
        assertThat(s.steps()).isEmpty();
        assertThat(s.skipped().unreadableFiles()).isEqualTo(1);
    }
}
