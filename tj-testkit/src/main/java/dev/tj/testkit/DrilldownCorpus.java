package dev.tj.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

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

    /** Writes the scenario under {@code projects} (and a rollout under {@code codexSessions}); returns its truth. */
    public static DrilldownTruth write(Path projects, Path codexSessions) throws IOException {
        return DrilldownScenario.write(projects, codexSessions);
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
        MarkupSession.write(projects);
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
        return LargeSession.write(projects, targetBytes, subagents, seed);
    }
}
