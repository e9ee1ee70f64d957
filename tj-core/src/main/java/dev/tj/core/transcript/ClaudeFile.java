package dev.tj.core.transcript;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one read of one Claude Code transcript file found. Filled in by the reader, read-only afterwards. */
public final class ClaudeFile {
    final Path path;
    final long size;
    final long mtimeMillis;
    final long startOffset;
    long nextOffset;
    String firstSessionId;
    String firstCwd;
    long firstTs = Timestamps.NONE;
    long earliestTs = Timestamps.NONE;
    final LinkedHashMap<String, CallRecord> calls = new LinkedHashMap<>();
    final Map<String, ToolResult> results = new HashMap<>();
    final Map<String, String> agentLinks = new HashMap<>();
    final Map<String, List<String>> agentTextCandidates = new HashMap<>();
    final ParseStats stats = new ParseStats();

    ClaudeFile(Path path, long size, long mtimeMillis, long startOffset) {
        this.path = path;
        this.size = size;
        this.mtimeMillis = mtimeMillis;
        this.startOffset = startOffset;
        this.nextOffset = startOffset;
    }

    public Path path() {
        return path;
    }

    public long size() {
        return size;
    }

    public long mtimeMillis() {
        return mtimeMillis;
    }

    /** Where this read started. */
    public long startOffset() {
        return startOffset;
    }

    /** Where the next read of this file must start (a line boundary; a held-back tail is not consumed). */
    public long nextOffset() {
        return nextOffset;
    }

    public String firstSessionId() {
        return firstSessionId;
    }

    public String firstCwd() {
        return firstCwd;
    }

    /** Timestamp of the first record (from where this read started) that has one: the file's order key. */
    public long firstTs() {
        return firstTs;
    }

    /** Earliest timestamp of any record read, or {@link Timestamps#NONE}. */
    public long earliestTs() {
        return earliestTs;
    }

    /** API responses by dedup key, in order of first appearance. */
    public Map<String, CallRecord> calls() {
        return Collections.unmodifiableMap(calls);
    }

    /** tool_use id to its result. */
    public Map<String, ToolResult> results() {
        return Collections.unmodifiableMap(results);
    }

    /** Subagent id to the parent Task/Agent tool_use id, from {@code toolUseResult.agentId}. */
    public Map<String, String> agentLinks() {
        return Collections.unmodifiableMap(agentLinks);
    }

    /** Task/Agent tool_use id to candidate agent ids found in its result text. */
    public Map<String, List<String>> agentTextCandidates() {
        return Collections.unmodifiableMap(agentTextCandidates);
    }

    public ParseReport stats() {
        return stats.report();
    }

    /** The session a record without its own sessionId belongs to: the file's, else the file name. */
    public String defaultSessionId() {
        if (firstSessionId != null) return firstSessionId;
        String n = path.getFileName().toString();
        return n.endsWith(".jsonl") ? n.substring(0, n.length() - 6) : n;
    }
}
