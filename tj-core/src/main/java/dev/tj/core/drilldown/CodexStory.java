package dev.tj.core.drilldown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.core.agent.AgentTools;
import dev.tj.core.agent.Codex;
import dev.tj.core.transcript.LineFramer;
import dev.tj.core.transcript.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Codex rollout's {@link Story}: one step per assistant message and per tool call
 * ({@code function_call}, {@code custom_tool_call}, {@code local_shell_call}) in file order; a
 * command whose output reports a non-zero exit code is an error (Codex itself calls it a success);
 * the first user message (harness context stripped) is the task; the model comes from the
 * {@code turn_context} in force. {@code event_msg} copies of messages are not shown twice.
 */
final class CodexStory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATCH_FILE = Pattern.compile("\\*\\*\\* (?:Update|Add|Delete) File: (\\S+)");

    private CodexStory() {}

    private static final class Draft {
        long ts;
        String text = "";
        String callId, name, label, model, ask;
        boolean failed;
    }

    static Story read(Transcript t) {
        List<Draft> drafts = new ArrayList<>();
        Map<String, Draft> byCall = new HashMap<>();
        long unparseable = 0, nonObject = 0, partial = 0, unknown = 0, unreadable = 0;
        String model = null, task = null, pendingAsk = null;
        byte[] buf;
        try {
            buf = Files.readAllBytes(t.file());
        } catch (IOException | OutOfMemoryError e) {
            buf = new byte[0];
            unreadable++;
        }
        int start = 0;
        while (start < buf.length) {
            int nl = LineFramer.indexOf(buf, start, buf.length);
            boolean complete = nl >= 0;
            int end = complete ? nl : buf.length;
            int from = start;
            start = complete ? nl + 1 : buf.length;
            if (LineFramer.isBlank(buf, from, end)) continue;
            JsonNode n;
            try {
                n = JSON.readTree(new String(buf, from, end - from, StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (complete) unparseable++;
                else partial += end - from;
                continue;
            }
            if (n == null || !n.isObject()) {
                nonObject++;
                continue;
            }
            long ts = n.path("timestamp").isTextual()
                    ? Timestamps.parse(n.path("timestamp").asText())
                    : Timestamps.NONE;
            JsonNode pl = n.path("payload");
            switch (n.path("type").asText("")) {
                case "turn_context" -> {
                    String m = pl.path("model").asText("");
                    if (!m.isBlank()) model = m;
                }
                case "session_meta", "compacted" -> {}
                case "event_msg" -> {
                    if ("exec_command_end".equals(pl.path("type").asText(""))) {
                        Draft d = byCall.get(pl.path("call_id").asText(""));
                        if (d != null
                                && pl.path("exit_code").isIntegralNumber()
                                && pl.path("exit_code").asInt() != 0) d.failed = true;
                    }
                }
                case "response_item" -> {
                    String pt = pl.path("type").asText("");
                    switch (pt) {
                        case "message" -> {
                            String text = messageText(pl.path("content"));
                            String role = pl.path("role").asText("");
                            if (role.equals("user")) {
                                String prompt = Harness.strip(text);
                                if (prompt.isEmpty()) break;
                                prompt = AgentTools.trim(prompt, StoryBuilder.MAX_PROMPT_CHARS);
                                if (task == null) task = prompt;
                                pendingAsk = prompt;
                            } else if (role.equals("assistant") && !text.isBlank()) {
                                Draft d = new Draft();
                                d.ts = ts;
                                d.text = text;
                                d.model = model;
                                d.ask = pendingAsk;
                                pendingAsk = null;
                                drafts.add(d);
                            }
                        }
                        case "function_call", "custom_tool_call", "local_shell_call" -> {
                            Draft d = new Draft();
                            d.ts = ts;
                            d.callId = pl.path("call_id").asText(pl.path("id").asText(null));
                            d.name = pl.path("name").asText(pt.equals("local_shell_call") ? "shell" : "unknown");
                            d.label = AgentTools.trim(label(pt, pl), AgentTools.MAX_LABEL_CHARS);
                            d.model = model;
                            d.ask = pendingAsk;
                            pendingAsk = null;
                            drafts.add(d);
                            if (d.callId != null) byCall.put(d.callId, d);
                        }
                        case "function_call_output", "custom_tool_call_output" -> {
                            Draft d = byCall.get(pl.path("call_id").asText(""));
                            Integer code = exitCode(pl.get("output"));
                            if (d != null && code != null && code != 0) d.failed = true;
                        }
                        case "reasoning", "web_search_call" -> {}
                        default -> unknown++;
                    }
                }
                default -> unknown++;
            }
        }
        List<Step> steps = new ArrayList<>(drafts.size());
        List<String> prevSig = null;
        boolean prevFailed = false;
        int k = 0;
        for (Draft d : drafts) {
            List<ToolCall> tools = d.name == null
                    ? List.of()
                    : List.of(new ToolCall(d.name, d.label, d.failed ? ToolCall.ERROR : ToolCall.OK));
            List<String> sig = d.name == null ? null : List.of(d.name, d.label);
            boolean retry = sig != null && prevFailed && sig.equals(prevSig);
            if (sig != null) {
                prevSig = sig;
                prevFailed = d.failed;
            }
            String text = d.text;
            boolean cut = text.length() > StoryBuilder.MAX_STEP_TEXT_CHARS;
            if (cut) text = AgentTools.trim(text, StoryBuilder.MAX_STEP_TEXT_CHARS);
            steps.add(new Step(
                    ++k,
                    ClaudeStoryReader.iso(d.ts),
                    text,
                    cut,
                    tools,
                    d.failed,
                    retry,
                    d.model,
                    d.ask,
                    null,
                    null,
                    null));
        }
        int count = steps.size();
        String outcome = StoryBuilder.outcome(steps);
        List<Step> kept = steps;
        if (count > StoryBuilder.MAX_STEPS) {
            kept = new ArrayList<>(steps.subList(0, StoryBuilder.HEAD_STEPS));
            kept.add(Step.omittedMarker(count - StoryBuilder.HEAD_STEPS - StoryBuilder.TAIL_STEPS));
            kept.addAll(steps.subList(count - StoryBuilder.TAIL_STEPS, count));
        }
        return new Story(
                t.sessionId(),
                Story.CODEX,
                task,
                outcome,
                count,
                kept != steps,
                kept,
                new StoryCaps(
                        StoryBuilder.MAX_STEPS,
                        StoryBuilder.MAX_DEPTH,
                        StoryBuilder.STEP_BUDGET,
                        count,
                        0,
                        0,
                        0,
                        kept != steps ? 1 : 0),
                new Skipped(unparseable, nonObject, partial, unknown, 0, 0, 0, unreadable));
    }

    private static String messageText(JsonNode content) {
        if (content.isTextual()) return content.asText();
        StringBuilder sb = new StringBuilder();
        for (JsonNode b : content) {
            String ty = b.path("type").asText("");
            if ((ty.equals("input_text") || ty.equals("output_text") || ty.equals("text"))
                    && b.path("text").isTextual()) {
                if (sb.length() > 0) sb.append('\n');
                sb.append(b.path("text").asText());
            }
        }
        return sb.toString();
    }

    /** One argument of the call: the command, a patched file, a path; never the whole input. */
    private static String label(String type, JsonNode pl) {
        if (type.equals("custom_tool_call")) {
            Matcher m = PATCH_FILE.matcher(pl.path("input").asText(""));
            return m.find() ? m.group(1) : "";
        }
        JsonNode args = type.equals("local_shell_call") ? pl.path("action") : pl.get("arguments");
        if (args != null && args.isTextual()) {
            try {
                args = JSON.readTree(args.asText());
            } catch (IOException e) {
                return "";
            }
        }
        if (args == null || !args.isObject()) return "";
        Map<String, String> scalars = new LinkedHashMap<>();
        args.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isTextual()) scalars.put(e.getKey(), v.asText());
            else if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(x -> parts.add(x.asText()));
                scalars.put(e.getKey(), String.join(" ", parts));
            }
        });
        return AgentTools.label(null, scalars);
    }

    private static Integer exitCode(JsonNode output) {
        if (output == null) return null;
        if (output.isTextual()) {
            String s = output.asText();
            if (s.startsWith("{")) {
                try {
                    JsonNode o = JSON.readTree(s);
                    if (o.path("metadata").path("exit_code").isIntegralNumber())
                        return o.path("metadata").path("exit_code").asInt();
                } catch (IOException e) {
                    // plain text after all
                }
            }
            return Codex.exitCode(s);
        }
        if (output.isObject() && output.path("metadata").path("exit_code").isIntegralNumber())
            return output.path("metadata").path("exit_code").asInt();
        return null;
    }
}
