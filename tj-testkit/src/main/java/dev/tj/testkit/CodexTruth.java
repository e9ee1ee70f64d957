package dev.tj.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a generated Codex history must add up to, in tj's one token convention (the same for every
 * agent): {@code input} = input NOT read from cache and not written to it (OpenAI's
 * {@code input_tokens} − {@code cached_input_tokens} − {@code cache_write_input_tokens}),
 * {@code cacheRead} = cached input, {@code cacheWrite} = input written to the cache, {@code output} =
 * output with reasoning inside it once, {@code total} = what the provider billed = OpenAI's
 * {@code total_tokens} = input + cacheRead + cacheWrite + output. A call is one {@code token_count}
 * event whose totals moved; {@code errors} are tool calls whose command exited non-zero. {@code rollouts}
 * maps each session id to its rollout file.
 */
public record CodexTruth(
        long files,
        long lines,
        Totals total,
        Map<String, Totals> bySession,
        Map<String, Totals> byModel,
        Map<String, Totals> byDay,
        Map<String, Path> rollouts) {

    public static final String DEFINITION = "input excludes cache reads and writes; output includes reasoning once; "
            + "total = input + cache_read + cache_write + output = OpenAI total_tokens; errors = tool calls that exited non-zero";

    public record Totals(
            long input,
            long cacheRead,
            long cacheWrite,
            long output,
            long reasoning,
            long total,
            long calls,
            long toolCalls,
            long errors) {
        public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0);

        public Totals plus(Totals o) {
            return new Totals(
                    input + o.input,
                    cacheRead + o.cacheRead,
                    cacheWrite + o.cacheWrite,
                    output + o.output,
                    reasoning + o.reasoning,
                    total + o.total,
                    calls + o.calls,
                    toolCalls + o.toolCalls,
                    errors + o.errors);
        }

        void json(StringBuilder sb, String indent) {
            sb.append("{\n");
            String i = indent + " ";
            sb.append(i).append("\"cache_read_tokens\": ").append(cacheRead).append(",\n");
            sb.append(i).append("\"cache_write_tokens\": ").append(cacheWrite).append(",\n");
            sb.append(i).append("\"calls\": ").append(calls).append(",\n");
            sb.append(i).append("\"errors\": ").append(errors).append(",\n");
            sb.append(i).append("\"input_tokens\": ").append(input).append(",\n");
            sb.append(i).append("\"output_tokens\": ").append(output).append(",\n");
            sb.append(i).append("\"reasoning_tokens\": ").append(reasoning).append(",\n");
            sb.append(i).append("\"tool_calls\": ").append(toolCalls).append(",\n");
            sb.append(i).append("\"total_tokens\": ").append(total).append('\n');
            sb.append(indent).append('}');
        }
    }

    public CodexTruth {
        bySession = Collections.unmodifiableMap(new TreeMap<>(bySession));
        byModel = Collections.unmodifiableMap(new TreeMap<>(byModel));
        byDay = Collections.unmodifiableMap(new TreeMap<>(byDay));
        rollouts = Collections.unmodifiableMap(new TreeMap<>(rollouts));
    }

    /** expected.json: keys sorted, one-space indent. */
    public String toJson() {
        StringBuilder sb = new StringBuilder(1 << 14).append("{\n");
        Text.table(sb, "by_day", byDay, Totals::json);
        Text.table(sb, "by_model", byModel, Totals::json);
        Text.table(sb, "by_session", bySession, Totals::json);
        sb.append(" \"definition\": ");
        Text.quote(sb, DEFINITION).append(",\n");
        sb.append(" \"files\": ").append(files).append(",\n");
        sb.append(" \"lines\": ").append(lines).append(",\n");
        sb.append(" \"total\": ");
        total.json(sb, " ");
        return sb.append("\n}\n").toString();
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }
}
