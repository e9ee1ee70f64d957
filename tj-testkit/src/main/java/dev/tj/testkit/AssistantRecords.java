package dev.tj.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * API responses as Claude Code writes them: one record per streamed content block sharing the
 * message id, only the last with the final output count and a stop reason, so a reader that adds
 * every snapshot counts too much.
 */
final class AssistantRecords {
    record ToolUse(String id, String name) {}

    private final SplittableRandom r;
    private final ClaudeCodeTotals totals;

    AssistantRecords(SplittableRandom r, ClaudeCodeTotals totals) {
        this.r = r;
        this.totals = totals;
    }

    /** One API response as several snapshot records; returns its tool_use ids and names. */
    List<ToolUse> response(TranscriptOut out, TranscriptSession c, String model, List<String> toolNames) {
        String mid = "msg_01" + Text.hex(r, 22);
        String req = "req_011" + Text.hex(r, 21);
        long in = r.nextDouble() < 0.8 ? 1 + r.nextInt(12) : 200 + r.nextInt(8800);
        long cr = r.nextDouble() < 0.9 ? 8000 + r.nextInt(172_000) : 0;
        long cw = r.nextInt(6001);
        long w1 = c.oneHourCache
                ? (r.nextDouble() < 0.7 ? cw : r.nextLong(cw + 1))
                : (r.nextDouble() < 0.03 ? r.nextLong(cw + 1) : 0);
        long outTok = 20 + r.nextInt(2481);
        boolean iterations = c.newer && r.nextDouble() < 0.5;

        List<String> blocks = new ArrayList<>();
        if (r.nextDouble() < 0.4) {
            blocks.add("{\"type\":\"thinking\",\"thinking\":" + Text.quotedProse(r, 200 + r.nextInt(600))
                    + ",\"signature\":\"" + Text.hex(r, 64) + "\"}");
        }
        blocks.add("{\"type\":\"text\",\"text\":" + Text.quotedProse(r, 40 + r.nextInt(700)) + "}");
        List<ToolUse> tools = new ArrayList<>(toolNames.size());
        for (int i = 0; i < toolNames.size(); i++) {
            String id = "toolu_01" + Text.hex(r, 22);
            tools.add(new ToolUse(id, toolNames.get(i)));
            blocks.add("{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + toolNames.get(i) + "\",\"input\":"
                    + toolInput(toolNames.get(i)) + "}");
        }
        int n = blocks.size();
        long ts = c.t;
        String lastMessage = null;
        for (int i = 0; i < n; i++) {
            ts = c.t;
            boolean fin = i == n - 1;
            long o = fin ? outTok : Math.max(1, outTok * (i + 1) / (n + 1));
            StringBuilder m = new StringBuilder(blocks.get(i).length() + 400);
            m.append("{\"id\":\"")
                    .append(mid)
                    .append("\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"")
                    .append(model)
                    .append("\",\"content\":[")
                    .append(blocks.get(i))
                    .append("],\"stop_reason\":")
                    .append(fin ? (tools.isEmpty() ? "\"end_turn\"" : "\"tool_use\"") : "null")
                    .append(",\"stop_sequence\":null,\"usage\":");
            usage(m, in, cr, cw, w1, o, c.newer);
            if (iterations && fin) { // newer builds repeat the numbers here: never to be added again
                m.setLength(m.length() - 1);
                m.append(",\"iterations\":[{\"input_tokens\":")
                        .append(in)
                        .append(",\"output_tokens\":")
                        .append(o)
                        .append(",\"cache_read_input_tokens\":")
                        .append(cr)
                        .append(",\"cache_creation_input_tokens\":")
                        .append(cw)
                        .append("}]}");
            }
            m.append('}');
            c.envelope(out.sb, r, "assistant", ts);
            out.sb
                    .append(",\"requestId\":\"")
                    .append(req)
                    .append("\",\"message\":")
                    .append(m)
                    .append('}');
            out.endLine();
            if (i > 0) totals.snapshots++;
            lastMessage = m.toString();
            c.t += 50 + r.nextInt(850);
        }
        totals.call(ts, model, c.rootSessionId, c.sidechain ? c.agentId : null, in, outTok, cr, cw, w1);
        if (c.finals != null) c.finals.add(new TranscriptSession.Final(lastMessage, ts, req));
        return tools;
    }

    private static void usage(StringBuilder m, long in, long cr, long cw, long w1, long out, boolean newer) {
        m.append("{\"input_tokens\":")
                .append(in)
                .append(",\"cache_creation_input_tokens\":")
                .append(cw)
                .append(",\"cache_read_input_tokens\":")
                .append(cr)
                .append(",\"cache_creation\":{\"ephemeral_5m_input_tokens\":")
                .append(cw - w1)
                .append(",\"ephemeral_1h_input_tokens\":")
                .append(w1)
                .append("},\"output_tokens\":")
                .append(out)
                .append(",\"service_tier\":\"standard\"");
        if (newer)
            m.append(",\"server_tool_use\":{\"web_search_requests\":0},\"speed\":\"normal\",\"inference_geo\":\"us\"");
        m.append('}');
    }

    private String toolInput(String name) {
        return switch (name) {
            case "Read", "Edit", "Write" ->
                "{\"file_path\":\"/home/dev/proj/src/" + Text.WORDS[r.nextInt(22)] + "/" + Text.WORDS[r.nextInt(22)]
                        + ".py\"}";
            case "Bash" ->
                "{\"command\":\"pytest -q tests/" + Text.WORDS[r.nextInt(22)] + "\",\"description\":"
                        + Text.quote(Text.words(r, 5)) + "}";
            case "Task", "Agent" ->
                "{\"description\":" + Text.quote(Text.words(r, 4)) + ",\"prompt\":" + Text.quote(Text.words(r, 40))
                        + ",\"subagent_type\":\"" + (r.nextBoolean() ? "general-purpose" : "Explore") + "\"}";
            case "TodoWrite" ->
                "{\"todos\":[{\"content\":" + Text.quote(Text.words(r, 6))
                        + ",\"status\":\"in_progress\",\"activeForm\":" + Text.quote(Text.words(r, 4)) + "}]}";
            default -> "{\"pattern\":\"" + Text.WORDS[r.nextInt(22)] + "\"}";
        };
    }
}
