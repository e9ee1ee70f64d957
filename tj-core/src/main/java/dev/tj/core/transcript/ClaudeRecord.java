package dev.tj.core.transcript;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One Claude Code transcript record, read with a streaming JSON parser that descends only into the
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

    /** Reads one JSON value from {@code p}; {@link LineResult#PARSED} only for exactly one complete object. */
    LineResult read(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) return LineResult.NOT_JSON;
        if (first != JsonToken.START_OBJECT) {
            p.skipChildren();
            return p.nextToken() == null ? LineResult.NOT_AN_OBJECT : LineResult.NOT_JSON;
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            t = p.nextToken();
            switch (name) {
                case "type" -> type = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "sessionId" -> sessionId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "cwd" -> cwd = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "timestamp" ->
                    ts = t == JsonToken.VALUE_STRING
                            ? Timestamps.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength())
                            : Timestamps.NONE;
                case "isSidechain" -> isSidechain = t == JsonToken.VALUE_TRUE;
                case "isMeta" -> isMeta = t == JsonToken.VALUE_TRUE;
                case "content" -> {
                    if (t == JsonToken.VALUE_STRING && wantsText()) topContent = p.getText();
                    else p.skipChildren();
                }
                case "agentId" -> agentId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "requestId" -> requestId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "uuid" -> uuid = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "message" -> {
                    if (t == JsonToken.START_OBJECT) readMessage(p);
                    else p.skipChildren();
                }
                case "toolUseResult" -> {
                    if (t == JsonToken.START_OBJECT) readToolUseResult(p);
                    else p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) return LineResult.NOT_JSON;
        return p.nextToken() == null ? LineResult.PARSED : LineResult.NOT_JSON; // nothing may follow the object
    }

    private void readMessage(JsonParser p) throws IOException {
        hasMessage = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> msgId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "model" -> model = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "stop_reason" -> stopped = t == JsonToken.VALUE_STRING;
                case "usage" -> {
                    if (t == JsonToken.START_OBJECT) readUsage(p);
                    else p.skipChildren();
                }
                case "content" -> {
                    if (t == JsonToken.START_ARRAY) readContent(p);
                    else if (t == JsonToken.VALUE_STRING && wantsText()) texts.add(p.getText());
                    else p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
    }

    private void readUsage(JsonParser p) throws IOException {
        hasUsage = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "input_tokens" -> input = num(p, t);
                case "output_tokens" -> output = num(p, t);
                case "cache_read_input_tokens" -> cacheRead = num(p, t);
                case "cache_creation_input_tokens" -> cacheCreation = t == JsonToken.VALUE_NULL ? -1 : num(p, t);
                case "speed" -> speed = text(p, t);
                case "inference_geo" -> inferenceGeo = text(p, t);
                case "cache_creation" -> {
                    if (t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String n2 = p.currentName();
                            JsonToken t2 = p.nextToken();
                            if ("ephemeral_5m_input_tokens".equals(n2)) {
                                eph5m = num(p, t2);
                                hasSplit = true;
                            } else if ("ephemeral_1h_input_tokens".equals(n2)) {
                                eph1h = num(p, t2);
                                hasSplit = true;
                            } else p.skipChildren();
                        }
                    } else p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) return p.getText();
        p.skipChildren();
        return null;
    }

    private static long num(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) return Math.max(0, p.getLongValue());
        if (t == JsonToken.VALUE_NUMBER_FLOAT) return Math.max(0, (long) p.getDoubleValue());
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Math.max(0, Long.parseLong(p.getText().trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        p.skipChildren();
        return 0;
    }

    private boolean wantsText() {
        return interest != null && interest.wantsText();
    }

    private void readContent(JsonParser p) throws IOException {
        boolean wantsText = wantsText();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String blockType = null, id = null, toolName = null, toolUseId = null, text = null;
            java.util.Map<String, String> input = null;
            boolean isError = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "type" -> blockType = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "id" -> id = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "name" -> toolName = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "tool_use_id" -> toolUseId = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "is_error" -> isError = v == JsonToken.VALUE_TRUE;
                    case "input" -> {
                        if (v == JsonToken.START_OBJECT && interest != null && interest.wantsToolInputs())
                            input = readScalars(p);
                        else p.skipChildren();
                    }
                    case "text" -> {
                        if (wantsText && v == JsonToken.VALUE_STRING) texts.add(p.getText());
                        else p.skipChildren();
                    }
                    case "content" -> {
                        // a result's text is read only when asked for (the block's id may come after it)
                        if (toolUseId == null || interest == null || interest.wantsResultText(toolUseId))
                            text = readText(p, v);
                        else p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
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
    private static java.util.Map<String, String> readScalars(JsonParser p) throws IOException {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING) {
                int n = p.getTextLength();
                m.put(
                        name,
                        n <= MAX_INPUT_VALUE
                                ? p.getText()
                                : new String(p.getTextCharacters(), p.getTextOffset(), MAX_INPUT_VALUE));
            } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE || t.isNumeric()) {
                m.put(name, p.getText());
            } else p.skipChildren();
        }
        return m;
    }

    private static String readText(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getTextLength() > MAX_TEXT ? null : p.getText();
        }
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        StringBuilder sb = null;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken x = p.nextToken();
                if ("text".equals(name) && x == JsonToken.VALUE_STRING && p.getTextLength() <= MAX_TEXT) {
                    if (sb == null) sb = new StringBuilder();
                    sb.append(p.getText()).append('\n');
                } else p.skipChildren();
            }
        }
        return sb == null ? null : sb.toString();
    }

    private void readToolUseResult(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("agentId".equals(name) && t == JsonToken.VALUE_STRING) toolUseResultAgentId = p.getText();
            else if ("status".equals(name) && t == JsonToken.VALUE_STRING) toolUseResultStatus = p.getText();
            else p.skipChildren();
        }
    }
}
