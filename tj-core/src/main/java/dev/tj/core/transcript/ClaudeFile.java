package dev.tj.core.transcript;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one read of one Claude Code transcript file found. */
public final class ClaudeFile {
    public final Path path;
    public final long size;
    public final long mtimeMillis;
    /** Where this read started. */
    public final long startOffset;
    /** Where the next read of this file must start (a line boundary; a held-back tail is not consumed). */
    public long nextOffset;
    public String firstSessionId;
    public String firstCwd;
    /** Timestamp of the first record (from where this read started) that has one: the file's order key. */
    public long firstTs = Timestamps.NONE;
    /** Earliest timestamp of any record read, or {@link Timestamps#NONE}. */
    public long earliestTs = Timestamps.NONE;
    /** API responses by dedup key, in order of first appearance. */
    public final LinkedHashMap<String, CallRecord> calls = new LinkedHashMap<>();
    /** tool_use id to its result. */
    public final Map<String, ToolResult> results = new HashMap<>();
    /** Subagent id to the parent Task/Agent tool_use id, from {@code toolUseResult.agentId}. */
    public final Map<String, String> agentLinks = new HashMap<>();
    /** Task/Agent tool_use id to candidate agent ids found in its result text. */
    public final Map<String, List<String>> agentTextCandidates = new HashMap<>();
    public final ParseStats stats = new ParseStats();

    public ClaudeFile(Path path, long size, long mtimeMillis, long startOffset) {
        this.path = path;
        this.size = size;
        this.mtimeMillis = mtimeMillis;
        this.startOffset = startOffset;
        this.nextOffset = startOffset;
    }

    /** The session a record without its own sessionId belongs to: the file's, else the file name. */
    public String defaultSessionId() {
        if (firstSessionId != null) return firstSessionId;
        String n = path.getFileName().toString();
        return n.endsWith(".jsonl") ? n.substring(0, n.length() - 6) : n;
    }
}
