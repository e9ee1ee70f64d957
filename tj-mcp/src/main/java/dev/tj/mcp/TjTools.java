package dev.tj.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tj.core.cost.CostQueries;
import dev.tj.core.json.ApiJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** tj's MCP tools: each a name, a description an agent can act on, typed parameters and an answer. */
final class TjTools {
    static final int DEFAULT_LAST_STEPS = 50;
    static final String ATTENTION_NOTE = "attention is {state: needs_input | needs_permission, since, message} when"
            + " Claude Code's hooks report that the session waits for its user, else null (always null when no"
            + " tj daemon runs: waits live in the daemon).";

    /** One tool: what an agent sees in tools/list, and the answer to a checked call. */
    record Tool(String name, String description, boolean readOnly, List<Param> params, Answer answer) {
        Map<String, Object> schema() {
            Map<String, Object> props = new LinkedHashMap<>();
            for (Param p : params) props.put(p.name(), p.schema());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", "object");
            s.put("properties", props);
            List<String> required =
                    params.stream().filter(Param::required).map(Param::name).toList();
            if (!required.isEmpty()) s.put("required", required);
            s.put("additionalProperties", false);
            return s;
        }
    }

    interface Answer {
        Object answer(Args args) throws Exception;
    }

    private final TjReads reads;
    private final Browser browser;
    private final Path workingDir;

    TjTools(TjReads reads, Browser browser, Path workingDir) {
        this.reads = reads;
        this.browser = browser;
        this.workingDir = workingDir;
    }

    private static final Param SESSION_ID = Param.string(
                    "session_id", "the session id (from list_active_sessions, get_status or list_runs/get_run)")
            .mandatory();
    private static final Param AGENT_ID =
            Param.string("agent_id", "only this agent id (service.name, e.g. claude-code-myrepo)");

    List<Tool> all() {
        return List.of(
                new Tool(
                        "get_status",
                        "What runs now: one tile per live coding session (tokens, cache reads/writes, cost, tool"
                                + " calls, errors, last activity), recently ended sessions, SDK services and the"
                                + " plan framing. Start here to see what is going on. Same JSON as GET /api/v1/status.",
                        true,
                        List.of(AGENT_ID),
                        a -> reads.status(a.string("agent_id"))),
                new Tool(
                        "list_active_sessions",
                        "The sessions that are not ended, newest first, each with its lifecycle tier (active: working"
                                + " now; idle: quiet for a while; stale: quiet long enough that it probably ended),"
                                + " tokens, cost and run_id. Use a session_id from here with get_session or"
                                + " get_session_timeline. Sessions that wait for their user come first; "
                                + ATTENTION_NOTE,
                        true,
                        List.of(AGENT_ID),
                        this::activeSessions),
                new Tool(
                        "get_session",
                        "One session's rollup: totals (tokens incl. cache, cost, pricing mode), model mix, tools used"
                                + " with error counts, traces, context growth, subagents, child sessions and its"
                                + " newest spans. Same JSON as GET /api/v1/sessions/{id}. An unknown id is an error.",
                        true,
                        List.of(SESSION_ID),
                        a -> session(a.string("session_id"))),
                new Tool(
                        "get_session_timeline",
                        "A session's story from its transcript: the task, the outcome and its steps (what the agent"
                                + " said, the tools it ran with their results, errors and retries). Use it to see what"
                                + " a session did or where it went wrong. Returns the last `last_steps` steps"
                                + " (default " + DEFAULT_LAST_STEPS + "); step_count is the full count."
                                + " available: false means no transcript is on this machine.",
                        true,
                        List.of(
                                SESSION_ID,
                                Param.bool(
                                        "subagents",
                                        "nest the steps of the subagents the session spawned (default false)"),
                                Param.integer(
                                        "last_steps",
                                        "how many of the newest steps to return (default " + DEFAULT_LAST_STEPS + ")",
                                        1)),
                        this::timeline),
                new Tool(
                        "get_cost_summary",
                        "Tokens and cost over a window, grouped, with cache columns (cache_read_tokens,"
                                + " cache_write_tokens) per row and totals; framing says whether dollars are spent"
                                + " (API) or an implied value on a subscription plan. Same JSON as GET /api/v1/cost.",
                        true,
                        List.of(
                                Param.string("since", "start of the window: 7d (default), 30d, 12h, all or YYYY-MM-DD"),
                                Param.string(
                                        "until", "end of the window (default now): 2d, YYYY-MM-DD or an ISO instant"),
                                Param.string("group_by", "how rows are grouped (default day)")
                                        .oneOf("day", "week", "month", "model", "agent", "project", "session", "tool"),
                                AGENT_ID,
                                Param.string(
                                        "tz", "time zone for day/week/month rows, e.g. Europe/Paris (default UTC)")),
                        this::cost),
                new Tool(
                        "list_runs",
                        "Runs, newest first: sessions sharing a tokenjam.run_id resource attribute (a fan-out"
                                + " harness's workers), with session count, tokens, cost and last activity. Empty"
                                + " until a harness stamps the attribute (see setup_harness). Same JSON as GET"
                                + " /api/v1/runs.",
                        true,
                        List.of(),
                        a -> reads.runs()),
                new Tool(
                        "get_run",
                        "One run: its totals, its member sessions (with tier) and the spawn tree drawn from"
                                + " tokenjam.parent_session_id. Same JSON as GET /api/v1/runs/{id}. An unknown run id"
                                + " is an error.",
                        true,
                        List.of(Param.string("run_id", "the run id (from list_runs)")
                                .mandatory()),
                        a -> reads.run(a.string("run_id"))
                                .orElseThrow(() -> new ToolError("run_id '" + a.string("run_id")
                                        + "' not found: no stored session carries it (see list_runs)"))),
                new Tool(
                        "get_subagent_costs",
                        "What a session's subagents cost: one row per subagent (type, model, calls, tools, tokens,"
                                + " cost, duration) with right-sizing flags. A flag marks a candidate to review (e.g."
                                + " a big model on a small task), never a measured saving: read the caveat.",
                        true,
                        List.of(SESSION_ID),
                        this::subagents),
                new Tool(
                        "open_dashboard",
                        "The URL of tj's dashboard on this machine (this tj's configured port) and whether the daemon"
                                + " runs; opens it in the user's browser when the daemon runs, unless launch is false"
                                + " or TJ_NO_BROWSER is set. If the daemon is down, tell the user to run `tj serve`.",
                        false,
                        List.of(Param.bool("launch", "open the user's browser (default true)")),
                        this::dashboard),
                new Tool(
                        "setup_harness",
                        "Make a fan-out harness's workers report as one Run. mode=instrument writes .tj/run-env.sh in"
                                + " the project: sourced by the launcher, it mints TJ_RUN_ID once and appends"
                                + " tokenjam.run_id=$TJ_RUN_ID to OTEL_RESOURCE_ATTRIBUTES (idempotent); the answer"
                                + " has the shell and Python wiring and next steps. mode=map writes nothing: it lists"
                                + " the spawn points (lines that start claude/codex; at most 40 from 600 files) and"
                                + " the runs tj already sees.",
                        false,
                        List.of(
                                Param.string("mode", "instrument (write the helper) or map (read only)")
                                        .oneOf("instrument", "map")
                                        .mandatory(),
                                Param.string(
                                        "project_path",
                                        "the project's root directory (default: this server's working directory)")),
                        this::harness));
    }

