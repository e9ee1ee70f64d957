package dev.tj.testkit;

import static dev.tj.testkit.DrilldownCorpus.CODEX;
import static dev.tj.testkit.DrilldownCorpus.MODEL;
import static dev.tj.testkit.DrilldownCorpus.PROJECT_DIR;
import static dev.tj.testkit.DrilldownCorpus.RESUMED;
import static dev.tj.testkit.DrilldownCorpus.SESSION;
import static dev.tj.testkit.DrilldownCorpus.SUB_MODEL;
import static dev.tj.testkit.DrilldownCorpus.T0;
import static dev.tj.testkit.ToolJson.agentResult;
import static dev.tj.testkit.ToolJson.bash;
import static dev.tj.testkit.ToolJson.file;
import static dev.tj.testkit.ToolJson.meta;
import static dev.tj.testkit.ToolJson.spawn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drill-in scenario of {@link DrilldownCorpus#write}, step by step, with the truth each step
 * implies written down beside it, so the two cannot drift apart.
 */
final class DrilldownScenario {
    private DrilldownScenario() {}

    /** Writes the scenario under {@code projects} (and a rollout under {@code codexSessions}); returns its truth. */
    static DrilldownTruth write(Path projects, Path codexSessions) throws IOException {
        Path dir = projects.resolve(PROJECT_DIR);
        Path subs = dir.resolve(SESSION).resolve("subagents");
        Map<String, DrilldownTruth.Agent> agents = new LinkedHashMap<>();
        Map<String, Integer> cats = new LinkedHashMap<>();
        List<Long> events = new ArrayList<>();
        String a1 = "a1000000000000001", a2 = "a2000000000000002", a3 = "a3000000000000003", a4 = "a4000000000000004";
        String a5 = "a5000000000000005", b1 = "b1000000000000001", c1 = "c1000000000000001", d1 = "d1000000000000001";
        int malformed = 0;
        DrilldownTranscript m = new DrilldownTranscript(dir.resolve(SESSION + ".jsonl"), SESSION, null, T0);
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
        long end = NestedSubagents.write(subs, a1, b1, c1, d1, m.t, agents);
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
        try (DrilldownTranscript s =
                new DrilldownTranscript(subs.resolve("agent-" + a2 + ".jsonl"), SESSION, a2, m.t + 100)) {
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
        try (DrilldownTranscript s =
                new DrilldownTranscript(subs.resolve("agent-" + a3 + ".jsonl"), SESSION, a3, m.t + 100)) {
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
        try (DrilldownTranscript s =
                new DrilldownTranscript(subs.resolve("agent-" + a4 + ".jsonl"), SESSION, a4, m.t + 100)) {
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
        try (DrilldownTranscript r =
                new DrilldownTranscript(dir.resolve(RESUMED + ".jsonl"), RESUMED, null, m.t + 3_600_000)) {
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
        DrilldownRollout.write(codexSessions);
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
}
