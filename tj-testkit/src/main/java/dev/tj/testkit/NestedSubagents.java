package dev.tj.testkit;

import static dev.tj.testkit.DrilldownCorpus.SESSION;
import static dev.tj.testkit.DrilldownCorpus.SUB_MODEL;
import static dev.tj.testkit.ToolJson.agentResult;
import static dev.tj.testkit.ToolJson.file;
import static dev.tj.testkit.ToolJson.spawn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The scenario's subagent chain, deep enough that the drill-in must cap it and with a cycle it must stop. */
final class NestedSubagents {
    private NestedSubagents() {}

    /** a1 → b1 → c1 → d1 (capped at depth 4); b1 also names itself (a cycle). Returns when a1 ended. */
    static long write(
            Path subs, String a1, String b1, String c1, String d1, long t, Map<String, DrilldownTruth.Agent> agents)
            throws IOException {
        try (DrilldownTranscript a =
                new DrilldownTranscript(subs.resolve("agent-" + a1 + ".jsonl"), SESSION, a1, t + 100)) {
            a.prompt("Please survey the parser");
            a.t += 1_000;
            a.tool(SUB_MODEL, "Read", file("/home/dev/tj/src/lexer.py"));
            a.t += 1_000;
            String tb = a.tool(SUB_MODEL, "Agent", spawn("dig into lexer", "Explore", false));
            try (DrilldownTranscript b =
                    new DrilldownTranscript(subs.resolve("agent-" + b1 + ".jsonl"), SESSION, b1, a.t + 100)) {
                b.prompt("Please dig into lexer");
                b.t += 1_000;
                String tc = b.tool(SUB_MODEL, "Agent", spawn("deeper still", "general-purpose", false));
                try (DrilldownTranscript c =
                        new DrilldownTranscript(subs.resolve("agent-" + c1 + ".jsonl"), SESSION, c1, b.t + 100)) {
                    c.prompt("Please deeper still");
                    c.t += 1_000;
                    String td = c.tool(SUB_MODEL, "Agent", spawn("too deep", "general-purpose", false));
                    try (DrilldownTranscript d =
                            new DrilldownTranscript(subs.resolve("agent-" + d1 + ".jsonl"), SESSION, d1, c.t + 100)) {
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
}
