package dev.tj.testkit;

import static dev.tj.testkit.DrilldownCorpus.MARKUP;
import static dev.tj.testkit.DrilldownCorpus.MARKUP_AGENT;
import static dev.tj.testkit.DrilldownCorpus.MARKUP_TEXT;
import static dev.tj.testkit.DrilldownCorpus.MODEL;
import static dev.tj.testkit.DrilldownCorpus.T0;
import static dev.tj.testkit.ToolJson.agentResult;
import static dev.tj.testkit.ToolJson.file;
import static dev.tj.testkit.ToolJson.meta;
import static dev.tj.testkit.ToolJson.spawn;

import java.io.IOException;
import java.nio.file.Path;

/** The session of {@link DrilldownCorpus#writeMarkup}: markup everywhere a page might render text. */
final class MarkupSession {
    private MarkupSession() {}

    static void write(Path projects) throws IOException {
        Path dir = projects.resolve("-home-dev-markup");
        Path subs = dir.resolve(MARKUP).resolve("subagents");
        long t = T0 + 3_600_000L;
        try (DrilldownTranscript m = new DrilldownTranscript(dir.resolve(MARKUP + ".jsonl"), MARKUP, null, t)) {
            m.prompt("<b>bold ask</b><script>window.__tjInjected = 3</script>");
            m.t += 5_000;
            m.text(MODEL, MARKUP_TEXT);
            m.t += 5_000;
            String read = m.tool(MODEL, "Read", file("/home/dev/markup/<img src=x onerror=alert(1)>.py"));
            m.result(read, false, "x", null);
            m.t += 5_000;
            String spawn = m.tool(MODEL, "Agent", spawn("<i>heavy</i> reviewer", "general-purpose", false));
            meta(subs, MARKUP_AGENT, "<i>heavy</i> reviewer", spawn, "general-purpose");
            try (DrilldownTranscript a = new DrilldownTranscript(
                    subs.resolve("agent-" + MARKUP_AGENT + ".jsonl"), MARKUP, MARKUP_AGENT, m.t + 100)) {
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
}
