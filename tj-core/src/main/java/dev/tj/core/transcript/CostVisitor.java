package dev.tj.core.transcript;

import dev.tj.core.agent.ClaudeCode;
import dev.tj.core.span.Usage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The records a cost read keeps, folded into a {@link ClaudeFile}: API responses (several streaming
 * snapshots per response: the LAST one's usage wins, tool_use blocks of every snapshot are kept; 5-minute
 * and 1-hour cache writes kept apart; {@code <synthetic>} models and records without usage skipped and
 * counted; records without a timestamp dated from neighbours), tool results and subagent links
 * (reference §1.4–1.7).
 */
final class CostVisitor implements RecordVisitor {
    /** "agentId: a1b2c3d" in a Task/Agent result text (also agent_id, and = instead of :). */
    private static final Pattern AGENT_ID_LABEL =
            Pattern.compile("agent(?:Id|_id|ID)\\s*[:=]\\s*\"?([0-9a-f]{7,17})(?![0-9a-zA-Z])");

    private static final Pattern HEX_TOKEN = Pattern.compile("(?<![0-9a-zA-Z])([0-9a-f]{7,17})(?![0-9a-zA-Z])");

    private final ClaudeFile f;
    private final ParseStats st;
    /** Task/Agent tool_use ids: only their results' text is read (a subagent id may be in it). */
    private final Set<String> taskToolIds = new HashSet<>();

    private final List<CallRecord> undated = new ArrayList<>();
    private long lastTs = Timestamps.NONE;
    /** The dedup key of the last record when it was (a snapshot of) an API response, else null. */
    private String lastRecordCallKey;

    private final ReadDepth depth;

    CostVisitor(ClaudeFile f, ReadDepth depth) {
        this.f = f;
        this.st = f.stats;
        this.depth = depth;
    }

    @Override
    public boolean wantsToolInputs() {
        return depth.keepsToolTargets();
    }

    @Override
    public boolean callsOnly() {
        return depth.callsOnly();
    }

    @Override
    public boolean wantsResultText(String toolUseId) {
        return taskToolIds.contains(toolUseId);
    }

    @Override
    public void record(ClaudeRecord r, long lineOffset, int lineNo) {
        long ts = r.ts;
        if (ts != Timestamps.NONE) {
            if (f.firstTs == Timestamps.NONE) f.firstTs = ts;
            if (f.earliestTs == Timestamps.NONE || ts < f.earliestTs) f.earliestTs = ts;
            lastTs = ts;
            if (!undated.isEmpty()) {
                for (CallRecord c : undated) if (c.firstTs == Timestamps.NONE) c.firstTs = c.lastTs = ts;
                undated.clear();
            }
        }
        if (f.firstSessionId == null && r.sessionId != null) f.firstSessionId = r.sessionId;
        if (f.firstCwd == null && r.cwd != null) f.firstCwd = r.cwd;
        lastRecordCallKey = apply(r, lineOffset);
    }

    /** @return the dedup key when the record was (a snapshot of) an API response, else null */
    private String apply(ClaudeRecord r, long lineOffset) {
        if (r.toolUseResultAgentId != null) {
            for (int i = 0; i < r.results.size(); i++)
                f.agentLinks.putIfAbsent(
                        r.toolUseResultAgentId, r.results.get(i).toolUseId());
        }
        for (int i = 0; i < r.results.size(); i++) {
            ClaudeRecord.Result res = r.results.get(i);
            if (res.toolUseId() == null) continue;
            if (depth.keepsResults()) f.results.put(res.toolUseId(), new ToolResult(res.error(), r.ts));
            if (res.text() != null && taskToolIds.contains(res.toolUseId())) {
                List<String> cands = agentCandidates(res.text());
                if (!cands.isEmpty()) f.agentTextCandidates.put(res.toolUseId(), cands);
            }
        }
        for (int i = 0; i < r.tools.size(); i++) {
            ToolUse t = r.tools.get(i);
            if ("Task".equals(t.name()) || "Agent".equals(t.name())) taskToolIds.add(t.id());
        }
        if (!"assistant".equals(r.type) || !r.hasMessage) return null;
        if (!r.hasUsage) {
            st.noUsageRecords++;
            return null;
        }
        if (r.model == null || r.model.isEmpty()) {
            st.noModelRecords++;
            return null;
        }
        if ("<synthetic>".equals(r.model)) {
            st.syntheticRecords++;
            return null;
        }
        String key = r.msgId != null
                ? r.msgId
                : r.requestId != null
                        ? "req:" + r.requestId
                        : r.uuid != null ? "uuid:" + r.uuid : "line:" + f.path + "@" + lineOffset;
        CallRecord c = f.calls.get(key);
        if (c == null) {
            c = new CallRecord(key, r.msgId, lineOffset);
            f.calls.put(key, c);
        } else {
            st.snapshotRecords++;
        }
        // the last snapshot's fields win
        if (r.requestId != null) c.requestId = r.requestId;
        c.sessionId = r.sessionId != null ? r.sessionId : c.sessionId;
        c.subAgentId = r.isSidechain && r.agentId != null ? r.agentId : c.subAgentId;
        c.model = r.model;
        c.stopped = r.stopped;
        if (r.cwd != null) c.cwd = r.cwd;
        c.input = r.input;
        c.output = r.output;
        c.cacheRead = r.cacheRead;
        Usage u = ClaudeCode.usage(
                r.input,
                r.output,
                r.cacheRead,
                r.cacheCreation < 0 ? null : r.cacheCreation,
                r.hasSplit ? r.eph5m : null,
                r.hasSplit ? r.eph1h : null);
        c.cacheWrite1h = u.cacheWrite1h();
        c.cacheWrite5m = u.cacheWrite5m();
        c.speed = r.speed;
        c.inferenceGeo = r.inferenceGeo;
        if (r.ts != Timestamps.NONE) {
            if (c.firstTs == Timestamps.NONE) c.firstTs = r.ts;
            c.lastTs = r.ts;
        } else if (c.firstTs == Timestamps.NONE) {
            st.undatedCalls++;
            if (lastTs != Timestamps.NONE) c.firstTs = c.lastTs = lastTs;
            else undated.add(c);
        }
        for (int i = 0; i < r.tools.size(); i++) {
            ToolUse t = r.tools.get(i);
            if (depth.keepsToolTargets() && i < r.toolInputs.size())
                t = new ToolUse(t.id(), t.name(), ToolUse.target(t.name(), r.toolInputs.get(i)));
            c.addTool(t);
        }
        return key;
    }

    /**
     * After the last line: calls still undated take the file's mtime; in a file that may still be
     * written to ({@code settled} false) the last API response is held back when nothing follows it
     * and its last snapshot has no stop_reason (its final snapshot may be yet to come): the next read
     * starts at its first line.
     */
    void finish(boolean settled) {
        for (CallRecord c : undated) if (c.firstTs == Timestamps.NONE) c.firstTs = c.lastTs = f.mtimeMillis;
        if (!settled && lastRecordCallKey != null) {
            CallRecord last = f.calls.get(lastRecordCallKey);
            if (last != null && !last.stopped) {
                f.calls.remove(lastRecordCallKey);
                f.nextOffset = last.firstLineOffset;
            }
        }
    }

    static List<String> agentCandidates(String text) {
        List<String> out = new ArrayList<>(2);
        Matcher m = AGENT_ID_LABEL.matcher(text);
        while (m.find() && out.size() < 4) out.add(m.group(1));
        if (!out.isEmpty()) return out;
        m = HEX_TOKEN.matcher(text);
        while (m.find() && out.size() < 16) out.add(m.group(1));
        return out;
    }
}
