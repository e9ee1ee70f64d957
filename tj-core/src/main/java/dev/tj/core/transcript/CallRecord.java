package dev.tj.core.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * One API response as read from one transcript file: the usage of its LAST streaming snapshot, the
 * time of its first and last snapshot, and the tool_use blocks of all its snapshots. Filled in by
 * the reader while the file is read, read-only afterwards.
 */
public final class CallRecord {
    final String key;
    final String messageId;
    String requestId;
    String sessionId;
    String subAgentId;
    String model;
    String cwd;
    long input, output, cacheRead, cacheWrite5m, cacheWrite1h;
    String speed, inferenceGeo;
    long firstTs = Timestamps.NONE;
    long lastTs = Timestamps.NONE;
    final long firstLineOffset;
    boolean stopped;
    private List<ToolUse> tools = List.of();

    CallRecord(String key, String messageId, long firstLineOffset) {
        this.key = key;
        this.messageId = messageId;
        this.firstLineOffset = firstLineOffset;
    }

    /** Dedup key: message.id, else requestId, else uuid, else file:offset. */
    public String key() {
        return key;
    }

    public String messageId() {
        return messageId;
    }

    public String requestId() {
        return requestId;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The subagent's agentId when the record is a sidechain record. */
    public String subAgentId() {
        return subAgentId;
    }

    public String model() {
        return model;
    }

    public String cwd() {
        return cwd;
    }

    public long input() {
        return input;
    }

    public long output() {
        return output;
    }

    public long cacheRead() {
        return cacheRead;
    }

    public long cacheWrite5m() {
        return cacheWrite5m;
    }

    public long cacheWrite1h() {
        return cacheWrite1h;
    }

    public long cacheWrite() {
        return cacheWrite5m + cacheWrite1h;
    }

    /** The last snapshot's {@code usage.speed} ("fast" for fast mode); null when absent. */
    public String speed() {
        return speed;
    }

    /** The last snapshot's {@code usage.inference_geo}; null when absent. */
    public String inferenceGeo() {
        return inferenceGeo;
    }

    public long firstTs() {
        return firstTs;
    }

    public long lastTs() {
        return lastTs;
    }

    /** Byte offset (in the file) of the line of the first snapshot. */
    public long firstLineOffset() {
        return firstLineOffset;
    }

    /** The last snapshot carried a stop_reason: the response is complete. */
    public boolean stopped() {
        return stopped;
    }

    /** tool_use blocks of all snapshots, in order of first appearance (a later snapshot's name wins). */
    public List<ToolUse> tools() {
        return java.util.Collections.unmodifiableList(tools);
    }

    public long totalTokens() {
        return input + output + cacheRead + cacheWrite5m + cacheWrite1h;
    }

    void addTool(ToolUse t) {
        if (tools.isEmpty()) tools = new ArrayList<>(2);
        for (int i = 0; i < tools.size(); i++) {
            if (tools.get(i).id().equals(t.id())) {
                tools.set(i, t);
                return;
            }
        }
        tools.add(t);
    }
}
