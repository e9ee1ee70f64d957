package dev.tj.core.transcript;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One Claude Code transcript record, read with a {@link JsonCursor} that descends only into the
 * fields tj uses ({@code type, sessionId, cwd, timestamp, isSidechain, agentId, requestId, uuid,
 * message.{id, model, stop_reason, usage, content}, toolUseResult.agentId}) and skips everything else
 * without building a tree. One instance is reused line after line (reference §1.2–1.6).
 */
public final class ClaudeRecord {
    /** A tool_result block: the tool_use it answers, {@code is_error}, and its text when asked for. */
    public record Result(String toolUseId, boolean error, String text) {}

    private static final int MAX_TEXT = 65536;
    static final int MAX_INPUT_VALUE = 400;

    String type, sessionId, cwd, agentId, requestId, uuid, msgId, model, toolUseResultAgentId, speed, inferenceGeo;
    String toolUseResultStatus, topContent;
    long ts;
    boolean isSidechain, hasMessage, hasUsage, hasSplit, stopped, isMeta;
    long input, output, cacheRead, cacheCreation, eph5m, eph1h;
    final List<ToolUse> tools = new ArrayList<>();
    final List<Result> results = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    /** The scalar fields of each tool_use's input (parallel to {@link #tools}), only when asked for. */
    final List<java.util.Map<String, String>> toolInputs = new ArrayList<>();

    private RecordVisitor interest;

    ClaudeRecord() {
        reset(null);
    }

    /** The record type: user, assistant, system, summary, attachment, … */
    public String type() {
        return type;
    }

    public String sessionId() {
        return sessionId;
    }

    public String cwd() {
        return cwd;
    }

    /** Epoch millis, or {@link Timestamps#NONE}. */
    public long timestamp() {
        return ts;
    }

    /** A subagent's record (with its {@link #agentId()}). */
    public boolean isSidechain() {
        return isSidechain;
    }

    public String agentId() {
        return agentId;
    }

    public String requestId() {
        return requestId;
    }

    public String uuid() {
        return uuid;
    }

    /** {@code message.id}: one API response, repeated by its streaming snapshots. */
    public String messageId() {
        return msgId;
    }

    public String model() {
        return model;
    }

    /** The message carried a stop_reason: the final snapshot of its response. */
    public boolean stopped() {
        return stopped;
    }

    public boolean hasMessage() {
        return hasMessage;
    }

    public boolean hasUsage() {
        return hasUsage;
    }

    /** tool_use blocks of this record's message content. */
    public List<ToolUse> toolUses() {
        return Collections.unmodifiableList(tools);
    }

    /** tool_result blocks of this record's message content. */
    public List<Result> toolResults() {
        return Collections.unmodifiableList(results);
    }

    /** {@code toolUseResult.agentId}: the subagent a Task/Agent result names (the cleanest link). */
    public String toolUseResultAgentId() {
        return toolUseResultAgentId;
    }

    /** System-injected user content (skills, caveats): not the human's words. */
    public boolean isMeta() {
        return isMeta;
    }

    /** {@code toolUseResult.status}: {@code completed}, or {@code async_launched} for a background subagent. */
    public String toolUseResultStatus() {
        return toolUseResultStatus;
    }

    /** A top-level string {@code content} (queue-operation records), only when text is wanted. */
    public String topContent() {
        return topContent;
    }

    /**
     * The scalar fields (strings, numbers, booleans as text; each at most {@value #MAX_INPUT_VALUE}
     * chars) of each tool_use's input, in {@link #toolUses()} order, when the visitor
     * {@link RecordVisitor#wantsToolInputs() wants them}; otherwise empty.
     */
    public List<java.util.Map<String, String>> toolInputs() {
        return Collections.unmodifiableList(toolInputs);
    }

    /** Text of the content (text blocks, or the string content), only when the visitor {@link RecordVisitor#wantsText() wants text}. */
    public List<String> texts() {
        return Collections.unmodifiableList(texts);
    }

    void reset(RecordVisitor interest) {
        this.interest = interest;
        type = sessionId =
                cwd = agentId = requestId = uuid = msgId = model = toolUseResultAgentId = speed = inferenceGeo = null;
        toolUseResultStatus = topContent = null;
        ts = Timestamps.NONE;
        isSidechain = hasMessage = hasUsage = hasSplit = stopped = isMeta = false;
        toolInputs.clear();
        input = output = cacheRead = eph5m = eph1h = 0;
        cacheCreation = -1;
        tools.clear();
        results.clear();
        texts.clear();
    }

