package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.diagnostic.LlmCall;
import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.CallReads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CallReads}: the LLM calls of a window ({@code gen_ai.llm.call} spans with a model, start in
 * [since, until), one agent or all) in start order with their session, subagent, agent, provider,
 * usage (cache writes split by TTL) and price; tool calls per session over the same window, tool
 * decisions and sessionless tools left out.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses.
 */
public abstract class CallReadsSuite extends StorageSuiteBase {
    protected CallReads calls() {
        return storage.calls();
    }

    private static Span llm(String id, String session, String agent, int minute, String model, Usage u, Double cost) {
        return span(id, session, agent, T0.plusSeconds(60L * minute))
                .model(model)
                .provider("anthropic")
                .usage(u)
                .costUsd(cost)
                .build();
    }

    private static Span tool(String id, String session, String agent, int minute, String name, String tool) {
        return span(id, session, agent, T0.plusSeconds(60L * minute))
                .name(name)
                .toolName(tool)
                .build();
    }

    private void seed() {
        commitSpans(
                llm("c2", "s1", "claude-code", 2, "claude-opus-4-8", new Usage(10, 20, 30, 40, 5), 0.25),
                span("c1", "s1", "claude-code", T0.plusSeconds(60))
                        .model("claude-sonnet-4-6")
                        .provider("anthropic")
                        .subAgentId("agent-7")
                        .usage(new Usage(1, 2, 3, 4, 0))
                        .costUsd(0.5)
                        .build(),
                llm("c3", "s2", "codex", 3, "gpt-5", new Usage(100, 0, 0, 0, 0), null),
                llm("before", "s1", "claude-code", -1, "claude-opus-4-8", new Usage(1, 1, 1, 1, 0), 1.0),
                llm("at-until", "s1", "claude-code", 10, "claude-opus-4-8", new Usage(1, 1, 1, 1, 0), 1.0),
                llm("no-model", "s1", "claude-code", 4, null, new Usage(1, 1, 1, 1, 0), null),
                span("other", "s1", "claude-code", T0.plusSeconds(300))
                        .name("invoke_agent")
                        .model("claude-opus-4-8")
                        .build(),
                tool("t1", "s1", "claude-code", 2, "tool_call", "Read"),
                tool("t2", "s1", "claude-code", 3, "tool_call", "Bash"),
                tool("t3", "s2", "codex", 3, "tool_call", "shell"),
                tool("d1", "s1", "claude-code", 3, "tool_decision", "Read"),
                tool("t-before", "s1", "claude-code", -1, "tool_call", "Read"),
                tool("t-none", null, "claude-code", 2, "tool_call", "Read"));
    }

    @Test
    protected void llmCallsOfTheWindowInStartOrder() {
        seed();
        List<LlmCall> all = calls().llmCalls(T0, T0.plusSeconds(600), null);
        assertThat(all).extracting(LlmCall::model).containsExactly("claude-sonnet-4-6", "claude-opus-4-8", "gpt-5");
        LlmCall first = all.get(0);
        assertThat(first.sessionId()).isEqualTo("s1");
        assertThat(first.subAgentId()).isEqualTo("agent-7");
        assertThat(first.agentId()).isEqualTo("claude-code");
        assertThat(first.provider()).isEqualTo("anthropic");
        assertThat(first.time()).isEqualTo(T0.plusSeconds(60));
        assertThat(first.costUsd()).isEqualTo(0.5);
        LlmCall second = all.get(1);
        assertThat(second.subAgentId()).isNull();
        assertThat(second.usage()).isEqualTo(new Usage(10, 20, 30, 40, 5));
        assertThat(second.costUsd()).isEqualTo(0.25);
        assertThat(all.get(2).costUsd()).isZero(); // unpriced

        assertThat(calls().llmCalls(T0, T0.plusSeconds(600), "codex"))
                .extracting(LlmCall::sessionId)
                .containsExactly("s2");
        assertThat(calls().llmCalls(null, null, "claude-code")).hasSize(4);
        assertThat(calls().llmCalls(null, null, "nobody")).isEmpty();
    }

    @Test
    protected void toolCallsPerSessionOverTheSameWindow() {
        seed();
        assertThat(calls().toolCallsBySession(T0, T0.plusSeconds(600), null)).isEqualTo(Map.of("s1", 2L, "s2", 1L));
        assertThat(calls().toolCallsBySession(T0, T0.plusSeconds(600), "codex")).isEqualTo(Map.of("s2", 1L));
        assertThat(calls().toolCallsBySession(null, null, "claude-code")).isEqualTo(Map.of("s1", 3L));
    }

    @Test
    protected void anEmptyStoreHasNoCalls() {
        assertThat(calls().llmCalls(null, null, null)).isEmpty();
        assertThat(calls().toolCallsBySession(null, null, null)).isEmpty();
    }
}
