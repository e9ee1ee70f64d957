package dev.tj.core.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * One API response as read from one transcript file: the usage of its LAST streaming snapshot, the
 * time of its first and last snapshot, and the tool_use blocks of all its snapshots. Mutable while a
 * file is read.
 */
public final class CallRecord {
    /** Dedup key: message.id, else requestId, else uuid, else file:line. */
    public String key;
    public String messageId;
    public String requestId;
    public String sessionId;
    /** The subagent's agentId when the record is a sidechain record. */
    public String subAgentId;
    public String model;
    public String cwd;
    public long input, output, cacheRead, cacheWrite5m, cacheWrite1h;
    /** The last snapshot's {@code usage.speed} ("fast" for fast mode) and {@code usage.inference_geo}; null when absent. */
    public String speed, inferenceGeo;
    public long firstTs = Timestamps.NONE;
    public long lastTs = Timestamps.NONE;
    /** Byte offset (in the file) of the line of the first snapshot. */
    public long firstLineOffset;
    /** 1-based line number (relative to where this read started) of the first snapshot. */
    public int firstLine;
    /** The last snapshot carried a stop_reason: the response is complete. */
    public boolean stopped;
    /** tool_use blocks: id and name pairs. */
    public List<String[]> tools;

    public long totalTokens() { return input + output + cacheRead + cacheWrite5m + cacheWrite1h; }

    void addTool(String id, String name) {
        if (tools == null) tools = new ArrayList<>(2);
        for (String[] t : tools) if (t[0].equals(id)) { t[1] = name; return; }
        tools.add(new String[] {id, name});
    }
}
