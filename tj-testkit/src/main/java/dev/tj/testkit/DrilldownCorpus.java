package dev.tj.testkit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes one Claude Code session built to exercise the drill-in, with its ground truth
 * ({@link DrilldownTruth}): subagents nested three levels deep and a fourth that the depth limit
 * must cap; {@code Agent} and older {@code Task} spawns; a subagent linked only through its
 * {@code agent-<id>.meta.json}; a background subagent whose completion comes later as a
 * {@code <task-notification>}; a fork subagent that replays its parent's records; a subagent that
 * names itself (a cycle); one whose file is missing; failed and retried tool calls; two idle gaps
 * (1200 s and 400 s); {@code api-request-blob} copies; unknown record types and a malformed line.
 * Beside it: a resumed session that starts with copies, and a Codex rollout with failing commands.
 * {@link #writeLarge} writes a big session with many subagents for the benchmark.
 */
public final class DrilldownCorpus {
    public static final String SESSION = "5e55a1d0-0000-4000-8000-00000000d711";
    public static final String RESUMED = "5e55a1d0-0000-4000-8000-00000000e5e5";
    public static final String CODEX = "019a0000-c0de-7000-8000-00000000c0de";
    public static final String CWD = "/home/dev/tj";
    /** Not what the cwd encodes to: the locator must search every project folder. */
    public static final String PROJECT_DIR = "-srv-checkouts-renamed";

    static final long T0 = Instant.parse("2026-11-02T09:00:00Z").toEpochMilli();
    static final String MODEL = "claude-opus-4-6", SUB_MODEL = "claude-sonnet-4-6";

    private DrilldownCorpus() {}

    /** A transcript file being written: a clock, a parent uuid chain, counters of what it holds. */
    static final class File implements AutoCloseable {
        final Writer w;
        final String sessionId, agentId;
        long t;
        int steps, msg;
        String parentUuid;
        final List<String[]> assistantCopies = new ArrayList<>();
        private final String tag;

        File(Path path, String sessionId, String agentId, long t) throws IOException {
            Files.createDirectories(path.getParent());
            this.w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            this.sessionId = sessionId;
            this.agentId = agentId;
            this.t = t;
            this.tag = agentId == null ? "main" : agentId;
        }

        private StringBuilder env(String type, String uuid) {
            StringBuilder sb = new StringBuilder(256).append("{\"parentUuid\":");
            sb.append(parentUuid == null ? "null" : "\"" + parentUuid + "\"");
            sb.append(",\"isSidechain\":")
                    .append(agentId != null)
                    .append(",\"userType\":\"external\",\"cwd\":\"")
                    .append(CWD)
                    .append("\",\"sessionId\":\"")
                    .append(sessionId)
                    .append("\",\"version\":\"2.1.328\",\"gitBranch\":\"main\"");
            if (agentId != null) sb.append(",\"agentId\":\"").append(agentId).append('"');
            sb.append(",\"type\":\"")
                    .append(type)
                    .append("\",\"uuid\":\"")
                    .append(uuid)
                    .append("\",\"timestamp\":\"");
            Text.iso(sb, t);
            sb.append('"');
            parentUuid = uuid;
            return sb;
        }

        void line(CharSequence s) throws IOException {
            w.append(s).append('\n');
        }

        String uuid() {
            return String.format("%08x-0000-4000-8000-%012x", tag.hashCode(), (long) (++msg) * 7919 + t);
        }

        void prompt(String text) throws IOException {
            StringBuilder sb = env("user", uuid()).append(",\"message\":{\"role\":\"user\",\"content\":");
            line(Text.quote(sb, text).append("}}"));
        }

        /** One assistant record with one block; returns its message id. */
        String assistant(String model, String block) throws IOException {
            String mid = "msg_" + tag.replace("-", "") + "_" + (++msg);
            return assistant(model, block, mid, uuid());
        }

        String assistant(String model, String block, String mid, String uuid) throws IOException {
            StringBuilder m = new StringBuilder(block.length() + 300)
                    .append("{\"id\":\"")
                    .append(mid)
                    .append("\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"")
                    .append(model)
                    .append("\",\"content\":[")
                    .append(block)
                    .append("],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,")
                    .append(
                            "\"cache_creation_input_tokens\":200,\"cache_read_input_tokens\":12000,\"output_tokens\":150}}");
            StringBuilder sb = env("assistant", uuid)
                    .append(",\"requestId\":\"req_")
                    .append(mid)
                    .append("\",\"message\":");
            line(sb.append(m).append('}'));
            assistantCopies.add(new String[] {model, block, mid});
            steps++;
            return mid;
        }

        String text(String model, String text) throws IOException {
            return assistant(model, "{\"type\":\"text\",\"text\":" + Text.quote(text) + "}");
        }

        /** A tool_use record; returns the tool_use id. */
        String tool(String model, String name, String inputJson) throws IOException {
            String id = "toolu_" + tag.replace("-", "") + "_" + (msg + 1);
            assistant(
                    model,
                    "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":" + inputJson
                            + "}");
            return id;
        }

        void result(String toolUseId, boolean error, String content, String toolUseResult) throws IOException {
            StringBuilder sb = env("user", uuid())
                    .append(",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"")
                    .append(toolUseId)
                    .append("\",\"type\":\"tool_result\",\"content\":");
            Text.quote(sb, content).append(",\"is_error\":").append(error).append("}]}");
            if (toolUseResult != null) sb.append(",\"toolUseResult\":").append(toolUseResult);
            line(sb.append('}'));
        }

        @Override
        public void close() throws IOException {
            w.close();
        }
    }

    static String bash(String cmd) {
        return "{\"command\":" + Text.quote(cmd) + ",\"description\":\"run it\"}";
    }

    static String file(String path) {
        return "{\"file_path\":" + Text.quote(path) + "}";
    }

    static String spawn(String description, String type, boolean background) {
        return "{\"description\":" + Text.quote(description) + ",\"prompt\":" + Text.quote("Please " + description)
                + ",\"subagent_type\":\"" + type + "\"" + (background ? ",\"run_in_background\":true" : "") + "}";
    }

    static String agentResult(String agentId, String status) {
        return "{\"status\":\"" + status + "\",\"agentId\":\"" + agentId + "\",\"agentType\":\"general-purpose\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"report\"}],\"totalDurationMs\":1000,\"totalTokens\":100}";
    }

    static void meta(Path dir, String agentId, String name, String toolUseId, String type) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("agent-" + agentId + ".meta.json"),
                "{\"agentType\":\"" + type + "\"," + (name == null ? "" : "\"name\":" + Text.quote(name) + ",")
                        + "\"description\":\"sidecar description\",\"toolUseId\":\"" + toolUseId
                        + "\",\"spawnDepth\":1,\"requestShape\":\"foreground\",\"finished\":true}");
    }

    /** Writes the scenario under {@code projects} (and a rollout under {@code codexSessions}); returns its truth. */
    public static DrilldownTruth write(Path projects, Path codexSessions) throws IOException {
        Path dir = projects.resolve(PROJECT_DIR);
        Path subs = dir.resolve(SESSION).resolve("subagents");
        Map<String, DrilldownTruth.Agent> agents = new LinkedHashMap<>();
        Map<String, Integer> cats = new LinkedHashMap<>();
        List<Long> events = new ArrayList<>();
        String a1 = "a1000000000000001", a2 = "a2000000000000002", a3 = "a3000000000000003", a4 = "a4000000000000004";
        String a5 = "a5000000000000005", b1 = "b1000000000000001", c1 = "c1000000000000001", d1 = "d1000000000000001";
        int malformed = 0;
        File m = new File(dir.resolve(SESSION + ".jsonl"), SESSION, null, T0);
        m.line("{\"type\":\"summary\",\"summary\":\"Parser work\",\"leafUuid\":\"x\"}");
        m.prompt("Fix the flaky parser test<system-reminder>CLAUDE.md says be careful</system-reminder>");
        m.t += 10_000;
        m.text(MODEL, "I'll start by reading the parser.\n\nThen I will run its tests.");
        m.t += 10_000;
        String read = m.tool(MODEL, "Read", file("/home/dev/tj/src/parser.py"));
        events.add(m.t);
        cats.merge("read", 1, Integer::sum);
        m.result(read, false, "def parse(): ...", null);
        // request copies: never a step, whatever they hold
        m.line("{\"type\":\"api-request\",\"sessionId\":\"" + SESSION + "\",\"params\":{\"model\":\"" + MODEL + "\"}}");
        m.line("{\"type\":\"api-request-blob\",\"sessionId\":\"" + SESSION
                + "\",\"uuid\":\"blob-1\",\"blob\":{\"messages\":"
                + "[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"copied request text\"}]}]}}");
        String cmd = "pytest -q tests/test_parser.py";
        boolean[] fails = {true, true, false, false}; // steps 3..6: fail, retry fail, retry ok, plain repeat
        for (boolean f : fails) {
            m.t += 10_000;
            String id = m.tool(MODEL, "Bash", bash(cmd));
            events.add(m.t);
            cats.merge(f ? "error" : "bash", 1, Integer::sum);
            m.result(id, f, f ? "<tool_use_error>1 failed</tool_use_error>" : "3 passed", null);
        }
        // step 7: Agent, foreground, linked by toolUseResult.agentId; it nests b1 → c1 → d1
        m.t += 10_000;
        String tA1 = m.tool(MODEL, "Agent", spawn("survey the parser", "general-purpose", false));
        events.add(m.t);
        cats.merge("task", 1, Integer::sum);
        long end = nested(subs, a1, b1, c1, d1, m.t, agents);
        agents.put(
                a1,
                new DrilldownTruth.Agent(
                        a1,
                        SESSION,
                        1,
                        7,
                        "survey the parser",
                        3,
                        "expanded",
                        "completed",
                        false,
                        false,
                        "Please survey the parser",
                        0));
        m.t = end + 1_000;
        m.result(
                tA1,
                false,
                "Survey done.\nagentId: " + a1 + " (use SendMessage to continue)",
                agentResult(a1, "completed"));
        // step 8: Task (older builds), linked only by the sidecar
        m.t += 10_000;
        String tA2 = m.tool(MODEL, "Task", spawn("legacy look", "Explore", false));
        events.add(m.t);
        cats.merge("task", 1, Integer::sum);
        meta(subs, a2, "legacy-task-agent", tA2, "Explore");
        try (File s = new File(subs.resolve("agent-" + a2 + ".jsonl"), SESSION, a2, m.t + 100)) {
            s.prompt("Please legacy look");
            s.t += 1_000;
            s.tool(SUB_MODEL, "Glob", "{\"pattern\":\"**/*.py\"}");
            s.t += 1_000;
            s.text(SUB_MODEL, "Found four files.");
        }
        agents.put(
                a2,
                new DrilldownTruth.Agent(
                        a2,
                        SESSION,
                        1,
                        8,
                        "legacy-task-agent",
                        2,
                        "expanded",
                        "completed",
                        false,
                        false,
                        "Please legacy look",
                        0));
        m.t += 5_000;
        m.result(tA2, false, "Found four files.", null);
        m.line("{\"parentUuid\":\"cut\",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"half a li");
        malformed++;
        m.line("{\"type\":\"future-thing\",\"sessionId\":\"" + SESSION + "\",\"payload\":{\"x\":1}}");
        m.line("[1,2,3]");
        malformed++;
        // idle 1200 s, then the second ask
        m.t += 1_200_000;
        m.prompt("Now run the checks in the background");
        // step 9: background Agent, result at once, completion notified later
        m.t += 10_000;
        String tA3 = m.tool(MODEL, "Agent", spawn("background checks", "general-purpose", true));
        events.add(m.t);
        cats.merge("task", 1, Integer::sum);
        try (File s = new File(subs.resolve("agent-" + a3 + ".jsonl"), SESSION, a3, m.t + 100)) {
            s.prompt("Please background checks");
            s.t += 1_000;
            s.tool(SUB_MODEL, "Bash", bash("make check"));
            s.t += 1_000;
            s.text(SUB_MODEL, "Checks pass.");
        }
        agents.put(
                a3,
                new DrilldownTruth.Agent(
                        a3,
                        SESSION,
                        1,
                        9,
                        "background checks",
                        2,
                        "expanded",
                        "completed",
                        true,
                        false,
                        "Please background checks",
                        0));
        m.t += 500;
        m.result(
                tA3,
                false,
                "Async agent launched successfully.\nagentId: " + a3,
                "{\"isAsync\":true,\"status\":\"async_launched\",\"agentId\":\"" + a3
                        + "\",\"description\":\"background checks\",\"outputFile\":\"/tmp/x.output\",\"canContinueAgent\":true}");
        // step 10: a fork replays the parent's conversation before its own directive
        m.t += 10_000;
        String tA4 = m.tool(MODEL, "Agent", spawn("fork edge cases", "fork", false));
        events.add(m.t);
        cats.merge("task", 1, Integer::sum);
        try (File s = new File(subs.resolve("agent-" + a4 + ".jsonl"), SESSION, a4, m.t + 100)) {
            s.prompt("Fix the flaky parser test");
            for (int i = 0; i < 3; i++) {
                String[] c = m.assistantCopies.get(i);
                s.assistant(c[0], c[1], c[2], s.uuid());
            }
            s.steps -= 3;
            s.prompt("Fork directive: check the edge cases");
            s.t += 1_000;
            s.tool(MODEL, "Grep", "{\"pattern\":\"edge\"}");
            s.t += 1_000;
            s.text(MODEL, "Edge cases covered.");
        }
        agents.put(
                a4,
                new DrilldownTruth.Agent(
                        a4,
                        SESSION,
                        1,
                        10,
                        "fork edge cases",
                        2,
                        "expanded",
                        "completed",
                        false,
                        true,
                        "Fork directive: check the edge cases",
                        4));
        m.t += 5_000;
        m.result(tA4, false, "done", agentResult(a4, "completed"));
        // step 11: a subagent whose file is gone
        m.t += 10_000;
        String tA5 = m.tool(MODEL, "Agent", spawn("vanished helper", "general-purpose", false));
        events.add(m.t);
        cats.merge("task", 1, Integer::sum);
        agents.put(
                a5,
                new DrilldownTruth.Agent(
                        a5, SESSION, 1, 11, "vanished helper", 0, "missing", "completed", false, false, null, 0));
        m.t += 2_000;
        m.result(tA5, false, "done", agentResult(a5, "completed"));
        // step 12
        m.t += 10_000;
        String edit = m.tool(MODEL, "Edit", file("/home/dev/tj/src/parser.py"));
        events.add(m.t);
        cats.merge("edit", 1, Integer::sum);
        m.result(edit, false, "ok", null);
        // idle 400 s; then the background agent's notification
        m.t += 400_000;
        StringBuilder n = m.env("user", m.uuid()).append(",\"message\":{\"role\":\"user\",\"content\":");
        Text.quote(
                n,
                "<task-notification><task-id>" + a3 + "</task-id><tool-use-id>" + tA3
                        + "</tool-use-id><status>completed</status><summary>Agent finished</summary></task-notification>");
        m.line(n.append("}}"));
        // step 13, 14
        m.t += 5_000;
        String grep = m.tool(MODEL, "Grep", "{\"pattern\":\"TODO\",\"path\":\"src\"}");
        events.add(m.t);
        cats.merge("search", 1, Integer::sum);
        m.result(grep, false, "none", null);
        m.t += 10_000;
        m.text(MODEL, "Done: the parser test is fixed.");
        int mainSteps = m.steps;
        List<String[]> copies = new ArrayList<>(m.assistantCopies.subList(0, 3));
        m.close();

        // a resumed session: copies of the old session's responses first
        int resumedSteps;
        try (File r = new File(dir.resolve(RESUMED + ".jsonl"), RESUMED, null, m.t + 3_600_000)) {
            for (String[] c : copies) r.assistant(c[0], c[1], c[2], r.uuid());
            r.prompt("Continue with the docs");
            r.t += 5_000;
            r.tool(MODEL, "Read", file("/home/dev/tj/README.md"));
            r.t += 5_000;
            r.text(MODEL, "Docs updated.");
            resumedSteps = r.steps - copies.size();
        }
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < events.size(); i++) {
            double d = (events.get(i) - events.get(i - 1)) / 1000.0;
            if (d > 300) gaps.add(d);
        }
        double wall = (events.get(events.size() - 1) - events.get(0)) / 1000.0;
        codex(codexSessions);
        return new DrilldownTruth(
                SESSION,
                PROJECT_DIR,
                "Fix the flaky parser test",
                "Done: the parser test is fixed.",
                mainSteps,
                List.of(4, 5),
                List.of(3, 4),
                agents,
                cats,
                events,
                gaps,
                wall,
                malformed,
                RESUMED,
                copies.size(),
                resumedSteps,
                CODEX,
                5,
                List.of(1, 2),
                List.of(2),
                "Make the tests pass");
    }

    /** a1 → b1 → c1 → d1 (capped at depth 4); b1 also names itself (a cycle). Returns when a1 ended. */
    private static long nested(
            Path subs, String a1, String b1, String c1, String d1, long t, Map<String, DrilldownTruth.Agent> agents)
            throws IOException {
        try (File a = new File(subs.resolve("agent-" + a1 + ".jsonl"), SESSION, a1, t + 100)) {
            a.prompt("Please survey the parser");
            a.t += 1_000;
            a.tool(SUB_MODEL, "Read", file("/home/dev/tj/src/lexer.py"));
            a.t += 1_000;
            String tb = a.tool(SUB_MODEL, "Agent", spawn("dig into lexer", "Explore", false));
            try (File b = new File(subs.resolve("agent-" + b1 + ".jsonl"), SESSION, b1, a.t + 100)) {
                b.prompt("Please dig into lexer");
                b.t += 1_000;
                String tc = b.tool(SUB_MODEL, "Agent", spawn("deeper still", "general-purpose", false));
                try (File c = new File(subs.resolve("agent-" + c1 + ".jsonl"), SESSION, c1, b.t + 100)) {
                    c.prompt("Please deeper still");
                    c.t += 1_000;
                    String td = c.tool(SUB_MODEL, "Agent", spawn("too deep", "general-purpose", false));
                    try (File d = new File(subs.resolve("agent-" + d1 + ".jsonl"), SESSION, d1, c.t + 100)) {
                        d.prompt("Please too deep");
                        d.t += 1_000;
                        d.text(SUB_MODEL, "Nobody will see this expanded.");
                    }
                    c.t += 3_000;
                    c.result(td, false, "done", agentResult(d1, "completed"));
                    c.t += 1_000;
                    c.text(SUB_MODEL, "Deep work done.");
                    agents.put(
                            d1,
                            new DrilldownTruth.Agent(
                                    d1, c1, 4, 1, "too deep", 1, "depth", "completed", false, false, null, 0));
                    agents.put(
                            c1,
                            new DrilldownTruth.Agent(
                                    c1,
                                    b1,
                                    3,
                                    1,
                                    "deeper still",
                                    c.steps,
                                    "expanded",
                                    "completed",
                                    false,
                                    false,
                                    "Please deeper still",
                                    0));
                }
                b.t += 6_000;
                b.result(tc, false, "done", agentResult(c1, "completed"));
                // b1 names itself as the agent of a call: a cycle the builder must stop
                b.t += 1_000;
                String self = b.tool(SUB_MODEL, "Agent", spawn("myself again", "general-purpose", false));
                b.t += 1_000;
                b.result(self, false, "agentId: " + b1, agentResult(b1, "completed"));
                b.t += 1_000;
                b.text(SUB_MODEL, "Lexer understood.");
                agents.put(
                        b1,
                        new DrilldownTruth.Agent(
                                b1,
                                a1,
                                2,
                                2,
                                "dig into lexer",
                                b.steps,
                                "expanded",
                                "completed",
                                false,
                                false,
                                "Please dig into lexer",
                                0));
            }
            a.t += 12_000;
            a.result(tb, false, "done", agentResult(b1, "completed"));
            a.t += 1_000;
            a.text(SUB_MODEL, "The parser is a recursive descent.");
            return a.t;
        }
    }

    private static void codex(Path sessions) throws IOException {
        Path f = sessions.resolve("2026/11/02/rollout-2026-11-02T10-00-00-" + CODEX + ".jsonl");
        Files.createDirectories(f.getParent());
        long t = T0 + 3_600_000;
        List<String> lines = new ArrayList<>();
        lines.add(rec(
                t,
                "session_meta",
                "{\"id\":\"" + CODEX
                        + "\",\"cwd\":\"/home/dev/rs\",\"originator\":\"codex_cli_rs\",\"cli_version\":\"0.169.0\"}"));
        lines.add(rec(t, "turn_context", "{\"cwd\":\"/home/dev/rs\",\"model\":\"gpt-5-codex\"}"));
        lines.add(
                rec(
                        t,
                        "response_item",
                        "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"<environment_context>cwd</environment_context>\"}]}"));
        lines.add(
                rec(
                        t + 1000,
                        "response_item",
                        "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Make the tests pass\"}]}"));
        lines.add(rec(t + 1000, "event_msg", "{\"type\":\"user_message\",\"message\":\"Make the tests pass\"}"));
        String[] outs = {
            "Process exited with code 101\nOutput:\nfailed",
            "Process exited with code 101\nOutput:\nfailed",
            null,
            "Process exited with code 0\nOutput:\nok"
        };
        for (int i = 0; i < 4; i++) {
            long at = t + 10_000L * (i + 1);
            if (i == 2) {
                lines.add(rec(
                        at,
                        "response_item",
                        "{\"type\":\"custom_tool_call\",\"status\":\"completed\",\"call_id\":\"call_p\",\"name\":\"apply_patch\",\"input\":"
                                + Text.quote(
                                        "*** Begin Patch\n*** Update File: src/lib.rs\n@@\n-a\n+b\n*** End Patch\n")
                                + "}"));
                lines.add(rec(
                        at + 500,
                        "response_item",
                        "{\"type\":\"custom_tool_call_output\",\"call_id\":\"call_p\",\"output\":"
                                + Text.quote("{\"output\":\"Success.\",\"metadata\":{\"exit_code\":0}}") + "}"));
            } else {
                lines.add(rec(
                        at,
                        "response_item",
                        "{\"type\":\"function_call\",\"name\":\"exec_command\",\"arguments\":"
                                + Text.quote("{\"cmd\":\"cargo test\"}") + ",\"call_id\":\"call_" + i + "\"}"));
                lines.add(rec(
                        at + 500,
                        "response_item",
                        "{\"type\":\"function_call_output\",\"call_id\":\"call_" + i + "\",\"output\":"
                                + Text.quote(outs[i]) + "}"));
            }
        }
        lines.add(
                rec(
                        t + 60_000,
                        "response_item",
                        "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"All tests pass.\"}]}"));
        lines.add(rec(t + 60_000, "event_msg", "{\"type\":\"agent_message\",\"message\":\"All tests pass.\"}"));
        lines.add(rec(t + 61_000, "response_item", "{\"type\":\"future_item_kind\"}"));
        Files.writeString(f, String.join("\n", lines) + "\n");
    }

    /** A session whose transcript text is markup: the dashboard must show it as text. */
    public static final String MARKUP = "5e55a1d0-0000-4000-8000-0000000a7a7a";

    public static final String MARKUP_AGENT = "e1000000000000001";

    /** The narration of {@link #MARKUP}'s first step: a script element, an image with a handler, a link. */
    public static final String MARKUP_TEXT = "<script>window.__tjInjected = 1</script><img src=x id=tj-injected"
            + " onerror=\"window.__tjInjected = 2\"> and <a id=tj-link href=\"javascript:alert(1)\">click</a> & done";

    /**
     * Writes {@link #MARKUP} under {@code projects}: a prompt, narration and a file name made of HTML,
     * and one opus subagent named in HTML that reads a lot and writes little (six calls of 12k context,
     * 150 output tokens each, one tool call), so the rollup flags it {@code over_powered} and
     * {@code over_provisioned}. Its transcript files are dated {@code T0}.
     */
    public static void writeMarkup(Path projects) throws IOException {
        Path dir = projects.resolve("-home-dev-markup");
        Path subs = dir.resolve(MARKUP).resolve("subagents");
        long t = T0 + 3_600_000L;
        try (File m = new File(dir.resolve(MARKUP + ".jsonl"), MARKUP, null, t)) {
            m.prompt("<b>bold ask</b><script>window.__tjInjected = 3</script>");
            m.t += 5_000;
            m.text(MODEL, MARKUP_TEXT);
            m.t += 5_000;
            String read = m.tool(MODEL, "Read", file("/home/dev/markup/<img src=x onerror=alert(1)>.py"));
            m.result(read, false, "x", null);
            m.t += 5_000;
            String spawn = m.tool(MODEL, "Agent", spawn("<i>heavy</i> reviewer", "general-purpose", false));
            meta(subs, MARKUP_AGENT, "<i>heavy</i> reviewer", spawn, "general-purpose");
            try (File a = new File(subs.resolve("agent-" + MARKUP_AGENT + ".jsonl"), MARKUP, MARKUP_AGENT, m.t + 100)) {
                a.prompt("Please review");
                a.t += 1_000;
                String r = a.tool(MODEL, "Read", file("/home/dev/markup/src/main.py"));
                a.result(r, false, "y", null);
                for (int i = 0; i < 5; i++) {
                    a.t += 1_000;
                    a.text(MODEL, "Review note " + (i + 1) + ".");
                }
                m.t = a.t + 1_000;
            }
            m.result(spawn, false, "agentId: " + MARKUP_AGENT, agentResult(MARKUP_AGENT, "completed"));
            m.t += 5_000;
            m.text(MODEL, "Reviewed.");
        }
    }

    private static String rec(long t, String type, String payload) {
        return "{\"timestamp\":\"" + Text.iso(t) + "\",\"type\":\"" + type + "\",\"payload\":" + payload + "}";
    }

    /**
     * {@code --out PROJECTS [--size-mib 50] [--subagents 40] [--seed 1]}: writes {@link #writeLarge} and
     * prints the session id.
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        long mib = 50, seed = 1;
        int subagents = 40;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--size-mib" -> mib = Long.parseLong(args[++i]);
                case "--subagents" -> subagents = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: DrilldownCorpus --out DIR [--size-mib N] [--subagents K] [--seed S]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            System.err.println("--out is required");
            System.exit(2);
        }
        System.out.println(writeLarge(out, mib << 20, subagents, seed));
    }

    /**
     * A large session for the benchmark: about {@code targetBytes} over the main file and
     * {@code subagents} subagent files (half spawned by the session, half one level below them); as in
     * real transcripts most bytes are tool output (8 KB per call), narration a few hundred chars.
     * Returns the session id.
     */
    public static String writeLarge(Path projects, long targetBytes, int subagents, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        String sid = "b16b16b1-0000-4000-8000-" + Text.hex(r, 12);
        Path dir = projects.resolve("-home-dev-big");
        Path subs = dir.resolve(sid).resolve("subagents");
        long perFile = Math.max(4096, targetBytes / (subagents + 2));
        int pad = 8_000;
        int top = (subagents + 1) / 2;
        try (File m = new File(dir.resolve(sid + ".jsonl"), sid, null, T0)) {
            m.prompt("Big job");
            long written = 0;
            int spawned = 0;
            int step = 0;
            while (written < perFile * 2 || spawned < top) {
                m.t += 2_000;
                step++;
                if (spawned < top && step % 20 == 0) {
                    String aid = "a" + String.format("%016x", (long) spawned + 1);
                    String tid = m.tool(MODEL, "Agent", spawn("part " + spawned, "general-purpose", false));
                    int kids = spawned < subagents - top ? 1 : 0;
                    bigAgent(subs, sid, aid, m.t, perFile, pad, r, kids, spawned + top);
                    m.result(tid, false, "agentId: " + aid, agentResult(aid, "completed"));
                    spawned++;
                } else if (step % 2 == 0) { // most of a real transcript's bytes are tool output
                    String id = m.tool(MODEL, "Bash", bash("make test " + (step % 7)));
                    m.result(id, step % 11 == 0, "ok " + Text.prose(r, pad), null);
                    written += pad + 400;
                } else {
                    m.text(MODEL, Text.prose(r, 300 + r.nextInt(600)));
                    written += 900;
                }
            }
        }
        return sid;
    }

    private static long bigAgent(
            Path subs, String sid, String aid, long t, long bytes, int pad, SplittableRandom r, int kids, int kidIndex)
            throws IOException {
        long written = 0;
        try (File a = new File(subs.resolve("agent-" + aid + ".jsonl"), sid, aid, t)) {
            a.prompt("Please do " + aid);
            for (int k = 0; k < kids; k++) {
                String kid = "a" + String.format("%016x", (long) kidIndex + 1);
                String tid = a.tool(SUB_MODEL, "Agent", spawn("sub " + kid, "general-purpose", false));
                written += bigAgent(subs, sid, kid, a.t, bytes, pad, r, 0, 0);
                a.result(tid, false, "agentId: " + kid, agentResult(kid, "completed"));
            }
            long own = 0;
            int k = 0;
            while (own < bytes) {
                a.t += 1_000;
                if (k++ % 2 == 0) {
                    String id = a.tool(SUB_MODEL, "Read", file("/home/dev/big/src/f" + k + ".py"));
                    a.result(id, false, Text.prose(r, pad), null);
                    own += pad + 400;
                } else {
                    a.text(SUB_MODEL, Text.prose(r, 300 + r.nextInt(600)));
                    own += 900;
                }
            }
            written += own;
        }
        return written;
    }
}
