package dev.tj.core.storage;

import dev.tj.core.diagnostic.LlmCall;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The calls of a window, for the cost diagnostics ({@code tj context}, {@code tj quota-audit}). Any
 * thread, at any time; committed data only. Bounds: {@code since} inclusive, {@code until} exclusive,
 * on the span's start; null means unbounded; a null agent means every agent.
 */
public interface CallReads {
    /**
     * LLM-call spans ({@code gen_ai.llm.call}) that have a model, ordered by start time then span id,
     * each with its session, subagent, agent, provider, usage and our price (0 when unpriced).
     */
    List<LlmCall> llmCalls(Instant since, Instant until, String agentId);

    /** Tool calls (spans with a tool name that are not tool decisions) per session id; sessionless ones are left out. */
    Map<String, Long> toolCallsBySession(Instant since, Instant until, String agentId);
}
