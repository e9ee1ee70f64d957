package dev.tj.core.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.core.agent.Codex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a Codex rollout ({@code ~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl}). Tokens come from
 * {@code event_msg/token_count}: an event whose cumulative {@code total_token_usage} did not move is
 * a re-emit and counts nothing; reasoning tokens are inside output and are not added again; a null
 * {@code info} is a rate-limit-only update; a missing count is 0. A tool call whose output reports a
 * non-zero exit code failed (Codex itself does not say so). Lines and items of types tj does not
 * read are counted in {@link CodexFile#unknownRecords}. The session id comes from {@code session_meta}
 * ({@code payload.id}, older builds {@code payload.session_id}), else the file name.
 *
 * <p>Rollouts are small, so a changed rollout is always read whole: the re-emit check needs the
 * previous totals, and span ids (from line offsets) make a re-read harmless.
 */
public final class CodexParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    public CodexFile parse(Path path, long size, long mtimeMillis) throws IOException {
        CodexFile f = new CodexFile(path, size, mtimeMillis);
        byte[] buf = Files.readAllBytes(path);
        int len = (int) Math.min(buf.length, size);
        ParseStats st = f.stats;
        st.files = 1;
        String model = null;
        long[] prevTotal = null;
        Map<String, CodexFile.Tool> tools = new HashMap<>();
        int start = 0;
        long consumed = 0;
        java.util.List<Object[]> pending = new java.util.ArrayList<>(); // calls before session_meta
        while (start < len) {
            int nl = -1;
            for (int i = start; i < len; i++)
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            boolean complete = nl >= 0;
            int end = complete ? nl : len;
            String line = new String(buf, start, end - start, StandardCharsets.UTF_8).strip();
            JsonNode n = null;
            if (!line.isEmpty()) {
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    n = null;
                }
            }
            if (!complete && !line.isEmpty() && (n == null || !n.isObject())) {
                st.pendingTailBytes += len - start;
                break;
            }
            st.lines++;
            long lineOffset = start;
            consumed = complete ? nl + 1 : len;
            start = (int) consumed;
            if (line.isEmpty()) {
                st.blankLines++;
                continue;
            }
            if (n == null || !n.isObject()) {
                st.unparseableLines++;
                continue;
            }
            long ts = n.path("timestamp").isTextual()
                    ? Timestamps.parse(n.path("timestamp").asText())
                    : Timestamps.NONE;
            if (ts != Timestamps.NONE && (f.earliestTs == Timestamps.NONE || ts < f.earliestTs)) f.earliestTs = ts;
            String type = n.path("type").asText("");
            JsonNode pl = n.path("payload");
            switch (type) {
                case "session_meta" -> {
                    if (f.sessionId == null) {
                        String id = text(pl, "id");
                        if (id == null) id = text(pl, "session_id");
                        f.sessionId = id;
                    }
                    if (f.cwd == null) f.cwd = text(pl, "cwd");
                    if (f.originator == null) f.originator = text(pl, "originator");
                }
                case "turn_context" -> {
                    String m = text(pl, "model");
                    if (m != null && !m.isBlank()) model = m;
                    if (f.cwd == null) f.cwd = text(pl, "cwd");
                }
                case "event_msg" -> {
                    String et = pl.path("type").asText("");
                    if (et.equals("exec_command_end")) {
                        CodexFile.Tool t = tools.get(text(pl, "call_id"));
                        if (t != null && pl.path("exit_code").isIntegralNumber())
                            t.exitCode = pl.path("exit_code").asInt();
                        break;
                    }
                    if (!KNOWN_EVENTS.contains(et)) f.unknownRecords++;
                    if (!"token_count".equals(et)) break;
                    JsonNode info = pl.get("info");
                    if (info == null || info.isNull() || !info.isObject()) {
                        f.nullInfoEvents++;
                        break;
                    }
                    long[] total = usage(info.get("total_token_usage"));
                    long[] last = usage(info.get("last_token_usage"));
                    if (total != null && prevTotal != null && java.util.Arrays.equals(total, prevTotal)) {
                        f.reemittedEvents++;
                        break;
                    }
                    long[] delta;
                    if (last != null) delta = last;
                    else if (total != null) {
                        delta = new long[USAGE_FIELDS];
                        for (int i = 0; i < USAGE_FIELDS; i++)
                            delta[i] = Math.max(0, total[i] - (prevTotal == null ? 0 : prevTotal[i]));
                    } else {
                        st.noUsageRecords++;
                        break;
                    }
                    if (total != null) prevTotal = total;
                    if (delta[0] == 0 && delta[1] == 0 && delta[2] == 0 && delta[4] == 0) {
                        st.zeroUsageCalls++;
                        break;
                    }
                    String m = model;
                    if (m == null) m = text(info, "model");
                    boolean guessed = m == null;
                    if (ts == Timestamps.NONE) st.undatedCalls++;
                    pending.add(new Object[] {guessed ? Codex.DEFAULT_MODEL : m, guessed, ts, delta, lineOffset});
                }
                case "response_item" -> {
                    String pt = pl.path("type").asText("");
                    if (pt.equals("function_call") || pt.equals("custom_tool_call") || pt.equals("local_shell_call")) {
                        String callId = text(pl, "call_id");
                        if (callId == null) callId = text(pl, "id");
                        String name = text(pl, "name");
                        if (name == null) name = pt.equals("local_shell_call") ? "shell" : "unknown";
                        CodexFile.Tool t = new CodexFile.Tool(callId, name, ts, lineOffset);
                        f.tools.add(t);
                        if (callId != null) tools.put(callId, t);
                    } else if (pt.equals("function_call_output") || pt.equals("custom_tool_call_output")) {
                        CodexFile.Tool t = tools.get(text(pl, "call_id"));
                        if (t != null) {
                            t.outputTs = ts;
                            Integer code = exitCode(pl.get("output"));
                            if (code != null) t.exitCode = code;
                        }
                    } else if (!KNOWN_ITEMS.contains(pt)) {
                        f.unknownRecords++;
                    }
                }
                case "compacted" -> {}
                default -> f.unknownRecords++;
            }
        }
        f.nextOffset = consumed;
        st.bytes = consumed;
        if (f.sessionId == null) {
            String name = path.getFileName().toString().replace(".jsonl", "");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
                    .matcher(name);
            f.sessionId = m.find() ? m.group(1) : name;
        }
        long lastTs = Timestamps.NONE;
        for (Object[] o : pending) {
            long ts = (long) o[2];
            if (ts == Timestamps.NONE)
                ts = lastTs != Timestamps.NONE ? lastTs : f.earliestTs != Timestamps.NONE ? f.earliestTs : mtimeMillis;
            lastTs = ts;
            long[] d = (long[]) o[3];
            f.calls.add(new CodexCall(
                    f.sessionId, (String) o[0], (boolean) o[1], ts, d[0], d[1], d[4], d[2], d[3], (long) o[4]));
        }
        return f;
    }

    private static final int USAGE_FIELDS = 5;
    /** Response items read for tool calls or deliberately passed over (messages, reasoning, searches). */
    private static final java.util.Set<String> KNOWN_ITEMS = java.util.Set.of(
            "message",
            "reasoning",
            "function_call",
            "function_call_output",
            "custom_tool_call",
            "custom_tool_call_output",
            "local_shell_call",
            "web_search_call");
    /** Event messages passed over on purpose (their content is in response items or not about cost). */
    private static final java.util.Set<String> KNOWN_EVENTS = java.util.Set.of(
            "token_count",
            "user_message",
            "agent_message",
            "agent_reasoning",
            "agent_reasoning_raw_content",
            "turn_aborted",
            "task_started",
            "task_complete",
            "exec_command_begin",
            "exec_command_end",
            "patch_apply_begin",
            "patch_apply_end",
            "turn_diff",
            "entered_review_mode",
            "exited_review_mode");

    /** input, cached, output, reasoning, cache write; null when absent. A missing or non-numeric count is 0. */
    private static long[] usage(JsonNode u) {
        if (u == null || !u.isObject()) return null;
        return new long[] {
            count(u, "input_tokens"),
            count(u, "cached_input_tokens"),
            count(u, "output_tokens"),
            count(u, "reasoning_output_tokens"),
            count(u, "cache_write_input_tokens")
        };
    }

    private static long count(JsonNode u, String field) {
        JsonNode v = u.get(field);
        return v != null && v.canConvertToLong() && v.isNumber() ? Math.max(0, v.asLong()) : 0;
    }

    /**
     * The exit code in a tool output: a string as the model saw it ("…Process exited with code 3…"),
     * older builds' JSON text {@code {"output":…,"metadata":{"exit_code":3}}}, or that object itself.
     */
    private static Integer exitCode(JsonNode output) {
        if (output == null) return null;
        if (output.isObject()) {
            JsonNode code = output.path("metadata").path("exit_code");
            if (code.isIntegralNumber()) return code.asInt();
            return Codex.exitCode(output.path("output").asText(null));
        }
        return output.isTextual() ? Codex.exitCode(output.asText()) : null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
