package dev.tj.core.history;

import dev.tj.core.agent.ClaudeCode;
import dev.tj.core.diagnostic.CallWindow;
import dev.tj.core.diagnostic.LlmCall;
import dev.tj.core.diagnostic.ToolInput;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Usage;
import dev.tj.core.transcript.CallRecord;
import dev.tj.core.transcript.ReadDepth;
import dev.tj.core.transcript.Timestamps;
import dev.tj.core.transcript.ToolUse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Claude Code's calls of a window straight from its history on disk, read, de-duplicated and priced
 * as {@code tj quickstart} and {@code tj backfill} do (so they add up to what {@code tj cost} says
 * after a backfill): what {@code tj blocks} and the cost diagnostics compute from when no daemon runs.
 */
public final class HistoryCalls {
    private HistoryCalls() {}

    /**
     * @param errors files that could not be read (path: reason)
     */
    public record Read(CallWindow window, int filesRead, List<String> errors) {}

    /**
     * @param since only calls at or after it (null: all)
     * @param until only calls before it (null: no bound)
     */
    public static Read read(List<Path> roots, Instant since, Instant until, Pricing pricing, int threads) {
        return read(roots, since, until, pricing == null ? null : () -> pricing, threads, ReadDepth.LINKS);
    }

    /**
     * @param pricing the rates, asked for once (null: no prices)
     * @param depth {@link ReadDepth#TOOL_TARGETS} also reads what each tool call was pointed at (files
     *              read, patterns searched), for the recurring inclusions of {@code tj context};
     *              {@link ReadDepth#CALLS} reads usage only (no subagent parents), the fastest
     */
    public static Read read(
            List<Path> roots, Instant since, Instant until, Supplier<Pricing> pricing, int threads, ReadDepth depth) {
        // the rates are loaded at the first call (parsing TOML takes a while), as the readers parse on
        Pricing[] rates = new Pricing[1];
        boolean toolTargets = depth.keepsToolTargets();
        long sinceMs = since == null ? Timestamps.NONE : since.toEpochMilli();
        List<ClaudeHistory.ReadTask> tasks = new ArrayList<>();
        for (HistoryFile f : FileLister.claudeCode(roots)) {
            if (since != null && f.mtimeMillis() < sinceMs) continue; // nothing in it can be newer
            tasks.add(new ClaudeHistory.ReadTask(f, 0, true));
        }
        List<LlmCall> calls = new ArrayList<>();
        Map<String, Long> tools = new HashMap<>();
        List<ToolInput> inputs = new ArrayList<>();
        ClaudeHistory.Merged merged = ClaudeHistory.stream(
                tasks,
                threads > 0 ? threads : ClaudeHistory.defaultThreads(),
                sinceMs,
                new Progress(),
                depth,
                (m, results) -> {
                    CallRecord c = m.call();
                    if (until != null && c.lastTs() >= until.toEpochMilli()) return;
                    Usage u = HistorySpans.usage(c);
                    if (rates[0] == null && pricing != null) rates[0] = pricing.get();
                    double usd = rates[0] == null
                            ? 0
                            : Quickstart.quote(rates[0], c, u).costUsd();
                    calls.add(new LlmCall(
                            m.sessionId(),
                            m.subAgentId(),
                            ClaudeCode.AGENT_ID,
                            HistorySpans.claudeProvider(c.model()),
                            c.model(),
                            Instant.ofEpochMilli(c.lastTs()),
                            u,
                            usd));
                    if (!c.tools().isEmpty() && m.sessionId() != null)
                        tools.merge(m.sessionId(), (long) c.tools().size(), Long::sum);
                    if (toolTargets)
                        for (ToolUse t : c.tools())
                            if (t.target() != null) inputs.add(new ToolInput(m.sessionId(), t.name(), t.target()));
                });
        calls.sort(Comparator.comparing(LlmCall::time));
        return new Read(
                new CallWindow(since, until, calls, tools, inputs, toolTargets, "transcripts"),
                merged.filesRead(),
                merged.errors());
    }
}
