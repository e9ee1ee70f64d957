package dev.tj.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a generated Claude Code corpus must add up to: every API response counted once (its
 * {@code message.id}), with the usage of its LAST streaming snapshot, in the session file it first
 * appears in (a resumed session's copies count nothing), dated by the UTC day of that last snapshot.
 * Written as {@code expected.json} beside the projects directory, with the key names of the
 * generator the project used before (so {@code bench/history.sh} and the tests read it unchanged).
 */
public record ClaudeCodeTruth(
        long files,
        long lines,
        long bytes,
        long malformedLines,
        long sessions,
        long resumedSessions,
        long subagentFiles,
        long snapshotRecords,
        Tokens total,
        Map<String, Tokens> byDay,
        Map<String, Tokens> byModel,
        Map<String, Tokens> bySession,
        Map<String, Tokens> bySubagent,
        Map<String, Tokens> byHour) {

    public static final String DEFINITION =
            "one count per message.id, usage of its last snapshot, first session file wins";

    /** Token totals of some API responses; {@code cacheWrite} includes {@code cacheWrite1h}. */
    public record Tokens(long input, long output, long cacheRead, long cacheWrite, long cacheWrite1h, long messages) {
        public static final Tokens ZERO = new Tokens(0, 0, 0, 0, 0, 0);

        public Tokens plus(Tokens o) {
            return new Tokens(
                    input + o.input,
                    output + o.output,
                    cacheRead + o.cacheRead,
                    cacheWrite + o.cacheWrite,
                    cacheWrite1h + o.cacheWrite1h,
                    messages + o.messages);
        }

        void json(StringBuilder sb, String indent) {
            sb.append("{\n");
            field(sb, indent, "cache_creation_1h_input_tokens", cacheWrite1h, false);
            field(sb, indent, "cache_creation_input_tokens", cacheWrite, false);
            field(sb, indent, "cache_read_input_tokens", cacheRead, false);
            field(sb, indent, "input_tokens", input, false);
            field(sb, indent, "messages", messages, false);
            field(sb, indent, "output_tokens", output, true);
            sb.append(indent).append('}');
        }
    }

    public ClaudeCodeTruth {
        byDay = Collections.unmodifiableMap(new TreeMap<>(byDay));
        byModel = Collections.unmodifiableMap(new TreeMap<>(byModel));
        bySession = Collections.unmodifiableMap(new TreeMap<>(bySession));
        bySubagent = Collections.unmodifiableMap(new TreeMap<>(bySubagent));
        byHour = Collections.unmodifiableMap(new TreeMap<>(byHour));
    }

    /** expected.json: keys sorted, one-space indent. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("{\n");
        field(sb, "", "bytes", bytes, false);
        Text.table(sb, "by_day", byDay, Tokens::json);
        // by the UTC hour of the counted snapshot ("2026-11-30T14"): what a 5-hour block adds up
        Text.table(sb, "by_hour", byHour, Tokens::json);
        Text.table(sb, "by_model", byModel, Tokens::json);
        Text.table(sb, "by_session", bySession, Tokens::json);
        Text.table(sb, "by_subagent", bySubagent, Tokens::json);
        sb.append(" \"definition\": ");
        Text.quote(sb, DEFINITION).append(",\n");
        field(sb, "", "files", files, false);
        field(sb, "", "lines", lines, false);
        field(sb, "", "malformed_lines", malformedLines, false);
        field(sb, "", "resumed_sessions", resumedSessions, false);
        field(sb, "", "sessions", sessions, false);
        field(sb, "", "snapshot_records", snapshotRecords, false);
        field(sb, "", "subagent_files", subagentFiles, false);
        sb.append(" \"total\": ");
        total.json(sb, " ");
        sb.append("\n}\n");
        return sb.toString();
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder sb, String indent, String name, long v, boolean last) {
        sb.append(indent)
                .append(' ')
                .append('"')
                .append(name)
                .append("\": ")
                .append(v)
                .append(last ? "\n" : ",\n");
    }
}
