package dev.tj.core.drilldown;

import dev.tj.core.agent.AgentTools;
import dev.tj.core.transcript.ClaudeCodeParser;
import dev.tj.core.transcript.ParseReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a session's {@link Story} from its located transcript (reference §4.4–4.6). One step per
 * assistant record with narration or tool calls; a Task/Agent call's subagent (found through
 * {@code toolUseResult.agentId}, the {@code agent-<id>.meta.json} sidecar, or the id in the result
 * text) expands into its own story, depth first, at most {@value #MAX_DEPTH} levels, all stories
 * sharing one budget of {@value #STEP_BUDGET} steps; an agent already in the tree is a cycle. A
 * story longer than {@value #MAX_STEPS} steps keeps its first {@value #HEAD_STEPS} and last
 * {@value #TAIL_STEPS}. Never throws on bad input: what cannot be read is counted in
 * {@link Story#skipped()}.
 *
 * <p>Not thread-safe (one parser buffer): one instance per thread, or per build.
 */
public final class StoryBuilder {
    public static final int MAX_STEPS = 400, HEAD_STEPS = 350, TAIL_STEPS = 50;
    public static final int MAX_STEP_TEXT_CHARS = 100_000;
    public static final int MAX_PROMPT_CHARS = 600;
    public static final int MAX_DEPTH = 3;
    public static final int STEP_BUDGET = 4000;

    private final ClaudeCodeParser parser = new ClaudeCodeParser();

    public Story build(Transcript t, boolean includeSubagents) {
        if (t.kind() == Transcript.Kind.CODEX) return CodexStory.read(t);
        return new Build(t, includeSubagents).run();
    }

    /** The state of one build: the shared budget, the agents already in the tree, the counters. */
    private final class Build {
        final Transcript t;
        final boolean subagents;
        final Set<String> seen = new HashSet<>();
        int budget = STEP_BUDGET, used, depthCapped, budgetCapped, cycles, truncatedStories;
        long unparseable, nonObject, partialTail, unknown, missing, replayed, resumed, unreadable;
        Map<String, SubagentMeta> meta;

        Build(Transcript t, boolean subagents) {
            this.t = t;
            this.subagents = subagents;
        }

        Story run() {
            ClaudeStoryReader rd = read(t.file(), true, true, Set.of(), Set.of());
            List<Step> steps = steps(rd);
            String outcome = outcome(steps);
            int count = steps.size();
            charge(count);
            seen.add(t.sessionId());
            if (subagents) steps = attach(steps, rd, 0, rd.messageIds, rd.prompts);
            List<Step> kept = cut(steps);
            return new Story(
                    t.sessionId(),
                    Story.CLAUDE_CODE,
                    rd.task,
                    outcome,
                    count,
                    kept.size() != steps.size(),
                    kept,
                    new StoryCaps(
                            MAX_STEPS,
                            MAX_DEPTH,
                            STEP_BUDGET,
                            used,
                            depthCapped,
                            budgetCapped,
                            cycles,
                            truncatedStories),
                    new Skipped(unparseable, nonObject, partialTail, unknown, missing, replayed, resumed, unreadable));
        }

        ClaudeStoryReader read(Path f, boolean main, boolean asks, Set<String> ancMsgs, Set<String> ancPrompts) {
            ClaudeStoryReader rd = new ClaudeStoryReader(main, asks, ancMsgs, ancPrompts);
            try {
                long size = Files.size(f);
                ParseReport r = parser.visit(f, size, 0, rd);
                unparseable += r.unparseableLines();
                nonObject += r.nonObjectLines();
                partialTail += r.pendingTailBytes();
            } catch (IOException | RuntimeException e) {
                unreadable++; // gone, unreadable or too large: what was read so far still counts
            }
            unknown += rd.unknownRecords;
            replayed += rd.replayedRecords;
            resumed += rd.resumedCopies;
            return rd;
        }

        void charge(int steps) {
            used += steps;
            budget = Math.max(0, budget - steps);
        }

        List<Step> attach(
                List<Step> steps, ClaudeStoryReader rd, int depth, Set<String> ancMsgs, Set<String> ancPrompts) {
            List<Step> out = new ArrayList<>(steps.size());
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                List<Subagent> subs = new ArrayList<>();
                for (ClaudeStoryReader.DraftTool tool : rd.drafts.get(i).tools()) {
                    if (tool.spawnInput() == null) continue;
                    Subagent sub = child(rd, tool, depth, ancMsgs, ancPrompts);
                    if (sub != null) subs.add(sub);
                }
                out.add(subs.isEmpty() ? s : s.withSubagents(subs));
            }
            return out;
        }

        Subagent child(
                ClaudeStoryReader rd,
                ClaudeStoryReader.DraftTool tool,
                int depth,
                Set<String> ancMsgs,
                Set<String> ancPrompts) {
            Map<String, String> in = tool.spawnInput();
            Boolean failed = rd.toolErrors.get(tool.id());
            SubagentMeta m = meta().get(tool.id());
            String agentId = rd.spawnAgent.get(tool.id());
            if (agentId == null && m != null) agentId = m.agentId();
            // the call's description names it better than its type ("general-purpose"); TokenJam tries the type first
            String fallback = first(in.get("description"), in.get("subagent_type"));
            String name = AgentTools.trim(
                    first(
                            m == null ? null : m.name(),
                            m == null ? null : m.description(),
                            fallback,
                            agentId == null
                                    ? "subagent"
                                    : "agent-" + agentId.substring(0, Math.min(8, agentId.length()))),
                    AgentTools.MAX_LABEL_CHARS);
            String type = first(m == null ? null : m.agentType(), in.get("subagent_type"));
            boolean background = "async_launched".equals(rd.spawnResultStatus.get(tool.id()))
                    || "true".equals(in.get("run_in_background"))
                    || (m != null && "background".equals(m.requestShape()));
            String status = first(
                    rd.notified.get(tool.id()),
                    agentId == null ? null : rd.notified.get(agentId),
                    failed == null
                            ? (background ? "launched" : "running")
                            : failed ? "error" : background ? "launched" : "completed");
            boolean fork = "fork".equals(type);
            if (agentId == null) {
                if (Boolean.TRUE.equals(failed)) return null; // the call failed: nothing was spawned
                missing++;
                return ref(null, name, type, tool, background, status, fork).missing();
            }
            Path file = SessionIds.isSafe(agentId) ? t.subagentsDir().resolve("agent-" + agentId + ".jsonl") : null;
            if (file == null || !Files.isRegularFile(file)) {
                missing++;
                return ref(agentId, name, type, tool, background, status, fork).missing();
            }
            if (seen.contains(agentId)) {
                cycles++;
                return ref(agentId, name, type, tool, background, status, fork).cycle();
            }
            if (depth + 1 > MAX_DEPTH) {
                depthCapped++;
                return ref(agentId, name, type, tool, background, status, fork).depthCapped();
            }
            if (budget <= 0) {
                budgetCapped++;
                return ref(agentId, name, type, tool, background, status, fork).budgetCapped();
            }
            seen.add(agentId);
            ClaudeStoryReader crd = read(file, false, false, ancMsgs, ancPrompts);
            List<Step> steps = steps(crd);
            int count = steps.size();
            charge(count);
            Set<String> msgs = union(ancMsgs, crd.messageIds), prompts = union(ancPrompts, crd.prompts);
            steps = attach(steps, crd, depth + 1, msgs, prompts);
            List<Step> kept = cut(steps);
            return new Subagent(
                    agentId,
                    name,
                    type,
                    tool.id(),
                    background,
                    status,
                    fork ? Boolean.TRUE : null,
                    crd.task,
                    outcome(steps),
                    count,
                    kept.size() != steps.size(),
                    kept,
                    null,
                    null,
                    null,
                    null,
                    crd.replayedRecords > 0 ? (int) crd.replayedRecords : null);
        }

        Map<String, SubagentMeta> meta() {
            if (meta == null) {
                long[] bad = {0};
                meta = SubagentMeta.byToolUse(t.subagentsDir(), bad);
                unparseable += bad[0];
            }
            return meta;
        }

        List<Step> cut(List<Step> steps) {
            if (steps.size() <= MAX_STEPS) return steps;
            truncatedStories++;
            List<Step> out = new ArrayList<>(HEAD_STEPS + 1 + TAIL_STEPS);
            out.addAll(steps.subList(0, HEAD_STEPS));
            out.add(Step.omittedMarker(steps.size() - HEAD_STEPS - TAIL_STEPS));
            out.addAll(steps.subList(steps.size() - TAIL_STEPS, steps.size()));
            return out;
        }
    }

    /** A not-expanded subagent reference, to be marked with its reason. */
    private static Ref ref(
            String id,
            String name,
            String type,
            ClaudeStoryReader.DraftTool tool,
            boolean bg,
            String status,
            boolean fork) {
        return new Ref(id, name, type, tool.id(), bg, status, fork);
    }

    private record Ref(String id, String name, String type, String toolUseId, boolean bg, String status, boolean fork) {
        Subagent with(Boolean cycle, Boolean depth, Boolean budget, Boolean missing) {
            return new Subagent(
                    id,
                    name,
                    type,
                    toolUseId,
                    bg,
                    status,
                    fork ? Boolean.TRUE : null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    cycle,
                    depth,
                    budget,
                    missing,
                    null);
        }

        Subagent missing() {
            return with(null, null, null, true);
        }

        Subagent cycle() {
            return with(true, null, null, null);
        }

        Subagent depthCapped() {
            return with(null, true, null, null);
        }

        Subagent budgetCapped() {
            return with(null, null, true, null);
        }
    }

    /** The steps of one file: numbered, narration capped, tool outcomes, error and retry flags. */
    static List<Step> steps(ClaudeStoryReader rd) {
        List<Step> out = new ArrayList<>(rd.drafts.size());
        List<List<String>> prevSig = null;
        boolean prevFailed = false;
        int n = 0;
        for (ClaudeStoryReader.Draft d : rd.drafts) {
            List<ToolCall> tools = new ArrayList<>(d.tools().size());
            List<List<String>> sig = new ArrayList<>(d.tools().size());
            boolean error = false;
            for (ClaudeStoryReader.DraftTool t : d.tools()) {
                boolean failed = Boolean.TRUE.equals(rd.toolErrors.get(t.id()));
                error |= failed;
                tools.add(new ToolCall(t.name(), t.label(), failed ? ToolCall.ERROR : ToolCall.OK));
                sig.add(List.of(t.name(), t.label()));
            }
            boolean retry = !sig.isEmpty() && prevFailed && sig.equals(prevSig);
            if (!sig.isEmpty()) {
                prevSig = sig;
                prevFailed = error;
            }
            String text = d.text();
            boolean cut = text.length() > MAX_STEP_TEXT_CHARS;
            if (cut) text = AgentTools.trim(text, MAX_STEP_TEXT_CHARS);
            out.add(new Step(
                    ++n,
                    ClaudeStoryReader.iso(d.ts()),
                    text,
                    cut,
                    List.copyOf(tools),
                    error,
                    retry,
                    d.model(),
                    d.ask(),
                    null,
                    null,
                    null));
        }
        return out;
    }

    static String outcome(List<Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            String t = steps.get(i).text();
            if (t != null && !t.isBlank()) return AgentTools.trim(t, MAX_PROMPT_CHARS);
        }
        return null;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return s;
    }

    private static String first(String... vs) {
        for (String v : vs) if (v != null && !v.isBlank()) return v;
        return null;
    }
}
