package dev.tj.core.agent;

import dev.tj.core.span.Usage;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's Codex CLI as tj knows it, for both of its wire shapes: OTLP log events
 * ({@code codex.sse_event} ...) and rollout files ({@code ~/.codex/sessions/.../rollout-*.jsonl}).
 *
 * <p>Codex reports usage the OpenAI way: input includes cached (and cache-written) tokens, output
 * includes reasoning tokens. {@link #usage} turns that into tj's convention (docs/tokens.md), so that
 * a Codex call's total equals OpenAI's {@code total_tokens} and "input" means one thing everywhere.
 */
public final class Codex {
    private Codex() {}

    /**
     * The agent id when Codex does not name itself. Codex's {@code service.name} and a rollout's
     * {@code session_meta.originator} are the same value ({@code codex_exec} for {@code codex exec},
     * the interactive CLI's name otherwise), so both paths give the same work the same agent id;
     * {@code codex_exec} is also what TokenJam stored.
     */
    public static final String AGENT_ID = "codex_exec";
    /** The OTLP attribute naming the session (the rollout's {@code session_meta.id}). */
    public static final String SESSION_KEY = "conversation.id";

    public static final String PROVIDER = "openai";
    public static final String EVENT_PREFIX = "codex.";
    /** The model assumed when a rollout never names one (marked {@code model_guessed}). */
    public static final String DEFAULT_MODEL = "gpt-5";

    /** Most specific first: Codex's own line, a rollout's JSON metadata, then a plain "Exit code: n". */
    private static final List<Pattern> EXIT_CODE = List.of(
            Pattern.compile("Process exited with code (-?\\d+)"),
            Pattern.compile("\"exit_code\"\\s*:\\s*(-?\\d+)"),
            Pattern.compile("(?m)^Exit code:\\s*(-?\\d+)"));

    public static String traceId(String sessionId) {
        return SpanIds.trace(sessionId);
    }

    /** The agent id for a service name / originator, {@link #AGENT_ID} when there is none. */
    public static String agentId(String serviceNameOrOriginator) {
        return serviceNameOrOriginator == null || serviceNameOrOriginator.isBlank()
                ? AGENT_ID
                : serviceNameOrOriginator;
    }

    /**
     * One response's usage in tj's convention.
     *
     * @param input      OpenAI input tokens, cached and cache-written ones included
     * @param cached     cached input tokens (read from cache)
     * @param cacheWrite input tokens written to cache
     * @param output     output tokens, reasoning included (never added again)
     */
    public static Usage usage(long input, long cached, long cacheWrite, long output) {
        long read = Math.max(0, cached);
        long write = Math.max(0, cacheWrite);
        return new Usage(Math.max(0, input - read - write), Math.max(0, output), read, write, 0);
    }

    /**
     * The exit code a tool's output reports ("…Process exited with code 3…", "Exit code: 3"), or null.
     * Codex marks such a call {@code success=true}; only the output tells that the command failed.
     */
    public static Integer exitCode(String output) {
        if (output == null || output.isEmpty()) return null;
        for (Pattern p : EXIT_CODE) {
            Matcher m = p.matcher(output);
            if (!m.find()) continue;
            try {
                return Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
