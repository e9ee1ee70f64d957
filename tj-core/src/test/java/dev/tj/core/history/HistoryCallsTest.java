package dev.tj.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.diagnostic.ContextDiagnostic;
import dev.tj.core.diagnostic.LlmCall;
import dev.tj.core.diagnostic.RecurringInclusions;
import dev.tj.core.diagnostic.ToolInput;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Usage;
import dev.tj.core.transcript.ReadDepth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claude Code transcripts into the diagnostics' calls: usage, price, tool counts and (when asked) tool targets. */
class HistoryCallsTest {
    @TempDir
    Path root;

    static String assistant(String sid, String ts, String id, String tools) {
        return "{\"type\":\"assistant\",\"sessionId\":\"" + sid + "\",\"timestamp\":\"" + ts
                + "\",\"message\":{\"id\":\""
                + id + "\",\"model\":\"claude-opus-4-6\",\"content\":[" + tools + "],\"stop_reason\":\"tool_use\","
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":100,\"cache_read_input_tokens\":1000,"
                + "\"cache_creation_input_tokens\":200}}}\n";
    }

    static String tool(String id, String name, String input) {
        return "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":" + input + "}";
    }

    void write() throws Exception {
        Path proj = Files.createDirectories(root.resolve("-home-dev-app"));
        for (int i = 1; i <= 3; i++) {
            String sid = "s" + i;
            String tools = tool("toolu_r" + i, "Read", "{\"file_path\":\"/repo/CLAUDE.md\",\"limit\":200}")
                    + (i < 3 ? "," + tool("toolu_g" + i, "Grep", "{\"pattern\":\"TODO\",\"path\":\"/repo\"}") : "")
                    + "," + tool("toolu_b" + i, "Bash", "{\"command\":\"ls\"}");
            Files.writeString(
                    proj.resolve(sid + ".jsonl"), assistant(sid, "2026-11-0" + i + "T10:00:00Z", "msg_" + i, tools));
        }
    }

    @Test
    void callsToolCountsAndTargets() throws Exception {
        write();
        HistoryCalls.Read r =
                HistoryCalls.read(List.of(root), null, null, Pricing::packaged, 1, ReadDepth.TOOL_TARGETS);
        assertThat(r.filesRead()).isEqualTo(3);
        List<LlmCall> calls = r.window().calls();
        assertThat(calls).extracting(LlmCall::sessionId).containsExactly("s1", "s2", "s3");
        LlmCall c = calls.get(0);
        assertThat(c.usage()).isEqualTo(new Usage(10, 100, 1000, 200, 0));
        assertThat(c.agentId()).isEqualTo("claude-code");
        assertThat(c.time()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        // opus-4-6: 10 * 5 + 100 * 25 + 1,000 * 0.5 + 200 * 6.25 micro-dollars
        assertThat(c.costUsd()).isCloseTo(0.0043, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.window().toolCallsBySession()).isEqualTo(Map.of("s1", 3L, "s2", 3L, "s3", 2L));
        assertThat(r.window().toolInputsCaptured()).isTrue();
        assertThat(r.window().toolInputs())
                .containsExactlyInAnyOrder(
                        new ToolInput("s1", "Read", "/repo/CLAUDE.md"),
                        new ToolInput("s2", "Read", "/repo/CLAUDE.md"),
                        new ToolInput("s3", "Read", "/repo/CLAUDE.md"),
                        new ToolInput("s1", "Grep", "TODO"),
                        new ToolInput("s2", "Grep", "TODO"));
        // the file read in all three sessions recurs; the search in two does not
        assertThat(ContextDiagnostic.of(r.window()).recurring())
                .containsExactly(new RecurringInclusions.Inclusion("file", "Read", "/repo/CLAUDE.md", 3, 3));

        HistoryCalls.Read plain = HistoryCalls.read(List.of(root), null, null, Pricing::packaged, 1, ReadDepth.LINKS);
        assertThat(plain.window().toolInputsCaptured()).isFalse();
        assertThat(plain.window().toolInputs()).isEmpty();
        assertThat(plain.window().calls()).isEqualTo(calls);
        // usage only (tj blocks): the same calls, lines without usage unread
        HistoryCalls.Read usageOnly =
                HistoryCalls.read(List.of(root), null, null, Pricing::packaged, 1, ReadDepth.CALLS);
        assertThat(usageOnly.window().calls()).containsExactlyInAnyOrderElementsOf(calls);

        // the window: since is inclusive, until exclusive
        HistoryCalls.Read mid = HistoryCalls.read(
                List.of(root),
                Instant.parse("2026-11-02T10:00:00Z"),
                Instant.parse("2026-11-03T10:00:00Z"),
                Pricing::packaged,
                1,
                ReadDepth.LINKS);
        assertThat(mid.window().calls()).extracting(LlmCall::sessionId).containsExactly("s2");
    }
}
