package dev.tj.testkit;

import java.util.List;
import java.util.SplittableRandom;

/** The user side of a session: prompts, and tool results, including what a subagent's spawn gives back. */
final class UserRecords {
    /** Runs a subagent in its own file before its result is written; returns when it ended. */
    interface Subagents {
        long run(TranscriptSession parent, String toolUseId, String agentId);
    }

    private final SplittableRandom r;
    private final Subagents subagents;

    UserRecords(SplittableRandom r, Subagents subagents) {
        this.r = r;
        this.subagents = subagents;
    }

    void prompt(TranscriptOut out, TranscriptSession c, boolean first) {
        StringBuilder sb = out.sb;
        if (first) c.parentUuid = null;
        c.envelope(sb, r, "user", c.t);
        if (c.newer) sb.append(",\"promptId\":\"").append(Text.uuid(r)).append('"');
        sb.append(",\"message\":{\"role\":\"user\",\"content\":");
        int kind = r.nextInt(10);
        if (kind == 0) { // text blocks
            sb.append("[{\"type\":\"text\",\"text\":");
            Text.quote(sb, Text.words(r, 5 + r.nextInt(50))).append("}]");
        } else if (kind == 1) {
            Text.quote(
                    sb,
                    "<command-name>/review</command-name><command-message>review</command-message><command-args>"
                            + Text.words(r, 3) + "</command-args>");
        } else {
            Text.quote(sb, Text.words(r, 5 + r.nextInt(55)));
        }
        sb.append("}}");
        out.endLine();
    }

    void toolResults(TranscriptOut out, TranscriptSession c, List<AssistantRecords.ToolUse> tools, int pad) {
        for (AssistantRecords.ToolUse t : tools) {
            boolean err = r.nextDouble() < 0.06;
            boolean spawn = ("Task".equals(t.name()) || "Agent".equals(t.name())) && !err && !c.sidechain;
            StringBuilder sb = out.sb;
            String agent = null;
            long agentEnd = c.t;
            if (spawn) { // the subagent runs (its own file), the parent sees its result
                agent = "a" + Text.hex(r, 16);
                agentEnd = subagents.run(c, t.id(), agent);
            }
            c.envelope(sb, r, "user", c.t);
            sb.append(",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"")
                    .append(t.id())
                    .append("\",\"type\":\"tool_result\",\"content\":");
            if (err) {
                String body = "<tool_use_error>" + Text.words(r, 12) + "</tool_use_error>";
                Text.quote(sb, body).append(",\"is_error\":true}]},\"toolUseResult\":");
                Text.quote(sb, "Error: " + body);
            } else if (spawn) {
                sb.append("[{\"type\":\"text\",\"text\":");
                Text.quote(sb, Text.words(r, 25) + "\nagentId: " + agent)
                        .append("}],\"is_error\":false}]},\"toolUseResult\":");
                if (c.newer && r.nextBoolean()) { // background subagent: the result comes at once
                    sb.append("{\"isAsync\":true,\"status\":\"async_launched\",\"agentId\":\"")
                            .append(agent)
                            .append("\",\"description\":")
                            .append(Text.quote(Text.words(r, 4)))
                            .append(",\"outputFile\":\"/tmp/claude/")
                            .append(agent)
                            .append(".output\",\"canContinueAgent\":true}");
                } else {
                    sb.append("{\"status\":\"completed\",\"agentId\":\"")
                            .append(agent)
                            .append("\",\"agentType\":\"general-purpose\",")
                            .append("\"content\":[{\"type\":\"text\",\"text\":")
                            .append(Text.quote(Text.words(r, 30)))
                            .append("}],\"totalDurationMs\":")
                            .append(agentEnd - c.t)
                            .append(",\"totalTokens\":")
                            .append(10_000 + r.nextInt(90_000))
                            .append(",\"totalToolUseCount\":")
                            .append(1 + r.nextInt(12))
                            .append('}');
                }
            } else {
                // prose needs no escaping: appended as is
                sb.append('"');
                int from = sb.length();
                Text.prose(sb, r, 150);
                String head = sb.substring(from);
                sb.append(' ');
                Text.prose(sb, r, pad);
                sb.append("\",\"is_error\":false}]},\"toolUseResult\":{\"stdout\":\"")
                        .append(head)
                        .append("\",\"stderr\":\"\",\"interrupted\":false}");
            }
            sb.append('}');
            out.endLine();
            c.t += 100 + r.nextInt(3900);
        }
    }
}
