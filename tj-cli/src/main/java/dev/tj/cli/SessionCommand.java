package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tj.cli.StatusCommand.Format;
import dev.tj.core.json.ApiJson;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * One session's rollup ({@code GET /api/v1/sessions/{id}}) and the last steps of its Timeline
 * ({@code /story}), from the running daemon, else from the database and the transcript on disk.
 */
@Command(
        name = "session",
        description =
                "Show one session: tokens, cost, models, tools, subagents, runs and the last steps of its Timeline.")
public final class SessionCommand implements Callable<Integer> {
    /** Timeline steps shown at the end. */
    static final int LAST_STEPS = 10;

    @Mixin
    ConfigOption configOption;

    @Parameters(index = "0", paramLabel = "ID", description = "the session id")
    String sessionId;

    @Option(
            names = "--json",
            description = "print the /api/v1/sessions/{id} JSON (with last_steps when there is a Timeline)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliReads reads = new CliReads(configOption.load());
        Optional<JsonNode> found = reads.session(sessionId);
        if (found.isEmpty()) {
            System.err.println("Session " + sessionId + " not found.");
            return 1;
        }
        ObjectNode rollup = (ObjectNode) found.get();
        JsonNode story = reads.timeline(sessionId, false).orElse(null);
        if (story != null) rollup.set("last_steps", lastSteps(story));
        if (json) System.out.println(ApiJson.mapper().writeValueAsString(rollup));
        else print(System.out, rollup, story, Instant.now());
        return 0;
    }

    static JsonNode lastSteps(JsonNode story) {
        var out = ApiJson.mapper().createArrayNode();
        JsonNode steps = story.path("steps");
        int from = Math.max(0, steps.size() - LAST_STEPS);
        for (int i = from; i < steps.size(); i++) out.add(steps.get(i));
        return out;
    }

