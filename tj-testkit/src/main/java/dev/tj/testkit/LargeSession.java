package dev.tj.testkit;

import static dev.tj.testkit.DrilldownCorpus.MODEL;
import static dev.tj.testkit.DrilldownCorpus.SUB_MODEL;
import static dev.tj.testkit.DrilldownCorpus.T0;
import static dev.tj.testkit.ToolJson.agentResult;
import static dev.tj.testkit.ToolJson.bash;
import static dev.tj.testkit.ToolJson.file;
import static dev.tj.testkit.ToolJson.spawn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** The benchmark's session of {@link DrilldownCorpus#writeLarge}: size from tool output, breadth from subagents. */
final class LargeSession {
    private LargeSession() {}

    static String write(Path projects, long targetBytes, int subagents, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        String sid = "b16b16b1-0000-4000-8000-" + Text.hex(r, 12);
        Path dir = projects.resolve("-home-dev-big");
        Path subs = dir.resolve(sid).resolve("subagents");
        long perFile = Math.max(4096, targetBytes / (subagents + 2));
        int pad = 8_000;
        int top = (subagents + 1) / 2;
        try (DrilldownTranscript m = new DrilldownTranscript(dir.resolve(sid + ".jsonl"), sid, null, T0)) {
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
        try (DrilldownTranscript a = new DrilldownTranscript(subs.resolve("agent-" + aid + ".jsonl"), sid, aid, t)) {
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