    /** The sessions waiting for their user first (the longest wait first), the rest in the API's order. */
    private Object activeSessions(Args a) {
        ObjectNode out = reads.activeSessions(a.string("agent_id")).deepCopy();
        List<JsonNode> waiting = new java.util.ArrayList<>(), rest = new java.util.ArrayList<>();
        for (JsonNode s : out.path("sessions")) (s.path("attention").isObject() ? waiting : rest).add(s);
        waiting.sort(java.util.Comparator.comparing(
                s -> s.path("attention").path("since").asText()));
        var rows = out.putArray("sessions");
        waiting.forEach(rows::add);
        rest.forEach(rows::add);
        return out;
    }

    private JsonNode session(String id) {
        return reads.session(id).orElseThrow(() -> unknownSession(id));
    }

    private static ToolError unknownSession(String id) {
        return new ToolError("session_id '" + id + "' not found: tj has no such session (see list_active_sessions)");
    }

    private Object timeline(Args a) {
        String id = a.string("session_id");
        JsonNode story = reads.story(id, a.bool("subagents", false)).orElseThrow(() -> unknownSession(id));
        ObjectNode out = story.deepCopy();
        JsonNode steps = out.path("steps");
        int last = a.integer("last_steps", DEFAULT_LAST_STEPS);
        if (steps.isArray() && steps.size() > last) {
            ArrayNode kept = ApiJson.mapper().createArrayNode();
            for (int i = steps.size() - last; i < steps.size(); i++) kept.add(steps.get(i));
            out.set("steps", kept);
            out.put("steps_omitted", steps.size() - last);
        }
        return out;
    }

    private Object cost(Args a) {
        String since = a.string("since", "7d"), until = a.string("until"), groupBy = a.string("group_by", "day");
        String tz = a.string("tz");
        // the same parser the API uses, so a bad value is refused here with the argument's name
        check("since", since, v -> CostQueries.parse(v, null, null, null, null, Instant.now()) != null);
        if (until != null)
            check("until", until, v -> CostQueries.parse(null, v, null, null, null, Instant.now()) != null);
        if (tz != null) check("tz", tz, v -> CostQueries.parse(null, null, null, null, v, Instant.now()) != null);
        return reads.cost(since, until, groupBy, a.string("agent_id"), tz);
    }

    private static void check(String name, String value, Predicate<String> parses) {
        try {
            parses.test(value);
        } catch (IllegalArgumentException e) {
            throw new ToolError("argument '" + name + "' is not valid: " + e.getMessage());
        }
    }

    private Object subagents(Args a) {
        String id = a.string("session_id");
        JsonNode doc = session(id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session_id", id);
        out.put("pricing_mode", doc.path("session").path("pricing_mode").asText(null));
        out.put("subagents", doc.path("subagents"));
        return out;
    }

    private Object dashboard(Args a) {
        String url = reads.dashboardUrl();
        boolean running = reads.daemonRunning();
        boolean opened = running && a.bool("launch", true) && browser.open(url);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", url);
        out.put("daemon_running", running);
        out.put("opened", opened);
        out.put(
                "message",
                !running
                        ? "tj's daemon is not running: start it with `tj serve`, then open " + url
                        : opened ? "Opened " + url + " in the browser." : "The dashboard is at " + url);
        return out;
    }

    private Object harness(Args a) throws Exception {
        String given = a.string("project_path");
        Path project = given == null ? workingDir : workingDir.resolve(given);
        if (!Files.isDirectory(project)) throw new ToolError("argument 'project_path' is not a directory: " + project);
        project = project.toRealPath();
        return "map".equals(a.string("mode")) ? HarnessSetup.map(project, reads) : HarnessSetup.instrument(project);
    }
}
