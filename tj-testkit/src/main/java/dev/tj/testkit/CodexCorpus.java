package dev.tj.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes Codex CLI rollouts ({@code <codex home>/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl})
 * in the shape of Codex CLI 0.169.0, and the ground truth they imply ({@link CodexTruth}, also
 * written as {@code <codex home>/expected.json}).
 *
 * <p>Each rollout: {@code session_meta}, then turns of {@code turn_context}, the user message
 * ({@code response_item} and {@code event_msg/user_message}), model calls (reasoning,
 * {@code function_call} / {@code custom_tool_call} with their outputs, which carry the command's
 * exit code either as {@code "Process exited with code N"} text or as {@code metadata.exit_code}, the
 * final assistant message) each followed by {@code event_msg/token_count} with
 * {@code info.total_token_usage}, {@code info.last_token_usage} = {input_tokens (cached and cache
 * writes inside), cached_input_tokens, cache_write_input_tokens, output_tokens (reasoning inside),
 * reasoning_output_tokens, total_tokens} and {@code rate_limits}. Also: token_count re-emits (same
 * totals: count nothing), rate-limit-only token_counts ({@code info: null}), token_counts whose
 * {@code last_token_usage} lacks the newer fields or is missing altogether, and item types tj does not
 * know ({@code ghost_snapshot}, {@code compacted}, an invented future type). Deterministic for a seed.
 */
public final class CodexCorpus {
    static final String[] MODELS = {"gpt-5-codex", "gpt-5", "gpt-5-mini"};
    static final double[] MODEL_WEIGHTS = {0.6, 0.3, 0.1};
    static final String[] COMMANDS = {
        "cargo test",
        "ls -la",
        "git status",
        "rg TODO src",
        "npm test",
        "python3 -m pytest -q",
        "cat README.md",
        "make build"
    };

    private CodexCorpus() {}

    /** {@code sessions} rollouts under {@code codexHome/sessions}, starting 2026-11-01. */
    public static CodexTruth write(Path codexHome, long seed, int sessions) throws IOException {
        return write(
                codexHome, seed, sessions, Instant.parse("2026-11-01T08:00:00Z").toEpochMilli(), 20);
    }

