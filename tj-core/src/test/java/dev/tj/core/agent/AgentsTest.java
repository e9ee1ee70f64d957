package dev.tj.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.span.Usage;
import dev.tj.core.status.StatusService;
import org.junit.jupiter.api.Test;

class AgentsTest {
    @Test
    void claudeCodeCacheWritesSplitOneWayForBothWireShapes() {
        // no split: every write is a 5-minute write
        assertThat(ClaudeCode.usage(1, 2, 3, 400L, null, null)).isEqualTo(new Usage(1, 2, 3, 400, 0));
        assertThat(ClaudeCode.usage(1, 2, 3, null, null, null)).isEqualTo(new Usage(1, 2, 3, 0, 0));
        // a consistent split
        assertThat(ClaudeCode.usage(1, 2, 3, 400L, 100L, 300L)).isEqualTo(new Usage(1, 2, 3, 100, 300));
        // the total is what was billed: the 1h part cannot exceed it, the rest is 5m
        assertThat(ClaudeCode.usage(0, 0, 0, 200L, 100L, 300L)).isEqualTo(new Usage(0, 0, 0, 0, 200));
        assertThat(ClaudeCode.usage(0, 0, 0, 500L, 100L, 300L)).isEqualTo(new Usage(0, 0, 0, 200, 300));
        // no total: the parts are the total
        assertThat(ClaudeCode.usage(0, 0, 0, null, 100L, 300L)).isEqualTo(new Usage(0, 0, 0, 100, 300));
        // only one part given
        assertThat(ClaudeCode.usage(0, 0, 0, 400L, 100L, null)).isEqualTo(new Usage(0, 0, 0, 100, 300));
        assertThat(ClaudeCode.usage(0, 0, 0, 400L, null, 300L)).isEqualTo(new Usage(0, 0, 0, 100, 300));
    }

    @Test
    void codexUsageTakesCachedAndWrittenTokensOutOfInput() {
        Usage u = Codex.usage(5493, 2100, 0, 700);
        assertThat(u).isEqualTo(new Usage(3393, 700, 2100, 0, 0));
        assertThat(u.total()).isEqualTo(5493 + 700); // OpenAI's total_tokens = input + output
        assertThat(Codex.usage(10, 20, 0, 1))
                .isEqualTo(new Usage(0, 1, 20, 0, 0)); // inconsistent counts never go negative
    }

    @Test
    void codexExitCodesAreReadFromToolOutput() {
        assertThat(Codex.exitCode("Chunk ID: a\nWall time: 0.1 seconds\nProcess exited with code 3\nOutput:\n"))
                .isEqualTo(3);
        assertThat(Codex.exitCode("{\"output\":\"x\",\"metadata\":{\"exit_code\": 1}}"))
                .isEqualTo(1);
        assertThat(Codex.exitCode("Exit code: 0\nWall time: 1s")).isZero();
        assertThat(Codex.exitCode("all good")).isNull();
        assertThat(Codex.exitCode(null)).isNull();
    }

    @Test
    void oneAgentIdPerAgentAndBothCountAsCodingAgents() {
        assertThat(Codex.agentId(null)).isEqualTo("codex_exec").isEqualTo(Codex.AGENT_ID);
        assertThat(Codex.agentId("codex_tui")).isEqualTo("codex_tui");
        for (String id : new String[] {"claude-code", "claude-code-ci", "codex_exec", "codex_cli_rs", "codex-cli"}) {
            assertThat(StatusService.kind(id)).as(id).isEqualTo("coding");
        }
        assertThat(StatusService.kind("my-sdk-app")).isEqualTo("sdk");
        assertThat(StatusService.kind(null)).isEqualTo("sdk");
    }

    @Test
    void traceIdsAreMd5OfTheSessionOnEveryPath() {
        assertThat(SpanIds.trace("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(ClaudeCode.traceId("abc"))
                .isEqualTo(Codex.traceId("abc"))
                .isEqualTo(dev.tj.core.history.Ids.trace("abc"));
        assertThat(SpanIds.md5_16("abc")).isEqualTo("900150983cd24fb0");
    }
}
