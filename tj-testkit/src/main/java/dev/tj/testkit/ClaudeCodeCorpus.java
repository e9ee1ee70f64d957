package dev.tj.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a realistic Claude Code history ({@code ~/.claude/projects} layout) of any size, and the
 * ground truth it implies ({@link ClaudeCodeTruth}, also written as {@code expected.json} beside the
 * projects directory).
 *
 * <p>What it contains, as Claude Code 2.x writes it: several project directories named after the
 * cwd; sessions whose API responses are split into streaming snapshots sharing {@code message.id}
 * (partial {@code output_tokens} first, the final count and a {@code stop_reason} last); 5-minute
 * and 1-hour cache writes ({@code usage.cache_creation.ephemeral_5m/1h_input_tokens}); several models
 * and days; tool turns with {@code toolUseResult}; Task/Agent subagents in
 * {@code <session>/subagents/agent-<id>.jsonl} ({@code isSidechain:true}, the parent's session id)
 * with an {@code agent-<id>.meta.json} sidecar; resumed sessions (a new session file that starts with
 * copies of the old session's responses under a new uuid and session id); {@code <synthetic>} error
 * messages; bookkeeping records ({@code summary}, {@code system}, {@code progress},
 * {@code file-history-snapshot}, and in newer versions {@code queue-operation}, {@code attachment},
 * {@code api-request}, {@code api-request-blob}, {@code tools-used}, {@code last-prompt},
 * {@code cost-state}, {@code ai-title}); and now and then a malformed (truncated) line.
 *
 * <p>Deterministic for a seed (whatever the thread count: each conversation has its own random
 * source); file sizes follow a real-world profile (p50 105 KB, p90 654 KB, p99 5.4 MB).
 */
public final class ClaudeCodeCorpus {
    static final String[] MODELS = {
        "claude-sonnet-4-5-20250929",
        "claude-opus-4-5-20251101",
        "claude-haiku-4-5-20251001",
        "claude-opus-4-1-20250805",
        "claude-sonnet-4-6",
        "claude-opus-4-6"
    };
    static final double[] MODEL_WEIGHTS = {0.40, 0.20, 0.15, 0.05, 0.12, 0.08};
    static final String[] TOOLS = {"Read", "Edit", "Bash", "Grep", "Glob", "Write", "TodoWrite", "WebFetch"};
    static final String[] VERSIONS = {"2.0.31", "2.1.37", "2.1.212", "2.1.328"};
    /** Cumulative share of files and their size in bytes, from a real 3,142-file history. */
    private static final double[][] SIZE_PROFILE = {
        {0.0, 236},
        {0.5, 105_267},
        {0.75, 233_572},
        {0.9, 653_972},
        {0.95, 1_504_757},
        {0.99, 5_383_751},
        {1.0, 30_000_000}
    };

    private ClaudeCodeCorpus() {}

    /**
     * @param targetBytes about how much to write (the result is within a conversation or so of it)
     * @param startMillis the first conversation starts on or after this instant, the last within {@code days}
     * @param threads     writers; any count gives the same bytes
     */
    public record Options(long targetBytes, long seed, long startMillis, int days, int threads) {
        public static Options of(long targetBytes, long seed) {
            return new Options(
                    targetBytes,
                    seed,
                    Instant.parse("2026-09-01T00:00:00Z").toEpochMilli(),
                    60,
                    Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        }
    }

    /** Writes {@code projects/**} and {@code projects/../expected.json}. */
    public static ClaudeCodeTruth write(Path projects, long targetBytes, long seed) throws IOException {
        return write(projects, Options.of(targetBytes, seed));
    }

    public static ClaudeCodeTruth write(Path projects, Options o) throws IOException {
        projects = projects.toAbsolutePath();
        Files.createDirectories(projects);
        SplittableRandom master = new SplittableRandom(o.seed());
        List<Plan> plans = new ArrayList<>();
        long planned = 0;
        while (planned < o.targetBytes() || plans.isEmpty()) {
            long size = (long) sizeAt(master.nextDouble());
            long budget = Math.max(4096, Math.min(size, o.targetBytes() - planned));
            long start = o.startMillis() + (long) (master.nextDouble() * o.days() * 86_400_000L);
            plans.add(new Plan(master.nextLong(), budget, start));
            planned += budget;
        }
        int nProjects = Math.max(3, plans.size() / 60 + 1);
        String[] cwds = new String[nProjects];
        for (int i = 0; i < nProjects; i++) cwds[i] = "/home/dev/" + Text.WORDS[master.nextInt(22)] + "-" + i;
        int[] projectOf = new int[plans.size()];
        for (int i = 0; i < projectOf.length; i++) projectOf[i] = master.nextInt(nProjects);

        Path root = projects;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()), r -> {
            Thread t = new Thread(r, "tj-corpus-writer");
            t.setDaemon(true);
            return t;
        });
        ClaudeCodeTotals all = new ClaudeCodeTotals();
        try {
            List<Future<ClaudeCodeTotals>> parts = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                Plan p = plans.get(i);
                String cwd = cwds[projectOf[i]];
                parts.add(pool.submit(() -> new Conversation(root, cwd, p).write()));
            }
            for (Future<ClaudeCodeTotals> f : parts) all.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            throw new IllegalStateException("corpus generation failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        ClaudeCodeTruth truth = all.truth();
        truth.write(expectedJson(projects));
        return truth;
    }

    /** Where {@link #write} puts the ground truth of {@code projects}. */
    public static Path expectedJson(Path projects) {
        return projects.toAbsolutePath().resolveSibling("expected.json");
    }

    static double sizeAt(double p) {
        for (int i = 1; i < SIZE_PROFILE.length; i++) {
            double p0 = SIZE_PROFILE[i - 1][0],
                    s0 = SIZE_PROFILE[i - 1][1],
                    p1 = SIZE_PROFILE[i][0],
                    s1 = SIZE_PROFILE[i][1];
            if (p <= p1) return s0 + (s1 - s0) * (p1 == p0 ? 0 : (p - p0) / (p1 - p0));
        }
        return SIZE_PROFILE[SIZE_PROFILE.length - 1][1];
    }

    /**
     * {@code --out DIR --size-mib N --seed S [--threads T] [--start ISO] [--days D]}: writes DIR and
     * DIR/../expected.json, prints a summary. {@code --start}/{@code --days} place the conversations (a
     * one-day slice: {@code --days 1}).
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        long mib = 64, seed = 7;
        Options d = Options.of(0, 0);
        int threads = d.threads();
        long start = d.startMillis();
        int days = d.days();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--start" -> start = Instant.parse(args[++i]).toEpochMilli();
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--size-mib" -> mib = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println(
                            "usage: ClaudeCodeCorpus --out DIR [--size-mib N] [--seed S] [--threads T] [--start ISO] [--days D]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            System.err.println("--out is required");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        ClaudeCodeTruth t = write(out, new Options(mib << 20, seed, start, days, threads));
        System.out.printf(
                "{\"files\": %d, \"lines\": %d, \"bytes\": %d, \"messages\": %d, \"malformed\": %d, \"seconds\": %.1f}%n",
                t.files(),
                t.lines(),
                t.bytes(),
                t.total().messages(),
                t.malformedLines(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** One conversation to write: its own random seed, about how many bytes, when it starts. */
    record Plan(long seed, long budget, long startMillis) {}

    /** A response's last snapshot as written, for a resumed session to copy. */
    record Final(String message, long ts, String requestId) {}

    record ToolUse(String id, String name) {}

    /** The session being written and where its records go. */
    static final class Ctx {
        String sessionId, rootSessionId, cwd, version, model, agentId;
        boolean sidechain, oneHourCache, newer;
        Path projectDir;
        String parentUuid;
        long t;
        /** Final snapshots of main-chain responses, for a resumed session to copy. */
        List<Final> finals;
    }

    /** One conversation: a session, its subagents, maybe a resumed session that copies it. */
    static final class Conversation {
        private final Path projects;
        private final String cwd;
        private final SplittableRandom r;
        private final long budget, start;
        private final ClaudeCodeTotals totals = new ClaudeCodeTotals();

        Conversation(Path projects, String cwd, Plan plan) {
            this.projects = projects;
            this.cwd = cwd;
            this.r = new SplittableRandom(plan.seed());
            this.budget = plan.budget();
            this.start = plan.startMillis();
        }

        ClaudeCodeTotals write() {
            Path dir = projects.resolve(cwd.replace('/', '-'));
            boolean resume = budget > 20_000 && r.nextDouble() < 0.2;
            Ctx a = session(dir, start);
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
                Ctx b = session(dir, a.t + 300_000 + r.nextLong(2 * 86_400_000L));
                b.model = a.model;
                try (TranscriptOut out = new TranscriptOut(dir.resolve(b.sessionId + ".jsonl"), totals)) {
                    // the resumed file starts with copies of the old responses (new uuid and session id)
                    for (int i = r.nextInt(a.finals.size() / 2 + 1); i < a.finals.size(); i++) {
                        Final f = a.finals.get(i);
                        envelope(out.sb, b, "assistant", f.ts());
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

        private Ctx session(Path dir, long t) {
            Ctx c = new Ctx();
            c.sessionId = c.rootSessionId = Text.uuid(r);
            c.cwd = cwd;
            c.projectDir = dir;
            c.version = VERSIONS[r.nextInt(VERSIONS.length)];
            c.newer = c.version.startsWith("2.1.") && !c.version.equals("2.1.37");
            c.model = MODELS[Text.pick(r, MODEL_WEIGHTS)];
            c.oneHourCache = r.nextDouble() < 0.3;
            c.t = t;
            return c;
        }

        /** Turns until {@code target} bytes are written (at least one). */
        private void body(TranscriptOut out, Ctx c, long target) {
            long before = out.sb.length() + totals.bytes;
            int turnsGuess = (int) Math.max(1, target / 40_000);
            int pad = (int) Math.max(8, Math.min(20_000, target / (turnsGuess * 12L)));
            int turn = 0;
            while (turn == 0 || (out.sb.length() + totals.bytes - before) < target) {
                turn++;
                userPrompt(out, c, turn == 1);
                c.t += 2_000 + r.nextInt(38_000);
                int steps = 1 + r.nextInt(6);
                for (int s = 0; s < steps; s++) {
                    String model = r.nextDouble() < 0.9 ? c.model : MODELS[Text.pick(r, MODEL_WEIGHTS)];
                    List<String> spec = new ArrayList<>();
                    if (s < steps - 1) {
                        int k = new int[] {1, 1, 1, 2, 3}[r.nextInt(5)];
                        for (int i = 0; i < k; i++) spec.add(TOOLS[r.nextInt(TOOLS.length)]);
                        if (!c.sidechain && r.nextDouble() < 0.08) spec.add(c.newer ? "Agent" : "Task");
                    }
                    if (c.newer && r.nextDouble() < 0.3) apiRequestRecords(out, c, model);
                    List<ToolUse> tools = assistant(out, c, model, spec);
                    if (!tools.isEmpty()) toolResults(out, c, tools, pad);
                    c.t += 1_000 + r.nextInt(29_000);
                }
                if (r.nextDouble() < 0.01) synthetic(out, c);
                bookkeeping(out, c);
                if (r.nextDouble() < 0.015) malformed(out, c);
                c.t += 5_000 + r.nextInt(595_000);
                if (turn > 4000) break;
            }
        }

        /** The fields every session record starts with; leaves the object open. */
        private void envelope(StringBuilder sb, Ctx c, String type, long ts) {
            String uuid = Text.uuid(r);
            sb.append("{\"parentUuid\":");
            if (c.parentUuid == null) sb.append("null");
            else sb.append('"').append(c.parentUuid).append('"');
            sb.append(",\"isSidechain\":").append(c.sidechain).append(",\"userType\":\"external\",\"cwd\":");
            Text.quote(sb, c.cwd)
                    .append(",\"sessionId\":\"")
                    .append(c.sessionId)
                    .append("\",\"version\":\"")
                    .append(c.version)
                    .append("\",\"gitBranch\":\"main\"");
            if (c.sidechain) sb.append(",\"agentId\":\"").append(c.agentId).append('"');
            sb.append(",\"type\":\"")
                    .append(type)
                    .append("\",\"uuid\":\"")
                    .append(uuid)
                    .append("\",\"timestamp\":\"");
            Text.iso(sb, ts);
            sb.append('"');
            c.parentUuid = uuid;
        }

        private void userPrompt(TranscriptOut out, Ctx c, boolean first) {
            StringBuilder sb = out.sb;
            if (first) c.parentUuid = null;
            envelope(sb, c, "user", c.t);
            if (c.newer) sb.append(",\"promptId\":\"").append(Text.uuid(r)).append('"');
            sb.append(",\"message\":{\"role\":\"user\",\"content\":");
            int kind = r.nextInt(10);
            if (kind == 0) { // text blocks
                sb.append("[{\"type\":\"text\",\"text\":");
                Text.quote(sb, Text.words(r, 5 + r.nextInt(50))).append("}]");
            } else if (kind == 1) {
                Text.quote(
                        sb,
                        "<command-name>/review</command-name><command-message>review</command-message><command-args>"
                                + Text.words(r, 3) + "</command-args>");
            } else {
                Text.quote(sb, Text.words(r, 5 + r.nextInt(55)));
            }
            sb.append("}}");
            out.endLine();
        }

        /** One API response as several snapshot records; returns its tool_use ids and names. */
        private List<ToolUse> assistant(TranscriptOut out, Ctx c, String model, List<String> toolNames) {
            String mid = "msg_01" + Text.hex(r, 22);
            String req = "req_011" + Text.hex(r, 21);
            long in = r.nextDouble() < 0.8 ? 1 + r.nextInt(12) : 200 + r.nextInt(8800);
            long cr = r.nextDouble() < 0.9 ? 8000 + r.nextInt(172_000) : 0;
            long cw = r.nextInt(6001);
            long w1 = c.oneHourCache
                    ? (r.nextDouble() < 0.7 ? cw : r.nextLong(cw + 1))
                    : (r.nextDouble() < 0.03 ? r.nextLong(cw + 1) : 0);
            long outTok = 20 + r.nextInt(2481);
            boolean iterations = c.newer && r.nextDouble() < 0.5;

            List<String> blocks = new ArrayList<>();
            if (r.nextDouble() < 0.4) {
                blocks.add("{\"type\":\"thinking\",\"thinking\":" + Text.quotedProse(r, 200 + r.nextInt(600))
                        + ",\"signature\":\"" + Text.hex(r, 64) + "\"}");
            }
            blocks.add("{\"type\":\"text\",\"text\":" + Text.quotedProse(r, 40 + r.nextInt(700)) + "}");
            List<ToolUse> tools = new ArrayList<>(toolNames.size());
            for (int i = 0; i < toolNames.size(); i++) {
                String id = "toolu_01" + Text.hex(r, 22);
                tools.add(new ToolUse(id, toolNames.get(i)));
                blocks.add("{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + toolNames.get(i)
                        + "\",\"input\":" + toolInput(toolNames.get(i)) + "}");
            }
            int n = blocks.size();
            long ts = c.t;
            String lastMessage = null;
            for (int i = 0; i < n; i++) {
                ts = c.t;
                boolean fin = i == n - 1;
                long o = fin ? outTok : Math.max(1, outTok * (i + 1) / (n + 1));
                StringBuilder m = new StringBuilder(blocks.get(i).length() + 400);
                m.append("{\"id\":\"")
                        .append(mid)
                        .append("\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"")
                        .append(model)
                        .append("\",\"content\":[")
                        .append(blocks.get(i))
                        .append("],\"stop_reason\":")
                        .append(fin ? (tools.isEmpty() ? "\"end_turn\"" : "\"tool_use\"") : "null")
                        .append(",\"stop_sequence\":null,\"usage\":");
                usage(m, in, cr, cw, w1, o, c.newer);
                if (iterations && fin) { // newer builds repeat the numbers here: never to be added again
                    m.setLength(m.length() - 1);
                    m.append(",\"iterations\":[{\"input_tokens\":")
                            .append(in)
                            .append(",\"output_tokens\":")
                            .append(o)
                            .append(",\"cache_read_input_tokens\":")
                            .append(cr)
                            .append(",\"cache_creation_input_tokens\":")
                            .append(cw)
                            .append("}]}");
                }
                m.append('}');
                envelope(out.sb, c, "assistant", ts);
                out.sb
                        .append(",\"requestId\":\"")
                        .append(req)
                        .append("\",\"message\":")
                        .append(m)
                        .append('}');
                out.endLine();
                if (i > 0) totals.snapshots++;
                lastMessage = m.toString();
                c.t += 50 + r.nextInt(850);
            }
            totals.call(ts, model, c.rootSessionId, c.sidechain ? c.agentId : null, in, outTok, cr, cw, w1);
            if (c.finals != null) c.finals.add(new Final(lastMessage, ts, req));
            return tools;
        }

        private static void usage(StringBuilder m, long in, long cr, long cw, long w1, long out, boolean newer) {
            m.append("{\"input_tokens\":")
                    .append(in)
                    .append(",\"cache_creation_input_tokens\":")
                    .append(cw)
                    .append(",\"cache_read_input_tokens\":")
                    .append(cr)
                    .append(",\"cache_creation\":{\"ephemeral_5m_input_tokens\":")
                    .append(cw - w1)
                    .append(",\"ephemeral_1h_input_tokens\":")
                    .append(w1)
                    .append("},\"output_tokens\":")
                    .append(out)
                    .append(",\"service_tier\":\"standard\"");
            if (newer)
                m.append(
                        ",\"server_tool_use\":{\"web_search_requests\":0},\"speed\":\"normal\",\"inference_geo\":\"us\"");
            m.append('}');
        }

        private String toolInput(String name) {
            return switch (name) {
                case "Read", "Edit", "Write" ->
                    "{\"file_path\":\"/home/dev/proj/src/" + Text.WORDS[r.nextInt(22)] + "/" + Text.WORDS[r.nextInt(22)]
                            + ".py\"}";
                case "Bash" ->
                    "{\"command\":\"pytest -q tests/" + Text.WORDS[r.nextInt(22)] + "\",\"description\":"
                            + Text.quote(Text.words(r, 5)) + "}";
                case "Task", "Agent" ->
                    "{\"description\":" + Text.quote(Text.words(r, 4)) + ",\"prompt\":" + Text.quote(Text.words(r, 40))
                            + ",\"subagent_type\":\"" + (r.nextBoolean() ? "general-purpose" : "Explore") + "\"}";
                case "TodoWrite" ->
                    "{\"todos\":[{\"content\":" + Text.quote(Text.words(r, 6))
                            + ",\"status\":\"in_progress\",\"activeForm\":" + Text.quote(Text.words(r, 4)) + "}]}";
                default -> "{\"pattern\":\"" + Text.WORDS[r.nextInt(22)] + "\"}";
            };
        }

        private void toolResults(TranscriptOut out, Ctx c, List<ToolUse> tools, int pad) {
            for (ToolUse t : tools) {
                boolean err = r.nextDouble() < 0.06;
                boolean spawn = ("Task".equals(t.name()) || "Agent".equals(t.name())) && !err && !c.sidechain;
                StringBuilder sb = out.sb;
                String agent = null;
                long agentEnd = c.t;
                if (spawn) { // the subagent runs (its own file), the parent sees its result
                    agent = "a" + Text.hex(r, 16);
                    agentEnd = subagent(c, t.id(), agent);
                }
                envelope(sb, c, "user", c.t);
                sb.append(",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"")
                        .append(t.id())
                        .append("\",\"type\":\"tool_result\",\"content\":");
                if (err) {
                    String body = "<tool_use_error>" + Text.words(r, 12) + "</tool_use_error>";
                    Text.quote(sb, body).append(",\"is_error\":true}]},\"toolUseResult\":");
                    Text.quote(sb, "Error: " + body);
                } else if (spawn) {
                    sb.append("[{\"type\":\"text\",\"text\":");
                    Text.quote(sb, Text.words(r, 25) + "\nagentId: " + agent)
                            .append("}],\"is_error\":false}]},\"toolUseResult\":");
                    if (c.newer && r.nextBoolean()) { // background subagent: the result comes at once
                        sb.append("{\"isAsync\":true,\"status\":\"async_launched\",\"agentId\":\"")
                                .append(agent)
                                .append("\",\"description\":")
                                .append(Text.quote(Text.words(r, 4)))
                                .append(",\"outputFile\":\"/tmp/claude/")
                                .append(agent)
                                .append(".output\",\"canContinueAgent\":true}");
                    } else {
                        sb.append("{\"status\":\"completed\",\"agentId\":\"")
                                .append(agent)
                                .append("\",\"agentType\":\"general-purpose\",")
                                .append("\"content\":[{\"type\":\"text\",\"text\":")
                                .append(Text.quote(Text.words(r, 30)))
                                .append("}],\"totalDurationMs\":")
                                .append(agentEnd - c.t)
                                .append(",\"totalTokens\":")
                                .append(10_000 + r.nextInt(90_000))
                                .append(",\"totalToolUseCount\":")
                                .append(1 + r.nextInt(12))
                                .append('}');
                    }
                } else {
                    // prose needs no escaping: appended as is
                    sb.append('"');
                    int from = sb.length();
                    Text.prose(sb, r, 150);
                    String head = sb.substring(from);
                    sb.append(' ');
                    Text.prose(sb, r, pad);
                    sb.append("\",\"is_error\":false}]},\"toolUseResult\":{\"stdout\":\"")
                            .append(head)
                            .append("\",\"stderr\":\"\",\"interrupted\":false}");
                }
                sb.append('}');
                out.endLine();
                c.t += 100 + r.nextInt(3900);
            }
        }

        /** Writes the subagent's own file and sidecar; returns when it ended. */
        private long subagent(Ctx parent, String toolUseId, String agent) {
            Path dir = parent.projectDir.resolve(parent.sessionId).resolve("subagents");
            Ctx s = new Ctx();
            s.sessionId = parent.sessionId;
            s.rootSessionId = parent.rootSessionId;
            s.cwd = parent.cwd;
            s.projectDir = parent.projectDir;
            s.version = parent.version;
            s.newer = parent.newer;
            s.model = r.nextDouble() < 0.5 ? parent.model : MODELS[Text.pick(r, MODEL_WEIGHTS)];
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

        private void apiRequestRecords(TranscriptOut out, Ctx c, String model) {
            StringBuilder sb = out.sb;
            sb.append("{\"type\":\"api-request\",\"sessionId\":\"")
                    .append(c.sessionId)
                    .append("\",\"timestamp\":\"");
            Text.iso(sb, c.t);
            sb.append("\",\"querySource\":\"")
                    .append(c.sidechain ? "agent:custom" : "repl_main_thread")
                    .append("\",\"params\":{\"model\":\"")
                    .append(model)
                    .append(
                            "\",\"max_tokens\":32000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":10000}},\"betas\":[\"interleaved-thinking-2025-05-14\"]}");
            out.endLine();
            // a copy of the request content: never a message, whatever it holds
            sb.append("{\"type\":\"api-request-blob\",\"sessionId\":\"")
                    .append(c.sessionId)
                    .append("\",\"uuid\":\"")
                    .append(Text.uuid(r))
                    .append("\",\"timestamp\":\"");
            Text.iso(sb, c.t);
            sb.append("\",\"blob\":{\"model\":\"")
                    .append(model)
                    .append("\",\"messages\":[{\"role\":\"user\",\"content\":");
            Text.quote(sb, Text.words(r, 20))
                    .append("},{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":");
            sb.append(Text.quotedProse(r, 300)).append("}]}]}}");
            out.endLine();
        }

        private void synthetic(TranscriptOut out, Ctx c) {
            envelope(out.sb, c, "assistant", c.t);
            out.sb
                    .append(",\"isApiErrorMessage\":true,\"message\":{\"id\":\"")
                    .append(Text.uuid(r))
                    .append(
                            "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"<synthetic>\",\"content\":[{\"type\":\"text\",")
                    .append(
                            "\"text\":\"API Error: 529 {\\\"type\\\":\\\"error\\\",\\\"error\\\":{\\\"type\\\":\\\"overloaded_error\\\"}}\"}],")
                    .append(
                            "\"stop_reason\":\"stop_sequence\",\"stop_sequence\":\"\",\"usage\":{\"input_tokens\":0,\"output_tokens\":0,")
                    .append("\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0}}}");
            out.endLine();
        }

        private void bookkeeping(TranscriptOut out, Ctx c) {
            StringBuilder sb = out.sb;
            if (r.nextDouble() < 0.1) {
                envelope(sb, c, "system", c.t);
                sb.append(",\"subtype\":\"turn_duration\",\"durationMs\":")
                        .append(1000 + r.nextInt(89_000))
                        .append(",\"isMeta\":false}");
                out.endLine();
            }
            if (r.nextDouble() < 0.02) {
                envelope(sb, c, "system", c.t);
                sb.append(
                                ",\"subtype\":\"compact_boundary\",\"content\":\"Conversation compacted\",\"compactMetadata\":{\"trigger\":\"auto\",")
                        .append("\"preTokens\":")
                        .append(150_000 + r.nextInt(40_000))
                        .append("}}");
                out.endLine();
            }
            if (r.nextDouble() < 0.1) {
                envelope(sb, c, "progress", c.t);
                sb.append(",\"data\":{\"type\":\"bash_progress\",\"output\":")
                        .append(Text.quote(Text.words(r, 8)))
                        .append(",\"elapsedTimeSeconds\":")
                        .append(1 + r.nextInt(30))
                        .append("},\"toolUseID\":\"bash-progress-0\"}");
                out.endLine();
            }
            if (r.nextDouble() < 0.15) {
                sb.append("{\"type\":\"file-history-snapshot\",\"messageId\":\"")
                        .append(Text.uuid(r))
                        .append("\",\"snapshot\":{\"trackedFileBackups\":{},\"timestamp\":\"");
                Text.iso(sb, c.t);
                sb.append("\"},\"isSnapshotUpdate\":false}");
                out.endLine();
            }
            if (!c.newer) return;
            if (r.nextDouble() < 0.08) {
                sb.append("{\"type\":\"queue-operation\",\"operation\":\"enqueue\",\"timestamp\":\"");
                Text.iso(sb, c.t);
                sb.append("\",\"sessionId\":\"")
                        .append(c.sessionId)
                        .append("\",\"content\":")
                        .append(Text.quote(Text.words(r, 10)))
                        .append('}');
                out.endLine();
            }
            if (r.nextDouble() < 0.08) {
                envelope(sb, c, "attachment", c.t);
                sb.append(",\"attachment\":{\"type\":\"todo_reminder\",\"content\":[],\"itemCount\":0}}");
                out.endLine();
            }
            if (r.nextDouble() < 0.05) {
                sb.append("{\"type\":\"tools-used\",\"sessionId\":\"")
                        .append(c.sessionId)
                        .append("\",\"tools\":[\"Bash\",\"Agent\"]}");
                out.endLine();
            }
            if (r.nextDouble() < 0.05) {
                sb.append("{\"type\":\"last-prompt\",\"sessionId\":\"")
                        .append(c.sessionId)
                        .append("\",\"lastPrompt\":")
                        .append(Text.quote(Text.words(r, 8)))
                        .append('}');
                out.endLine();
            }
            if (r.nextDouble() < 0.05) { // Claude Code's own view: a cross-check, never the truth
                sb.append("{\"type\":\"cost-state\",\"sessionId\":\"")
                        .append(c.sessionId)
                        .append("\",\"totalCostUSD\":")
                        .append(r.nextInt(5000) / 100.0)
                        .append(",\"totalDuration\":")
                        .append(r.nextInt(3_600_000))
                        .append(",\"modelUsage\":{\"")
                        .append(c.model)
                        .append("\":{\"inputTokens\":")
                        .append(r.nextInt(100_000))
                        .append(",\"outputTokens\":")
                        .append(r.nextInt(50_000))
                        .append(",\"cacheReadInputTokens\":")
                        .append(r.nextInt(5_000_000))
                        .append(",\"cacheCreationInputTokens\":")
                        .append(r.nextInt(200_000))
                        .append(",\"costUSD\":")
                        .append(r.nextInt(5000) / 100.0)
                        .append("}},\"hasUnknownModelCost\":false}");
                out.endLine();
            }
            if (r.nextDouble() < 0.03) {
                sb.append("{\"type\":\"ai-title\",\"sessionId\":\"")
                        .append(c.sessionId)
                        .append("\",\"title\":")
                        .append(Text.quote(Text.words(r, 5)))
                        .append('}');
                out.endLine();
            }
        }

        /** A record cut short (a crash mid-write), then the file goes on on the next line. */
        private void malformed(TranscriptOut out, Ctx c) {
            StringBuilder rec = new StringBuilder(512);
            String keep = c.parentUuid;
            envelope(rec, c, "user", c.t);
            rec.append(",\"message\":{\"role\":\"user\",\"content\":")
                    .append(Text.quote(Text.words(r, 30)))
                    .append("}}");
            c.parentUuid = keep;
            out.sb.append(rec, 0, rec.length() / 2 + r.nextInt(rec.length() / 3));
            out.endLine();
            totals.malformed++;
        }
    }
}
