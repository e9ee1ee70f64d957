package dev.tj.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One conversation of {@link ClaudeCodeCorpus}: a session, its subagents, maybe a resumed session that
 * copies it. It owns its random source, so conversations written on any thread come out the same.
 */
final class Conversation {
    /** One conversation to write: its own random seed, about how many bytes, when it starts. */
    record Plan(long seed, long budget, long startMillis) {}

    private final Path projects;
    private final String cwd;
    private final SplittableRandom r;
    private final long budget, start;
    private final ClaudeCodeTotals totals = new ClaudeCodeTotals();
    private final UserRecords user;
    private final AssistantRecords assistant;
    private final SideRecords side;

    Conversation(Path projects, String cwd, Plan plan) {
        this.projects = projects;
        this.cwd = cwd;
        this.r = new SplittableRandom(plan.seed());
        this.budget = plan.budget();
        this.start = plan.startMillis();
        this.user = new UserRecords(r, this::subagent);
        this.assistant = new AssistantRecords(r, totals);
        this.side = new SideRecords(r, totals);
    }

    ClaudeCodeTotals write() {
        Path dir = projects.resolve(cwd.replace('/', '-'));
        boolean resume = budget > 20_000 && r.nextDouble() < 0.2;
        TranscriptSession a = session(dir, start);
        a.finals = new ArrayList<>();
        try (TranscriptOut out = new TranscriptOut(dir.resolve(a.sessionId + ".jsonl"), totals)) {
            if (r.nextDouble() < 0.3) { // older-format title line: no session id, no timestamp
                out.sb.append("{\"type\":\"summary\",\"summary\":");
                Text.quote(out.sb, Text.words(r, 6))
                        .append(",\"leafUuid\":\"")
                        .append(Text.uuid(r))
                        .append("\"}");
                out.endLine();
            }
            body(out, a, (long) (budget * (resume ? 0.65 : 0.9)));
        }
        totals.sessions++;
        if (resume && a.finals.size() >= 2) {
            TranscriptSession b = session(dir, a.t + 300_000 + r.nextLong(2 * 86_400_000L));
            b.model = a.model;
            try (TranscriptOut out = new TranscriptOut(dir.resolve(b.sessionId + ".jsonl"), totals)) {
                // the resumed file starts with copies of the old responses (new uuid and session id)
                for (int i = r.nextInt(a.finals.size() / 2 + 1); i < a.finals.size(); i++) {
                    TranscriptSession.Final f = a.finals.get(i);
                    b.envelope(out.sb, r, "assistant", f.ts());
                    out.sb
                            .append(",\"requestId\":\"")
                            .append(f.requestId())
                            .append("\",\"message\":")
                            .append(f.message())
                            .append('}');
                    out.endLine();
                }
                body(out, b, (long) (budget * 0.25));
            }
            totals.sessions++;
            totals.resumed++;
        }
        return totals;
    }

    private TranscriptSession session(Path dir, long t) {
        TranscriptSession c = new TranscriptSession();
        c.sessionId = c.rootSessionId = Text.uuid(r);
        c.cwd = cwd;
        c.projectDir = dir;
        c.version = ClaudeCodeCorpus.VERSIONS[r.nextInt(ClaudeCodeCorpus.VERSIONS.length)];
        c.newer = c.version.startsWith("2.1.") && !c.version.equals("2.1.37");
        c.model = ClaudeCodeCorpus.MODELS[Text.pick(r, ClaudeCodeCorpus.MODEL_WEIGHTS)];
        c.oneHourCache = r.nextDouble() < 0.3;
        c.t = t;
        return c;
    }

    /** Turns until {@code target} bytes are written (at least one). */
    private void body(TranscriptOut out, TranscriptSession c, long target) {
        long before = out.sb.length() + totals.bytes;
        int turnsGuess = (int) Math.max(1, target / 40_000);
        int pad = (int) Math.max(8, Math.min(20_000, target / (turnsGuess * 12L)));
        int turn = 0;
        while (turn == 0 || (out.sb.length() + totals.bytes - before) < target) {
            turn++;
            user.prompt(out, c, turn == 1);
            c.t += 2_000 + r.nextInt(38_000);
            int steps = 1 + r.nextInt(6);
            for (int s = 0; s < steps; s++) {
                String model = r.nextDouble() < 0.9
                        ? c.model
                        : ClaudeCodeCorpus.MODELS[Text.pick(r, ClaudeCodeCorpus.MODEL_WEIGHTS)];
                List<String> spec = new ArrayList<>();
                if (s < steps - 1) {
                    int k = new int[] {1, 1, 1, 2, 3}[r.nextInt(5)];
                    for (int i = 0; i < k; i++)
                        spec.add(ClaudeCodeCorpus.TOOLS[r.nextInt(ClaudeCodeCorpus.TOOLS.length)]);
                    if (!c.sidechain && r.nextDouble() < 0.08) spec.add(c.newer ? "Agent" : "Task");
                }
                if (c.newer && r.nextDouble() < 0.3) side.apiRequest(out, c, model);
                List<AssistantRecords.ToolUse> tools = assistant.response(out, c, model, spec);
                if (!tools.isEmpty()) user.toolResults(out, c, tools, pad);
                c.t += 1_000 + r.nextInt(29_000);
            }
            if (r.nextDouble() < 0.01) side.synthetic(out, c);
            side.bookkeeping(out, c);
            if (r.nextDouble() < 0.015) side.malformed(out, c);
            c.t += 5_000 + r.nextInt(595_000);
            if (turn > 4000) break;
        }
    }

    /** Writes the subagent's own file and sidecar; returns when it ended. */
    private long subagent(TranscriptSession parent, String toolUseId, String agent) {
        Path dir = parent.projectDir.resolve(parent.sessionId).resolve("subagents");
        TranscriptSession s = new TranscriptSession();
        s.sessionId = parent.sessionId;
        s.rootSessionId = parent.rootSessionId;
        s.cwd = parent.cwd;
        s.projectDir = parent.projectDir;
        s.version = parent.version;
        s.newer = parent.newer;
        s.model = r.nextDouble() < 0.5
                ? parent.model
                : ClaudeCodeCorpus.MODELS[Text.pick(r, ClaudeCodeCorpus.MODEL_WEIGHTS)];
        s.oneHourCache = parent.oneHourCache;
        s.sidechain = true;
        s.agentId = agent;
        s.t = parent.t + 200;
        try {
            Files.createDirectories(dir);
            StringBuilder meta = new StringBuilder("{\"agentType\":\"general-purpose\",\"description\":");
            Text.quote(meta, Text.words(r, 4))
                    .append(",\"toolUseId\":\"")
                    .append(toolUseId)
                    .append('"');
            if (parent.newer)
                meta.append(",\"spawnDepth\":1,\"requestShape\":\"background\",\"model\":\"")
                        .append(s.model)
                        .append("\",\"finished\":true");
            meta.append('}');
            Files.writeString(dir.resolve("agent-" + agent + ".meta.json"), meta, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (TranscriptOut out = new TranscriptOut(dir.resolve("agent-" + agent + ".jsonl"), totals)) {
            body(out, s, 5_000 + r.nextLong(Math.max(1, Math.min(300_000, budget / 3))));
        }
        totals.subagentFiles++;
        return s.t;
    }
}