    static void print(PrintStream out, JsonNode d, JsonNode story, Instant now) {
        JsonNode s = d.path("session");
        String mode = s.path("pricing_mode").asText();
        out.printf(
                "SESSION %s  %s%n",
                clean(s.path("session_id").asText()), clean(s.path("label").asText("")));
        out.printf(
                "  %s · project %s · %s · started %s · last activity %s%n",
                clean(s.path("agent_id").asText()),
                clean(s.path("namespace").asText("-")),
                clean(s.path("tier").asText(s.path("status").asText())),
                clean(s.path("started_at").asText("-")),
                Format.ago(s.path("last_span_time").asText(null), now));
        if (s.hasNonNull("run_id") || s.hasNonNull("parent_session_id")) {
            out.printf(
                    "  run %s · spawned by %s%n",
                    clean(s.path("run_id").asText("-")),
                    clean(s.path("parent_session_id").asText("-")));
        }
        out.printf(
                "  tokens in %s · out %s · cache read %s · cache write %s · cost %s%s%n",
                Format.tokens(s.path("input_tokens").asLong()),
                Format.tokens(s.path("output_tokens").asLong()),
                Format.tokens(s.path("cache_read_tokens").asLong()),
                Format.tokens(s.path("cache_write_tokens").asLong()),
                Format.cost(s.path("total_cost_usd").asDouble(), mode),
                "subscription".equals(mode) ? " (implied API value)" : "");
        out.printf(
                "  %d turns · %d tool calls · %d errors%n",
                d.path("turn_count").asLong(),
                s.path("tool_call_count").asLong(),
                s.path("error_count").asLong());

        JsonNode models = d.path("model_mix");
        if (!models.isEmpty()) {
            out.println();
            out.printf("  %-34s %6s %9s %9s %9s %10s%n", "MODEL", "CALLS", "IN", "OUT", "CACHE R", "COST");
            for (JsonNode m : models) {
                out.printf(
                        "  %-34s %6d %9s %9s %9s %10s%n",
                        clip(m.path("model").asText(), 34),
                        m.path("calls").asLong(),
                        Format.tokens(m.path("input_tokens").asLong()),
                        Format.tokens(m.path("output_tokens").asLong()),
                        Format.tokens(m.path("cache_tokens").asLong()),
                        Format.cost(m.path("cost_usd").asDouble(), mode));
            }
        }
        JsonNode tools = d.path("tools");
        if (!tools.isEmpty()) {
            out.println();
            out.printf("  %-34s %6s %6s%n", "TOOL", "CALLS", "ERR");
            for (JsonNode t : tools) {
                out.printf(
                        "  %-34s %6d %6d%n",
                        clip(t.path("tool_name").asText(), 34),
                        t.path("count").asLong(),
                        t.path("error_count").asLong());
            }
        }
        JsonNode subs = d.path("subagents");
        if (subs.path("total").asInt() > 0) {
            out.println();
            out.printf(
                    "  SUBAGENTS (%d, %s; %d right-sizing candidate%s)%n",
                    subs.path("total").asInt(),
                    Format.cost(subs.path("cost_usd").asDouble(), mode),
                    subs.path("flagged").asInt(),
                    subs.path("flagged").asInt() == 1 ? "" : "s");
            for (JsonNode a : subs.path("rows")) {
                StringBuilder flags = new StringBuilder();
                for (JsonNode f : a.path("flags"))
                    flags.append(flags.length() == 0 ? "  → " : ", ").append(f.asText());
                out.printf(
                        "  %-12s %-6s %-26s %4d calls %4d tools %9s %10s %7.0fs%s%n",
                        clip(a.path("sub_agent_id").asText(), 12),
                        clip(a.path("type").asText("-"), 6),
                        clip(a.path("model").asText("-"), 26),
                        a.path("llm_calls").asLong(),
                        a.path("tool_calls").asLong(),
                        Format.tokens(a.path("tokens").asLong()),
                        Format.cost(a.path("cost_usd").asDouble(), mode),
                        a.path("duration_seconds").asDouble(),
                        flags);
            }
            if (subs.path("flagged").asInt() > 0)
                out.println("  ! " + subs.path("caveat").asText());
        }
        JsonNode children = d.path("children");
        if (!children.isEmpty()) {
            out.println();
            out.println("  CHILD SESSIONS");
            for (JsonNode c : children) {
                out.printf(
                        "  %-38s %-20s %10s%n",
                        clean(c.path("session_id").asText()),
                        clip(c.path("label").asText("-"), 20),
                        Format.cost(c.path("total_cost_usd").asDouble(), mode));
            }
        }
        if (story != null) {
            JsonNode steps = d.path("last_steps");
            out.println();
            out.printf(
                    "  LAST STEPS (%d of %d)%n",
                    steps.size(), story.path("step_count").asInt());
            for (JsonNode st : steps) {
                if (st.has("omitted")) {
                    out.printf("  … %d steps omitted%n", st.path("omitted").asInt());
                    continue;
                }
                StringBuilder tools2 = new StringBuilder();
                for (JsonNode t : st.path("tools")) {
                    tools2.append(tools2.length() == 0 ? "" : ", ")
                            .append(t.path("name").asText())
                            .append(
                                    t.hasNonNull("label")
                                            ? "(" + clip(t.path("label").asText(), 40) + ")"
                                            : "")
                            .append("error".equals(t.path("status").asText()) ? " ✗" : "");
                }
                out.printf(
                        "  #%-4d %s%s %s%s%n",
                        st.path("n").asInt(),
                        st.path("is_error").asBoolean() ? "✗" : " ",
                        st.path("is_retry").asBoolean() ? "↻" : " ",
                        clip(st.path("text").asText(""), 90),
                        tools2.length() == 0 ? "" : "  [" + tools2 + "]");
            }
        }
    }

    /** Transcript and telemetry text never reaches the terminal as control characters. */
    static String clean(String s) {
        return s == null ? "-" : s.replaceAll("\\p{Cntrl}", "?");
    }

    static String clip(String s, int n) {
        if (s == null || s.equals("null")) return "-";
        s = clean(s.replace('\n', ' '));
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