    public static CodexTruth write(Path codexHome, long seed, int sessions, long startMillis, int days)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        Sums sums = new Sums();
        for (int i = 0; i < sessions; i++) {
            long start = startMillis + (long) (r.nextDouble() * days * 86_400_000L);
            new Rollout(codexHome, r.split(), start, sums).write();
        }
        CodexTruth truth = sums.truth();
        Files.createDirectories(codexHome);
        truth.write(codexHome.resolve("expected.json"));
        return truth;
    }

    /** {@code --out CODEX_HOME --sessions N --seed S [--start ISO] [--days D]}. */
    public static void main(String[] args) throws IOException {
        Path out = null;
        int n = 20;
        long seed = 7;
        long start = Instant.parse("2026-11-01T08:00:00Z").toEpochMilli();
        int days = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--start" -> start = Instant.parse(args[++i]).toEpochMilli();
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--sessions" -> n = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> {
                    System.err.println(
                            "usage: CodexCorpus --out CODEX_HOME [--sessions N] [--seed S] [--start ISO] [--days D]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            System.err.println("--out is required");
            System.exit(2);
        }
        CodexTruth t = write(out, seed, n, start, days);
        System.out.printf(
                "{\"files\": %d, \"lines\": %d, \"calls\": %d, \"total_tokens\": %d}%n",
                t.files(), t.lines(), t.total().calls(), t.total().total());
    }

    private static final class Sums {
        long files, lines;
        final Map<String, long[]> bySession = new HashMap<>(), byModel = new HashMap<>(), byDay = new HashMap<>();
        final Map<String, Path> rollouts = new HashMap<>();
        final long[] total = new long[9];

        /** input, cacheRead, cacheWrite, output, reasoning, total, calls, toolCalls, errors */
        void add(String session, String model, String day, long[] v) {
            add(total, v);
            add(bySession.computeIfAbsent(session, k -> new long[9]), v);
            if (model != null) add(byModel.computeIfAbsent(model, k -> new long[9]), v);
            if (day != null) add(byDay.computeIfAbsent(day, k -> new long[9]), v);
        }

        static void add(long[] a, long[] b) {
            for (int i = 0; i < a.length; i++) a[i] += b[i];
        }

        CodexTruth truth() {
            return new CodexTruth(
                    files, lines, totals(total), totals(bySession), totals(byModel), totals(byDay), rollouts);
        }

        static CodexTruth.Totals totals(long[] v) {
            return new CodexTruth.Totals(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
        }

        static Map<String, CodexTruth.Totals> totals(Map<String, long[]> m) {
            Map<String, CodexTruth.Totals> out = new HashMap<>();
            m.forEach((k, v) -> out.put(k, totals(v)));
            return out;
        }
    }

    private static final class Rollout {
        private final Path home;
        private final SplittableRandom r;
        private final Sums sums;
        private final StringBuilder sb = new StringBuilder(1 << 15);
        private final String id, cwd;
        private long t, lines;
        /** Cumulative OpenAI usage: input, cached, cacheWrite, output, reasoning, total. */
        private final long[] cum = new long[6];

        private String model;

        Rollout(Path home, SplittableRandom r, long start, Sums sums) {
            this.home = home;
            this.r = r;
            this.sums = sums;
            this.t = start;
            this.id = Text.uuid(r);
            this.cwd = "/home/dev/" + Text.WORDS[r.nextInt(22)] + "-" + r.nextInt(5);
        }

        void write() throws IOException {
            String iso = Text.iso(t);
            Path dir = home.resolve("sessions")
                    .resolve(iso.substring(0, 4))
                    .resolve(iso.substring(5, 7))
                    .resolve(iso.substring(8, 10));
            Path file = dir.resolve("rollout-" + iso.substring(0, 19).replace(':', '-') + "-" + id + ".jsonl");
            boolean exec = r.nextBoolean();
            model = CodexCorpus.MODELS[Text.pick(r, MODEL_WEIGHTS)];
            sums.add(id, null, null, new long[9]); // a session with no call still exists

            line("session_meta");
            sb.append("{\"id\":\"")
                    .append(id)
                    .append("\",\"timestamp\":\"")
                    .append(iso)
                    .append("\",\"cwd\":");
            Text.quote(sb, cwd)
                    .append(",\"originator\":\"")
                    .append(exec ? "codex_exec" : "codex_cli_rs")
                    .append("\",\"cli_version\":\"0.169.0\",\"instructions\":null,\"source\":\"")
                    .append(exec ? "exec" : "cli")
                    .append("\",\"model_provider\":\"openai\",\"git\":{\"commit_hash\":\"")
                    .append(Text.hex(r, 40))
                    .append("\",\"branch\":\"main\",\"repository_url\":\"git@github.com:dev/")
                    .append(cwd.substring(10))
                    .append(".git\"}}");
            end();
            int turns = 1 + r.nextInt(4);
            for (int turn = 0; turn < turns; turn++) turn();
            Files.createDirectories(dir);
            Files.writeString(file, sb, StandardCharsets.UTF_8);
            sums.files++;
            sums.lines += lines;
            sums.rollouts.put(id, file);
        }

        private void turn() {
            if (r.nextDouble() < 0.15) model = CodexCorpus.MODELS[Text.pick(r, MODEL_WEIGHTS)];
            line("turn_context");
            sb.append("{\"cwd\":");
            Text.quote(sb, cwd)
                    .append(",\"approval_policy\":\"never\",\"sandbox_policy\":{\"type\":\"workspace-write\",")
                    .append("\"network_access\":false},\"model\":\"")
                    .append(model)
                    .append("\",\"effort\":\"medium\",\"summary\":\"auto\"}");
            end();
            String prompt = Text.words(r, 6 + r.nextInt(30));
            line("response_item");
            sb.append("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":");
            Text.quote(sb, prompt).append("}]}");
            end();
            line("event_msg");
            sb.append("{\"type\":\"user_message\",\"message\":");
            Text.quote(sb, prompt).append(",\"images\":[]}");
            end();
            if (r.nextDouble() < 0.3) { // a type tj does not know
                line("event_msg");
                sb.append("{\"type\":\"task_started\",\"model_context_window\":272000}");
                end();
            }
            int calls = 1 + r.nextInt(5);
            for (int c = 0; c < calls; c++) {
                t += 800 + r.nextInt(9000);
                boolean last = c == calls - 1;
                if (r.nextDouble() < 0.6) {
                    line("response_item");
                    sb.append("{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":");
                    Text.quote(sb, "**" + Text.words(r, 4) + "**")
                            .append("}],\"content\":null,\"encrypted_content\":\"gAAAAA")
                            .append(Text.hex(r, 120))
                            .append("\"}");
                    end();
                }
                long tools = 0, errors = 0;
                String[] callIds = new String[last ? 0 : 1 + (r.nextDouble() < 0.2 ? 1 : 0)];
                int[] exits = new int[callIds.length];
                boolean[] patch = new boolean[callIds.length];
                for (int k = 0; k < callIds.length; k++) {
                    callIds[k] = "call_" + Text.hex(r, 24);
                    patch[k] = r.nextDouble() < 0.15;
                    exits[k] = r.nextDouble() < 0.82 ? 0 : new int[] {1, 2, 3, 127}[r.nextInt(4)];
                    if (patch[k]) exits[k] = r.nextDouble() < 0.9 ? 0 : 1;
                    line("response_item");
                    if (patch[k]) {
                        sb.append("{\"type\":\"custom_tool_call\",\"status\":\"completed\",\"call_id\":\"")
                                .append(callIds[k])
                                .append("\",\"name\":\"apply_patch\",\"input\":");
                        Text.quote(
                                        sb,
                                        "*** Begin Patch\n*** Update File: src/main.rs\n@@\n-" + Text.words(r, 4)
                                                + "\n+" + Text.words(r, 4) + "\n*** End Patch\n")
                                .append('}');
                    } else {
                        sb.append("{\"type\":\"function_call\",\"name\":\"exec_command\",\"arguments\":");
                        Text.quote(
                                        sb,
                                        "{\"cmd\":" + Text.quote(COMMANDS[r.nextInt(COMMANDS.length)])
                                                + ",\"yield_time_ms\":10000}")
                                .append(",\"call_id\":\"")
                                .append(callIds[k])
                                .append("\"}");
                    }
                    end();
                    tools++;
                    if (exits[k] != 0) errors++;
                }
                if (last) {
                    String text = Text.words(r, 10 + r.nextInt(60));
                    line("response_item");
                    sb.append(
                            "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":");
                    Text.quote(sb, text).append("}]}");
                    end();
                    line("event_msg");
                    sb.append("{\"type\":\"agent_message\",\"message\":");
                    Text.quote(sb, text).append('}');
                    end();
                }
                tokenCount(c == 0, tools, errors);
                for (int k = 0; k < callIds.length; k++) {
                    t += 30 + r.nextInt(4000);
                    line("response_item");
                    String out = Text.words(r, 3 + r.nextInt(20));
                    if (patch[k]) {
                        sb.append("{\"type\":\"custom_tool_call_output\",\"call_id\":\"")
                                .append(callIds[k])
                                .append("\",\"output\":");
                        Text.quote(
                                        sb,
                                        "{\"output\":"
                                                + Text.quote(
                                                        exits[k] == 0
                                                                ? "Success. Updated the following files:\nM src/main.rs\n"
                                                                : "apply_patch verification failed: " + out)
                                                + ",\"metadata\":{\"exit_code\":" + exits[k]
                                                + ",\"duration_seconds\":0.0}}")
                                .append('}');
                    } else {
                        sb.append("{\"type\":\"function_call_output\",\"call_id\":\"")
                                .append(callIds[k])
                                .append("\",\"output\":");
                        Text.quote(
                                        sb,
                                        "Chunk ID: " + Text.hex(r, 6) + "\nWall time: 0." + r.nextInt(10)
                                                + " seconds\nProcess exited with code " + exits[k]
                                                + "\nOriginal token count: " + (5 + r.nextInt(500))
                                                + "\nOutput:\n" + out)
                                .append('}');
                    }
                    end();
                }
                if (r.nextDouble() < 0.05) { // more types tj does not know
                    line("response_item");
                    sb.append("{\"type\":\"ghost_snapshot\",\"ghost_commit\":{\"id\":\"")
                            .append(Text.hex(r, 40))
                            .append("\",\"parent\":null}}");
                    end();
                    line("compacted");
                    sb.append("{\"message\":")
                            .append(Text.quote(Text.words(r, 12)))
                            .append('}');
                    end();
                    line("response_item");
                    sb.append("{\"type\":\"future_item_kind\",\"payload_version\":3}");
                    end();
                }
            }
        }

        /** The token_count after a model call (and now and then a re-emit or a rate-limit-only one). */
        private void tokenCount(boolean firstOfTurn, long tools, long errors) {
            long fresh = firstOfTurn ? 500 + r.nextInt(9000) : 20 + r.nextInt(3000);
            long cached = cum[0] == 0 ? 0 : 2_000 + r.nextInt(60_000);
            boolean lacksNewer = r.nextDouble() < 0.06; // an older build: no cache writes, no reasoning split
            boolean lacksLast = !lacksNewer && r.nextDouble() < 0.04;
            long cacheWrite = lacksNewer || r.nextDouble() < 0.7 ? 0 : r.nextInt(4000);
            long reasoning = lacksNewer ? 0 : r.nextInt(1500);
            long output = reasoning + 20 + r.nextInt(1500);
            long input = fresh + cached + cacheWrite;
            long[] last = {input, cached, cacheWrite, output, reasoning, input + output};
            for (int i = 0; i < 6; i++) cum[i] += last[i];
            int emits = r.nextDouble() < 0.05 ? 2 : 1; // Codex re-emits the same totals now and then
            for (int e = 0; e < emits; e++) {
                line("event_msg");
                if (e == 0) { // the call is dated by its token_count
                    sums.add(id, model, Text.day(t), new long[] {
                        fresh, cached, cacheWrite, output, reasoning, input + output, 1, tools, errors
                    });
                }
                sb.append("{\"type\":\"token_count\",\"info\":{\"total_token_usage\":");
                usage(cum, false);
                if (!lacksLast) {
                    sb.append(",\"last_token_usage\":");
                    usage(last, lacksNewer);
                }
                sb.append(",\"model_context_window\":272000");
                if (!lacksNewer) sb.append(",\"last_usage_includes_reasoning\":true");
                sb.append("},");
                rateLimits();
                sb.append('}');
                end();
            }
            if (r.nextDouble() < 0.05) { // rate limits only
                line("event_msg");
                sb.append("{\"type\":\"token_count\",\"info\":null,");
                rateLimits();
                sb.append('}');
                end();
            }
        }

        private void usage(long[] u, boolean older) {
            sb.append("{\"input_tokens\":")
                    .append(u[0])
                    .append(",\"cached_input_tokens\":")
                    .append(u[1]);
            if (!older) sb.append(",\"cache_write_input_tokens\":").append(u[2]);
            sb.append(",\"output_tokens\":").append(u[3]);
            if (!older) sb.append(",\"reasoning_output_tokens\":").append(u[4]);
            sb.append(",\"total_tokens\":").append(u[5]).append('}');
        }

        private void rateLimits() {
            long resets = t / 1000 + 3600 + r.nextInt(14_000);
            sb.append("\"rate_limits\":{\"limit_id\":\"codex\",\"primary\":{\"used_percent\":")
                    .append(r.nextInt(1000) / 10.0)
                    .append(",\"window_minutes\":300,\"resets_at\":")
                    .append(resets)
                    .append("},\"secondary\":{\"used_percent\":")
                    .append(r.nextInt(1000) / 10.0)
                    .append(",\"window_minutes\":10080,\"resets_at\":")
                    .append(resets + 400_000)
                    .append("},\"credits\":null}");
        }

        /** Starts a line: {"timestamp":…,"type":…,"payload": (the payload follows). */
        private void line(String type) {
            t += r.nextInt(40);
            sb.append("{\"timestamp\":\"");
            Text.iso(sb, t);
            sb.append("\",\"type\":\"").append(type).append("\",\"payload\":");
        }

        private void end() {
            sb.append("}\n");
            lines++;
        }
    }
}
