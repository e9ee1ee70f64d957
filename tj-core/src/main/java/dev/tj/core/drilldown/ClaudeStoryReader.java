package dev.tj.core.drilldown;

import dev.tj.core.agent.AgentTools;
import dev.tj.core.transcript.ClaudeRecord;
import dev.tj.core.transcript.RecordVisitor;
import dev.tj.core.transcript.Timestamps;
import dev.tj.core.transcript.ToolUse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Timeline's visitor over one Claude Code transcript file (main or subagent), fed by the same
 * {@code LineFramer} as the cost read: keeps one draft per assistant record with text or tools, the
 * human asks, tool outcomes, and how each Task/Agent call resolved to a subagent. Only user and
 * assistant records are read; every other type (bookkeeping, {@code api-request-blob} copies of
 * request content) is counted as unknown and never becomes a step.
 */
final class ClaudeStoryReader implements RecordVisitor {
    /** "agentId: a1b2c3d" in a Task/Agent result (also agent_id, =), else a bare 16-17 hex token. */
    private static final Pattern AGENT_ID_LABEL =
            Pattern.compile("agent(?:Id|_id|ID)\\s*[:=]\\s*\"?([0-9a-f]{7,17})(?![0-9a-zA-Z])");

    private static final Pattern HEX_TOKEN = Pattern.compile("(?<![0-9a-zA-Z])([0-9a-f]{16,17})(?![0-9a-zA-Z])");

    /** One tool_use of a draft. */
    record DraftTool(String id, String name, String label, Map<String, String> spawnInput) {}

    /** One assistant record that will become a step (if it has text or tools). */
    record Draft(long ts, String text, List<DraftTool> tools, String model, String ask) {}

    final List<Draft> drafts = new ArrayList<>();
    final Map<String, Boolean> toolErrors = new HashMap<>();
    /** Task/Agent tool_use id → the agent id its result named (toolUseResult.agentId, else its text). */
    final Map<String, String> spawnAgent = new HashMap<>();
    /** Task/Agent tool_use id → async_launched when it went to the background. */
    final Map<String, String> spawnResultStatus = new HashMap<>();
    /** tool_use id or agent id → status from a later task notification. */
    final Map<String, String> notified = new HashMap<>();

    String task;
    long unknownRecords, resumedCopies, replayedRecords, firstTs = Timestamps.NONE, lastTs = Timestamps.NONE;

    private final Set<String> spawnIds = new HashSet<>();
    private final boolean isMain;
    private final boolean asks;
    private final Set<String> ancestorMessages;
    private final Set<String> ancestorPrompts;
    private boolean seenUser, seenOwnAssistant;
    private String pendingAsk;
    /** This file's message ids and prompts, handed to its children (fork replays are skipped). */
    final Set<String> messageIds = new HashSet<>();

    final Set<String> prompts = new HashSet<>();

    ClaudeStoryReader(boolean isMain, boolean asks, Set<String> ancestorMessages, Set<String> ancestorPrompts) {
        this.isMain = isMain;
        this.asks = asks;
        this.ancestorMessages = ancestorMessages;
        this.ancestorPrompts = ancestorPrompts;
    }

    @Override
    public boolean wantsText() {
        return true;
    }

    @Override
    public boolean wantsResultText(String toolUseId) {
        return spawnIds.contains(toolUseId);
    }

    @Override
    public boolean wantsToolInputs() {
        return true;
    }

    @Override
    public void record(ClaudeRecord r, long lineOffset, int lineNo) {
        String type = r.type();
        if ("queue-operation".equals(type)) {
            notice(r.topContent());
            unknownRecords++;
            return;
        }
        if ("user".equals(type)) user(r);
        else if ("assistant".equals(type)) assistant(r);
        else unknownRecords++;
    }

    private void user(ClaudeRecord r) {
        for (ClaudeRecord.Result res : r.toolResults()) {
            if (res.toolUseId() == null) continue;
            toolErrors.put(res.toolUseId(), res.error());
            if (!spawnIds.contains(res.toolUseId())) continue;
            if (r.toolUseResultAgentId() != null) spawnAgent.putIfAbsent(res.toolUseId(), r.toolUseResultAgentId());
            else if (res.text() != null) {
                String id = agentIdIn(res.text());
                if (id != null) spawnAgent.putIfAbsent(res.toolUseId(), id);
            }
            if (r.toolUseResultStatus() != null) spawnResultStatus.put(res.toolUseId(), r.toolUseResultStatus());
        }
        String text = String.join("\n", r.texts());
        notice(text);
        if (!r.toolResults().isEmpty()) return;
        seenUser = true;
        if (r.isMeta()) return;
        String prompt = Harness.strip(text);
        if (prompt.isEmpty()) return;
        if (!seenOwnAssistant && ancestorPrompts.contains(prompt)) {
            replayedRecords++; // a fork subagent's copy of its parent's conversation
            return;
        }
        prompts.add(prompt);
        String trimmed = AgentTools.trim(prompt, StoryBuilder.MAX_PROMPT_CHARS);
        if (task == null) task = trimmed;
        if (asks) pendingAsk = trimmed;
    }

    private void notice(String text) {
        for (Harness.Notification n : Harness.notifications(text)) {
            if (n.status() == null) continue;
            if (n.toolUseId() != null) notified.put(n.toolUseId(), n.status());
            if (n.taskId() != null) notified.put(n.taskId(), n.status());
        }
    }

    private void assistant(ClaudeRecord r) {
        String mid = r.messageId();
        if (isMain && !seenUser) {
            resumedCopies++; // a resumed session starts with copies of the session it resumed
            return;
        }
        if (mid != null && ancestorMessages.contains(mid)) {
            replayedRecords++;
            return;
        }
        if (mid != null) messageIds.add(mid);
        seenOwnAssistant = true;
        if (r.timestamp() != Timestamps.NONE) {
            if (firstTs == Timestamps.NONE) firstTs = r.timestamp();
            lastTs = r.timestamp();
        }
        List<String> texts = r.texts();
        StringBuilder sb = new StringBuilder();
        for (String t : texts) {
            if (t == null || t.isBlank()) continue;
            if (sb.length() > 0) sb.append('\n');
            sb.append(t);
        }
        List<ToolUse> uses = r.toolUses();
        List<Map<String, String>> inputs = r.toolInputs();
        List<DraftTool> tools = new ArrayList<>(uses.size());
        for (int i = 0; i < uses.size(); i++) {
            ToolUse u = uses.get(i);
            Map<String, String> in = i < inputs.size() ? inputs.get(i) : Map.of();
            boolean spawn = AgentTools.spawnsSubagent(u.name());
            if (spawn) spawnIds.add(u.id());
            tools.add(new DraftTool(u.id(), u.name(), AgentTools.label(u.name(), in), spawn ? Map.copyOf(in) : null));
        }
        if (sb.isEmpty() && tools.isEmpty()) return; // thinking-only or empty
        drafts.add(new Draft(r.timestamp(), sb.toString(), tools, r.model(), pendingAsk));
        pendingAsk = null;
    }

    static String agentIdIn(String text) {
        Matcher m = AGENT_ID_LABEL.matcher(text);
        if (m.find()) return m.group(1);
        m = HEX_TOKEN.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    static String iso(long ts) {
        return ts == Timestamps.NONE ? null : Instant.ofEpochMilli(ts).toString();
    }
}
