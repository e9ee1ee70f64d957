package dev.tj.testkit;

import java.util.SplittableRandom;

/**
 * Records around the turns that a reader must not count as API responses: request copies,
 * {@code <synthetic>} errors, bookkeeping of every kind, and lines cut short.
 */
final class SideRecords {
    private final SplittableRandom r;
    private final ClaudeCodeTotals totals;

    SideRecords(SplittableRandom r, ClaudeCodeTotals totals) {
        this.r = r;
        this.totals = totals;
    }

    void apiRequest(TranscriptOut out, TranscriptSession c, String model) {
        StringBuilder sb = out.sb;
        sb.append("{\"type\":\"api-request\",\"sessionId\":\"")
                .append(c.sessionId)
                .append("\",\"timestamp\":\"");
        Text.iso(sb, c.t);
        sb.append("\",\"querySource\":\"")
                .append(c.sidechain ? "agent:custom" : "repl_main_thread")
                .append("\",\"params\":{\"model\":\"")
                .append(model)
                .append(
                        "\",\"max_tokens\":32000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":10000}},\"betas\":[\"interleaved-thinking-2025-05-14\"]}");
        out.endLine();
        // a copy of the request content: never a message, whatever it holds
        sb.append("{\"type\":\"api-request-blob\",\"sessionId\":\"")
                .append(c.sessionId)
                .append("\",\"uuid\":\"")
                .append(Text.uuid(r))
                .append("\",\"timestamp\":\"");
        Text.iso(sb, c.t);
        sb.append("\",\"blob\":{\"model\":\"").append(model).append("\",\"messages\":[{\"role\":\"user\",\"content\":");
        Text.quote(sb, Text.words(r, 20)).append("},{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":");
        sb.append(Text.quotedProse(r, 300)).append("}]}]}}");
        out.endLine();
    }

    void synthetic(TranscriptOut out, TranscriptSession c) {
        c.envelope(out.sb, r, "assistant", c.t);
        out.sb
                .append(",\"isApiErrorMessage\":true,\"message\":{\"id\":\"")
                .append(Text.uuid(r))
                .append(
                        "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"<synthetic>\",\"content\":[{\"type\":\"text\",")
                .append(
                        "\"text\":\"API Error: 529 {\\\"type\\\":\\\"error\\\",\\\"error\\\":{\\\"type\\\":\\\"overloaded_error\\\"}}\"}],")
                .append(
                        "\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"\",\"usage\":{\"input_tokens\":0,\"output_tokens\":0,")
                .append("\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}}");
        out.endLine();
    }

    void bookkeeping(TranscriptOut out, TranscriptSession c) {
        StringBuilder sb = out.sb;
        if (r.nextDouble() < 0.1) {
            c.envelope(sb, r, "system", c.t);
            sb.append(",\"subtype\":\"turn_duration\",\"durationMs\":")
                    .append(1000 + r.nextInt(89_000))
                    .append(",\"isMeta\":false}");
            out.endLine();
        }
        if (r.nextDouble() < 0.02) {
            c.envelope(sb, r, "system", c.t);
            sb.append(
                            ",\"subtype\":\"compact_boundary\",\"content\":\"Conversation compacted\",\"compactMetadata\":{\"trigger\":\"auto\",")
                    .append("\"preTokens\":")
                    .append(150_000 + r.nextInt(40_000))
                    .append("}}");
            out.endLine();
        }
        if (r.nextDouble() < 0.1) {
            c.envelope(sb, r, "progress", c.t);
            sb.append(",\"data\":{\"type\":\"bash_progress\",\"output\":")
                    .append(Text.quote(Text.words(r, 8)))
                    .append(",\"elapsedTimeSeconds\":")
                    .append(1 + r.nextInt(30))
                    .append("},\"toolUseID\":\"bash-progress-0\"}");
            out.endLine();
        }
        if (r.nextDouble() < 0.15) {
            sb.append("{\"type\":\"file-history-snapshot\",\"messageId\":\"")
                    .append(Text.uuid(r))
                    .append("\",\"snapshot\":{\"trackedFileBackups\":{},\"timestamp\":\"");
            Text.iso(sb, c.t);
            sb.append("\"},\"isSnapshotUpdate\":false}");
            out.endLine();
        }
        if (!c.newer) return;
        if (r.nextDouble() < 0.08) {
            sb.append("{\"type\":\"queue-operation\",\"operation\":\"enqueue\",\"timestamp\":\"");
            Text.iso(sb, c.t);
            sb.append("\",\"sessionId\":\"")
                    .append(c.sessionId)
                    .append("\",\"content\":")
                    .append(Text.quote(Text.words(r, 10)))
                    .append('}');
            out.endLine();
        }
        if (r.nextDouble() < 0.08) {
            c.envelope(sb, r, "attachment", c.t);
            sb.append(",\"attachment\":{\"type\":\"todo_reminder\",\"content\":[],\"itemCount\":0}}");
            out.endLine();
        }
        if (r.nextDouble() < 0.05) {
            sb.append("{\"type\":\"tools-used\",\"sessionId\":\"")
                    .append(c.sessionId)
                    .append("\",\"tools\":[\"Bash\",\"Agent\"]}");
            out.endLine();
        }
        if (r.nextDouble() < 0.05) {
            sb.append("{\"type\":\"last-prompt\",\"sessionId\":\"")
                    .append(c.sessionId)
                    .append("\",\"lastPrompt\":")
                    .append(Text.quote(Text.words(r, 8)))
                    .append('}');
            out.endLine();
        }
        if (r.nextDouble() < 0.05) { // Claude Code's own view: a cross-check, never the truth
            sb.append("{\"type\":\"cost-state\",\"sessionId\":\"")
                    .append(c.sessionId)
                    .append("\",\"totalCostUSD\":")
                    .append(r.nextInt(5000) / 100.0)
                    .append(",\"totalDuration\":")
                    .append(r.nextInt(3_600_000))
                    .append(",\"modelUsage\":{\"")
                    .append(c.model)
                    .append("\":{\"inputTokens\":")
                    .append(r.nextInt(100_000))
                    .append(",\"outputTokens\":")
                    .append(r.nextInt(50_000))
                    .append(",\"cacheReadInputTokens\":")
                    .append(r.nextInt(5_000_000))
                    .append(",\"cacheCreationInputTokens\":")
                    .append(r.nextInt(200_000))
                    .append(",\"costUSD\":")
                    .append(r.nextInt(5000) / 100.0)
                    .append("}},\"hasUnknownModelCost\":false}");
            out.endLine();
        }
        if (r.nextDouble() < 0.03) {
            sb.append("{\"type\":\"ai-title\",\"sessionId\":\"")
                    .append(c.sessionId)
                    .append("\",\"title\":")
                    .append(Text.quote(Text.words(r, 5)))
                    .append('}');
            out.endLine();
        }
    }

    /** A record cut short (a crash mid-write), then the file goes on on the next line. */
    void malformed(TranscriptOut out, TranscriptSession c) {
        StringBuilder rec = new StringBuilder(512);
        String keep = c.parentUuid;
        c.envelope(rec, r, "user", c.t);
        rec.append(",\"message\":{\"role\":\"user\",\"content\":")
                .append(Text.quote(Text.words(r, 30)))
                .append("}}");
        c.parentUuid = keep;
        out.sb.append(rec, 0, rec.length() / 2 + r.nextInt(rec.length() / 3));
        out.endLine();
        totals.malformed++;
    }
}
