package dev.tj.core.diagnostic;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The calls of a window, whatever source read them: what every diagnostic is computed from.
 *
 * @param since              inclusive start, null for all history
 * @param toolCallsBySession tool calls (not tool decisions) per session in the window
 * @param toolInputs         tool targets, empty unless {@code toolInputsCaptured}
 * @param source             "daemon", "database" or "transcripts", for the reader of the JSON
 */
public record CallWindow(
        Instant since,
        Instant until,
        List<LlmCall> calls,
        Map<String, Long> toolCallsBySession,
        List<ToolInput> toolInputs,
        boolean toolInputsCaptured,
        String source) {
    public CallWindow {
        calls = List.copyOf(calls);
        toolCallsBySession = Map.copyOf(toolCallsBySession);
        toolInputs = List.copyOf(toolInputs);
    }

    public long toolCalls(String sessionId) {
        return toolCallsBySession.getOrDefault(sessionId, 0L);
    }
}