    private static byte[] key(String k) {
        return k.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static final byte[] TYPE = key("type"),
            SESSION_ID = key("sessionId"),
            CWD = key("cwd"),
            TIMESTAMP = key("timestamp"),
            IS_SIDECHAIN = key("isSidechain"),
            IS_META = key("isMeta"),
            CONTENT = key("content"),
            AGENT_ID = key("agentId"),
            REQUEST_ID = key("requestId"),
            UUID = key("uuid"),
            MESSAGE = key("message"),
            TOOL_USE_RESULT = key("toolUseResult"),
            ID = key("id"),
            MODEL = key("model"),
            STOP_REASON = key("stop_reason"),
            USAGE = key("usage"),
            INPUT_TOKENS = key("input_tokens"),
            OUTPUT_TOKENS = key("output_tokens"),
            CACHE_READ = key("cache_read_input_tokens"),
            CACHE_CREATION = key("cache_creation_input_tokens"),
            SPEED = key("speed"),
            INFERENCE_GEO = key("inference_geo"),
            CACHE_CREATION_SPLIT = key("cache_creation"),
            EPHEMERAL_5M = key("ephemeral_5m_input_tokens"),
            EPHEMERAL_1H = key("ephemeral_1h_input_tokens"),
            NAME = key("name"),
            TOOL_USE_ID = key("tool_use_id"),
            IS_ERROR = key("is_error"),
            INPUT = key("input"),
            TEXT = key("text"),
            STATUS = key("status");

    /** Reads one JSON text; {@link LineResult#PARSED} only for exactly one complete object. */
    LineResult read(JsonCursor c) {
        int first = c.peek();
        if (first == JsonCursor.END) return LineResult.NOT_JSON;
        if (first != JsonCursor.OBJECT) {
            c.skipValue();
            return c.atEnd() ? LineResult.NOT_AN_OBJECT : LineResult.NOT_JSON;
        }
        c.beginObject();
        while (c.nextField()) {
            if (c.keyIs(TYPE)) type = c.stringOrSkip();
            else if (c.keyIs(SESSION_ID)) sessionId = c.stringOrSkip();
            else if (c.keyIs(CWD)) cwd = c.stringOrSkip();
            else if (c.keyIs(TIMESTAMP)) {
                if (c.peek() == JsonCursor.STRING) ts = c.timestamp();
                else {
                    c.skipValue();
                    ts = Timestamps.NONE;
                }
            } else if (c.keyIs(IS_SIDECHAIN)) isSidechain = isTrue(c);
            else if (c.keyIs(IS_META)) isMeta = isTrue(c);
            else if (c.keyIs(CONTENT)) {
                if (c.peek() == JsonCursor.STRING && wantsText()) topContent = c.string();
                else c.skipValue();
            } else if (c.keyIs(AGENT_ID)) agentId = c.stringOrSkip();
            else if (c.keyIs(REQUEST_ID)) requestId = c.stringOrSkip();
            else if (c.keyIs(UUID)) uuid = c.stringOrSkip();
            else if (c.keyIs(MESSAGE)) {
                if (c.peek() == JsonCursor.OBJECT) readMessage(c);
                else c.skipValue();
            } else if (c.keyIs(TOOL_USE_RESULT)) {
                if (c.peek() == JsonCursor.OBJECT) readToolUseResult(c);
                else c.skipValue();
            } else c.skipValue();
        }
        return c.atEnd() ? LineResult.PARSED : LineResult.NOT_JSON; // nothing may follow the object
    }

    private static boolean isTrue(JsonCursor c) {
        boolean t = c.peek() == JsonCursor.TRUE;
        c.skipValue();
        return t;
    }

    private void readMessage(JsonCursor c) {
        hasMessage = true;
        c.beginObject();
        while (c.nextField()) {
            if (c.keyIs(ID)) msgId = c.stringOrSkip();
            else if (c.keyIs(MODEL)) model = c.stringOrSkip();
            else if (c.keyIs(STOP_REASON)) {
                stopped = c.peek() == JsonCursor.STRING;
                c.skipValue();
            } else if (c.keyIs(USAGE)) {
                if (c.peek() == JsonCursor.OBJECT) readUsage(c);
                else c.skipValue();
            } else if (c.keyIs(CONTENT)) {
                int k = c.peek();
                if (k == JsonCursor.ARRAY) readContent(c);
                else if (k == JsonCursor.STRING && wantsText()) texts.add(c.string());
                else c.skipValue();
            } else c.skipValue();
        }
    }

    private void readUsage(JsonCursor c) {
        hasUsage = true;
        c.beginObject();
        while (c.nextField()) {
            if (c.keyIs(INPUT_TOKENS)) input = num(c);
            else if (c.keyIs(OUTPUT_TOKENS)) output = num(c);
            else if (c.keyIs(CACHE_READ)) cacheRead = num(c);
            else if (c.keyIs(CACHE_CREATION)) {
                if (c.peek() == JsonCursor.NULL) {
                    c.skipValue();
                    cacheCreation = -1;
                } else cacheCreation = num(c);
            } else if (c.keyIs(SPEED)) speed = c.stringOrSkip();
            else if (c.keyIs(INFERENCE_GEO)) inferenceGeo = c.stringOrSkip();
            else if (c.keyIs(CACHE_CREATION_SPLIT) && c.peek() == JsonCursor.OBJECT) {
                c.beginObject();
                while (c.nextField()) {
                    if (c.keyIs(EPHEMERAL_5M)) {
                        eph5m = num(c);
                        hasSplit = true;
                    } else if (c.keyIs(EPHEMERAL_1H)) {
                        eph1h = num(c);
                        hasSplit = true;
                    } else c.skipValue();
                }
            } else c.skipValue();
        }
    }

    /** A token count: a number (a fraction cut), or a string holding one; never below zero. */
    private static long num(JsonCursor c) {
        int k = c.peek();
        if (k == JsonCursor.NUMBER) return Math.max(0, c.longValue());
        if (k == JsonCursor.STRING) {
            try {
                return Math.max(0, Long.parseLong(c.string().trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        c.skipValue();
        return 0;
    }

    private boolean wantsText() {
        return interest != null && interest.wantsText();
    }

    private void readContent(JsonCursor c) {
        boolean wantsText = wantsText();
        c.beginArray();
        while (c.nextElement()) {
            if (c.peek() != JsonCursor.OBJECT) {
                c.skipValue();
                continue;
            }
            String blockType = null, id = null, toolName = null, toolUseId = null, text = null;
            java.util.Map<String, String> input = null;
            boolean isError = false;
            c.beginObject();
            while (c.nextField()) {
                if (c.keyIs(TYPE)) blockType = c.stringOrSkip();
                else if (c.keyIs(ID)) id = c.stringOrSkip();
                else if (c.keyIs(NAME)) toolName = c.stringOrSkip();
                else if (c.keyIs(TOOL_USE_ID)) toolUseId = c.stringOrSkip();
                else if (c.keyIs(IS_ERROR)) isError = isTrue(c);
                else if (c.keyIs(INPUT)) {
                    if (c.peek() == JsonCursor.OBJECT && interest != null && interest.wantsToolInputs())
                        input = readScalars(c);
                    else c.skipValue();
                } else if (c.keyIs(TEXT)) {
                    if (wantsText && c.peek() == JsonCursor.STRING) texts.add(c.string());
                    else c.skipValue();
                } else if (c.keyIs(CONTENT)) {
                    // a result's text is read only when asked for (the block's id may come after it)
                    if (toolUseId == null || interest == null || interest.wantsResultText(toolUseId))
                        text = readText(c);
                    else c.skipValue();
                } else c.skipValue();
            }
            if ("tool_use".equals(blockType)) {
                if (id != null) {
                    tools.add(new ToolUse(id, toolName == null ? "unknown" : toolName));
                    if (interest != null && interest.wantsToolInputs())
                        toolInputs.add(input == null ? java.util.Map.of() : input);
                }
            } else if ("tool_result".equals(blockType)) {
                results.add(new Result(toolUseId, isError, text));
            }
        }
    }

    /** The top-level scalar fields of an object (nested values skipped), each cut to {@link #MAX_INPUT_VALUE} chars. */
    private static java.util.Map<String, String> readScalars(JsonCursor c) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        c.beginObject();
        while (c.nextField()) {
            String name = c.key();
            int k = c.peek();
            if (k == JsonCursor.STRING) {
                String v = c.string();
                m.put(name, v.length() <= MAX_INPUT_VALUE ? v : v.substring(0, MAX_INPUT_VALUE));
            } else if (k == JsonCursor.TRUE || k == JsonCursor.FALSE || k == JsonCursor.NUMBER) {
                m.put(name, c.scalarText(k));
            } else c.skipValue();
        }
        return m;
    }

    /** A tool result's text: its string content, or the text blocks of its array, each at most {@value #MAX_TEXT} chars. */
    private static String readText(JsonCursor c) {
        int k = c.peek();
        if (k == JsonCursor.STRING) {
            String s = c.string();
            return s.length() > MAX_TEXT ? null : s;
        }
        if (k != JsonCursor.ARRAY) {
            c.skipValue();
            return null;
        }
        StringBuilder sb = null;
        c.beginArray();
        while (c.nextElement()) {
            if (c.peek() != JsonCursor.OBJECT) {
                c.skipValue();
                continue;
            }
            c.beginObject();
            while (c.nextField()) {
                if (c.keyIs(TEXT) && c.peek() == JsonCursor.STRING) {
                    String s = c.string();
                    if (s.length() <= MAX_TEXT) {
                        if (sb == null) sb = new StringBuilder();
                        sb.append(s).append('\n');
                    }
                } else c.skipValue();
            }
        }
        return sb == null ? null : sb.toString();
    }

    private void readToolUseResult(JsonCursor c) {
        c.beginObject();
        while (c.nextField()) {
            if (c.keyIs(AGENT_ID) && c.peek() == JsonCursor.STRING) toolUseResultAgentId = c.string();
            else if (c.keyIs(STATUS) && c.peek() == JsonCursor.STRING) toolUseResultStatus = c.string();
            else c.skipValue();
        }
    }
}
