package dev.tj.core.transcript;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.tj.core.agent.ClaudeCode;
import dev.tj.core.span.Usage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Claude Code transcript ({@code *.jsonl}) into API responses, tool results and subagent links.
 *
 * <p>Each line is read with a streaming JSON parser that descends only into the fields tj uses
 * ({@code type, sessionId, cwd, timestamp, isSidechain, agentId, requestId, uuid, message.{id, model,
 * usage, content}, toolUseResult.agentId}) and skips everything else without building a tree. A line
 * counts only if it is exactly one complete JSON object, as {@code JSON.parse} would have it.
 *
 * <p>Quirks handled (reference §1.4–1.7, §8): several streaming snapshots per API response (the
 * LAST one's usage wins, tool_use blocks of every snapshot are kept); 5-minute and 1-hour cache
 * writes kept apart; {@code <synthetic>} models and records without usage skipped and counted; blank
 * lines; a truncated last line (left for the next read); lines with invalid UTF-8 (re-read with the
 * bad bytes replaced, as Node's reader does); records without a timestamp (dated from neighbours).
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class ClaudeCodeParser {
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();
    /** "agentId: a1b2c3d" in a Task/Agent result text (also agent_id, and = instead of :). */
    private static final Pattern AGENT_ID_LABEL =
            Pattern.compile("agent(?:Id|_id|ID)\\s*[:=]\\s*\"?([0-9a-f]{7,17})(?![0-9a-zA-Z])");
    private static final Pattern HEX_TOKEN = Pattern.compile("(?<![0-9a-zA-Z])([0-9a-f]{7,17})(?![0-9a-zA-Z])");

    private final Rec rec = new Rec();
    private byte[] buf = new byte[1 << 16];

    /**
     * @param settled false when the file may still be written to: the last API response is then not
     *                returned if nothing follows it and its last snapshot has no stop_reason (its
     *                final snapshot may be yet to come); the next read starts at its first line
     */
    public ClaudeFile parse(Path path, long size, long mtimeMillis, long startOffset, boolean settled) throws IOException {
        ClaudeFile f = new ClaudeFile(path, size, mtimeMillis, startOffset);
        long len = Math.max(0, size - startOffset);
        if (len > Integer.MAX_VALUE - 16) throw new IOException("transcript too large: " + path);
        if (buf.length < len) buf = new byte[(int) Math.max(len, Math.min(Integer.MAX_VALUE - 16, buf.length * 2L))];
        byte[] buf = this.buf;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) len);
            long pos = startOffset;
            while (bb.hasRemaining()) {
                int n = ch.read(bb, pos);
                if (n < 0) break;
                pos += n;
            }
            if (bb.hasRemaining()) len = bb.position(); // shrank while reading
        }
        parseBytes(f, buf, (int) len, settled);
        return f;
    }

    /**
     * The timestamp of the first record from {@code startOffset} on that has one (what a full read
     * puts in {@link ClaudeFile#firstTs}), reading only as far as needed: the order key of a file,
     * known before the file is read.
     */
    public long firstTimestamp(Path path, long startOffset, long size) throws IOException {
        int chunk = 64 * 1024;
        long pos = startOffset;
        byte[] b = new byte[chunk];
        int have = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            while (pos < size) {
                if (have == b.length) b = java.util.Arrays.copyOf(b, b.length * 2);
                ByteBuffer bb = ByteBuffer.wrap(b, have, (int) Math.min(b.length - have, size - pos));
                int n = ch.read(bb, pos);
                if (n <= 0) break;
                pos += n;
                have += n;
                int start = 0;
                int nl;
                while ((nl = indexOf(b, start, have)) >= 0) {
                    int e = nl > start && b[nl - 1] == '\r' ? nl - 1 : nl;
                    if (!isBlank(b, start, e) && parseLine(b, start, e - start) > 0 && rec.ts != Timestamps.NONE) return rec.ts;
                    start = nl + 1;
                }
                if (start > 0) {
                    System.arraycopy(b, start, b, 0, have - start);
                    have -= start;
                }
            }
            if (have > 0 && parseLine(b, 0, have) > 0 && rec.ts != Timestamps.NONE) return rec.ts;
        }
        return Timestamps.NONE;
    }

    /** Parses {@code buf[0, len)}, which starts at {@code f.startOffset} of the file. */
    public void parseBytes(ClaudeFile f, byte[] buf, int len, boolean settled) {
        ParseStats st = f.stats;
        st.files = 1;
        Set<String> taskToolIds = new HashSet<>();
        rec.taskIdsHint = taskToolIds;
        List<CallRecord> undated = new ArrayList<>();
        long lastTs = Timestamps.NONE;
        String lastRecordCallKey = null;
        int lineNo = 0;
        int start = 0;
        long consumed = 0;
        while (start < len) {
            int nl = indexOf(buf, start, len);
            boolean complete = nl >= 0;
            int end = complete ? nl : len;
            int e = end;
            if (e > start && buf[e - 1] == '\r') e--;
            lineNo++;
            boolean blank = isBlank(buf, start, e);
            int result;
            if (blank) {
                result = 0;
            } else {
                result = parseLine(buf, start, e - start);
            }
            if (!complete && result == -1) {
                // a partial last line: leave it for the next read
                st.pendingTailBytes += len - start;
                break;
            }
            st.lines++;
            if (blank) st.blankLines++;
            else if (result == -2) st.nonObjectLines++;
            else if (result < 0) st.unparseableLines++;
            else {
                if (result == 2) st.recoveredNonUtf8Lines++;
                long ts = rec.ts;
                if (ts != Timestamps.NONE) {
                    if (f.firstTs == Timestamps.NONE) f.firstTs = ts;
                    if (f.earliestTs == Timestamps.NONE || ts < f.earliestTs) f.earliestTs = ts;
                    lastTs = ts;
                    if (!undated.isEmpty()) {
                        for (CallRecord c : undated) if (c.firstTs == Timestamps.NONE) c.firstTs = c.lastTs = ts;
                        undated.clear();
                    }
                }
                if (f.firstSessionId == null && rec.sessionId != null) f.firstSessionId = rec.sessionId;
                if (f.firstCwd == null && rec.cwd != null) f.firstCwd = rec.cwd;
                lastRecordCallKey = apply(f, st, taskToolIds, undated, lastTs, f.startOffset + start, lineNo);
            }
            consumed = complete ? nl + 1 : len;
            start = (int) consumed;
        }
        f.nextOffset = f.startOffset + consumed;
        st.bytes = consumed;
        for (CallRecord c : undated) if (c.firstTs == Timestamps.NONE) c.firstTs = c.lastTs = f.mtimeMillis;
        if (!settled && lastRecordCallKey != null) {
            CallRecord last = f.calls.get(lastRecordCallKey);
            if (last != null && !last.stopped) { // its final snapshot (with a stop_reason) may be yet to come
                f.calls.remove(lastRecordCallKey);
                f.nextOffset = last.firstLineOffset;
            }
        }
    }

    /** @return the dedup key when the record was (a snapshot of) an API response, else null */
    private String apply(ClaudeFile f, ParseStats st, Set<String> taskToolIds, List<CallRecord> undated,
                         long lastTs, long lineOffset, int lineNo) {
        Rec r = rec;
        if (r.toolUseResultAgentId != null) {
            for (int i = 0; i < r.results.size(); i++) f.agentLinks.putIfAbsent(r.toolUseResultAgentId, r.results.get(i).id);
        }
        for (int i = 0; i < r.results.size(); i++) {
            Rec.Result res = r.results.get(i);
            if (res.id == null) continue;
            f.results.put(res.id, new ToolResult(res.error, r.ts));
            if (res.text != null && taskToolIds.contains(res.id)) {
                List<String> cands = agentCandidates(res.text);
                if (!cands.isEmpty()) f.agentTextCandidates.put(res.id, cands);
            }
        }
        for (int i = 0; i < r.tools.size(); i++) {
            String[] t = r.tools.get(i);
            if ("Task".equals(t[1]) || "Agent".equals(t[1])) taskToolIds.add(t[0]);
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
        String key = r.msgId != null ? r.msgId
                : r.requestId != null ? "req:" + r.requestId
                : r.uuid != null ? "uuid:" + r.uuid
                : "line:" + f.path + "@" + lineOffset;
        CallRecord c = f.calls.get(key);
        if (c == null) {
            c = new CallRecord();
            c.key = key;
            c.messageId = r.msgId;
            c.firstLine = lineNo;
            c.firstLineOffset = lineOffset;
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
        Usage u = ClaudeCode.usage(r.input, r.output, r.cacheRead, r.cacheCreation < 0 ? null : r.cacheCreation,
                r.hasSplit ? r.eph5m : null, r.hasSplit ? r.eph1h : null);
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
            String[] t = r.tools.get(i);
            if (t[0] != null) c.addTool(t[0], t[1] == null ? "unknown" : t[1]);
        }
        return key;
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

    /** @return 1 parsed, 2 parsed after replacing invalid UTF-8, -1 not JSON, -2 JSON but not an object */
    private int parseLine(byte[] buf, int off, int len) {
        try {
            rec.reset();
            try (JsonParser p = JSON.createParser(buf, off, len)) {
                int r = readRecord(p);
                if (r == -2) {
                    p.skipChildren();
                    return p.nextToken() == null ? -2 : -1;
                }
                return r;
            }
        } catch (IOException | RuntimeException e) {
            if (!hasHighBytes(buf, off, len)) return -1;
            // Invalid UTF-8: decode with replacement characters, as Node's reader does, and retry.
            String s = new String(buf, off, len, StandardCharsets.UTF_8);
            try {
                rec.reset();
                try (JsonParser p = JSON.createParser(s)) {
                    int r = readRecord(p);
                    return r == 1 ? 2 : -1;
                }
            } catch (IOException | RuntimeException e2) {
                return -1;
            }
        }
    }

    /** @return 1 a complete object, -1 not, -2 a JSON value that is not an object (positioned on it) */
    private int readRecord(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) return -1;
        if (first != JsonToken.START_OBJECT) return -2;
        Rec r = rec;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            t = p.nextToken();
            switch (name) {
                case "type" -> r.type = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "sessionId" -> r.sessionId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "cwd" -> r.cwd = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "timestamp" -> r.ts = t == JsonToken.VALUE_STRING
                        ? Timestamps.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength())
                        : Timestamps.NONE;
                case "isSidechain" -> r.isSidechain = t == JsonToken.VALUE_TRUE;
                case "agentId" -> r.agentId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "requestId" -> r.requestId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "uuid" -> r.uuid = t == JsonToken.VALUE_STRING ? p.getText() : null;
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
        if (t != JsonToken.END_OBJECT) return -1;
        return p.nextToken() == null ? 1 : -1; // nothing may follow the object
    }

    private void readMessage(JsonParser p) throws IOException {
        Rec r = rec;
        r.hasMessage = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> r.msgId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "model" -> r.model = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "stop_reason" -> r.stopped = t == JsonToken.VALUE_STRING;
                case "usage" -> {
                    if (t == JsonToken.START_OBJECT) readUsage(p);
                    else p.skipChildren();
                }
                case "content" -> {
                    if (t == JsonToken.START_ARRAY) readContent(p);
                    else p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
    }

    private void readUsage(JsonParser p) throws IOException {
        Rec r = rec;
        r.hasUsage = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "input_tokens" -> r.input = num(p, t);
                case "output_tokens" -> r.output = num(p, t);
                case "cache_read_input_tokens" -> r.cacheRead = num(p, t);
                case "cache_creation_input_tokens" -> r.cacheCreation = t == JsonToken.VALUE_NULL ? -1 : num(p, t);
                case "speed" -> r.speed = text(p, t);
                case "inference_geo" -> r.inferenceGeo = text(p, t);
                case "cache_creation" -> {
                    if (t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String n2 = p.currentName();
                            JsonToken t2 = p.nextToken();
                            if ("ephemeral_5m_input_tokens".equals(n2)) { r.eph5m = num(p, t2); r.hasSplit = true; }
                            else if ("ephemeral_1h_input_tokens".equals(n2)) { r.eph1h = num(p, t2); r.hasSplit = true; }
                            else p.skipChildren();
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

    private void readContent(JsonParser p) throws IOException {
        Rec r = rec;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String type = null, id = null, toolName = null, toolUseId = null, text = null;
            boolean isError = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "type" -> type = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "id" -> id = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "name" -> toolName = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "tool_use_id" -> toolUseId = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "is_error" -> isError = v == JsonToken.VALUE_TRUE;
                    case "content" -> {
                        // result text is only needed to find a subagent id in a Task/Agent result
                        if (toolUseId == null || r.taskIdsHint == null || r.taskIdsHint.contains(toolUseId)) {
                            text = readText(p, v);
                        } else p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
            if ("tool_use".equals(type)) r.tools.add(new String[] {id, toolName});
            else if ("tool_result".equals(type)) r.results.add(new Rec.Result(toolUseId, isError, text));
        }
    }

    private static String readText(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getTextLength() > 65536 ? null : p.getText();
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
                if ("text".equals(name) && x == JsonToken.VALUE_STRING && p.getTextLength() <= 65536) {
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
            if ("agentId".equals(name) && t == JsonToken.VALUE_STRING) rec.toolUseResultAgentId = p.getText();
            else p.skipChildren();
        }
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L, HIGHS = 0x8080808080808080L, NL = ONES * '\n';

    /** The next '\n' in b[from, to), 8 bytes at a time (SWAR), or -1. */
    static int indexOf(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NL;
            long t = (x - ONES) & ~x & HIGHS;
            if (t != 0) return i + (Long.numberOfTrailingZeros(t) >>> 3);
        }
        for (; i < to; i++) if (b[i] == '\n') return i;
        return -1;
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') return false;
        }
        return true;
    }

    private static boolean hasHighBytes(byte[] b, int from, int len) {
        for (int i = from, n = from + len; i < n; i++) if (b[i] < 0) return true;
        return false;
    }

    /** The fields of one record; reused line after line. */
    private static final class Rec {
        String type, sessionId, cwd, agentId, requestId, uuid, msgId, model, toolUseResultAgentId, speed, inferenceGeo;
        long ts;
        boolean isSidechain, hasMessage, hasUsage, hasSplit, stopped;
        long input, output, cacheRead, cacheCreation, eph5m, eph1h;
        final List<String[]> tools = new ArrayList<>();
        final List<Result> results = new ArrayList<>();
        Set<String> taskIdsHint;

        record Result(String id, boolean error, String text) {}

        void reset() {
            type = sessionId = cwd = agentId = requestId = uuid = msgId = model = toolUseResultAgentId = speed = inferenceGeo = null;
            ts = Timestamps.NONE;
            isSidechain = hasMessage = hasUsage = hasSplit = stopped = false;
            input = output = cacheRead = eph5m = eph1h = 0;
            cacheCreation = -1;
            tools.clear();
            results.clear();
        }
    }
}
