package dev.tj.core.history;

import dev.tj.core.transcript.CallRecord;
import dev.tj.core.transcript.ClaudeFile;
import dev.tj.core.transcript.ParseReport;
import dev.tj.core.transcript.ReadDepth;
import dev.tj.core.transcript.Timestamps;
import dev.tj.core.transcript.ToolResult;
import dev.tj.core.transcript.ToolUse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Claude Code history in parallel and counts every API response exactly once: the one merge
 * behind {@code tj quickstart} and {@code tj backfill}.
 *
 * <p>Dedup is global: files are taken oldest first (earliest record timestamp, then modification
 * time, then path) and an API response belongs to the first file it appears in (a resumed session
 * that copies old records into a new file does not count them again). Within a file the last
 * streaming snapshot's usage wins.
 *
 * <p>A subagent's calls carry {@code sub_agent_id} from {@code isSidechain + agentId} and are linked
 * to the parent's Task/Agent call ({@link SubagentLinks}). A call is visited once its links are
 * known: its subagent's parent and the results of its tool_use blocks. A call whose links are in a
 * file not merged yet (a resumed session's later file) waits, and all waiting calls are resolved in
 * one place, after the last file, with everything read.
 */
public final class ClaudeHistory {
    private ClaudeHistory() {}

    /** One file to read, from an offset. */
    public record ReadTask(HistoryFile file, long startOffset, boolean settled) {
        long bytes() {
            return Math.max(0, file.size() - startOffset);
        }
    }

    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** Receives the merged calls, file by file in merge order. */
    public interface Visitor {
        /**
         * One API response, once.
         *
         * @param toolResults tool_use id to result, every result read so far: it holds the results of
         *                    this call's tools, unless no file has them
         */
        void call(MergedCall call, Map<String, ToolResult> toolResults);

        /**
         * This file's calls have been visited, except {@code waiting} ones whose links are in a later
         * file (they are visited after the last file).
         */
        default void fileDone(ClaudeFile file, int waiting) {}
    }

    /**
     * What the merge read.
     *
     * @param calls            API responses visited
     * @param callsBeforeSince responses dropped because they started before the window
     * @param errors           files that could not be read (path: reason)
     */
    public record Merged(
            ParseReport stats, long calls, long callsBeforeSince, int filesRead, long bytesRead, List<String> errors) {}

    /** A call waiting for a link, with the file its subagent records are in. */
    private record Waiting(MergedCall call, Path file) {}

    /**
     * Reads {@code tasks} on {@code threads} threads ({@link OrderedReader}) and merges each file as soon
     * as it and every file before it are read, so a visitor can store while later files are parsed.
     *
     * @param sinceMillis calls that started before this are skipped ({@link Timestamps#NONE} for all)
     */
    public static Merged stream(
            List<ReadTask> tasks, int threads, long sinceMillis, Progress progress, Visitor visitor) {
        return stream(tasks, threads, sinceMillis, progress, ReadDepth.LINKS, visitor);
    }

    /**
     * @param depth what to take in besides API responses: with {@link ReadDepth#CALLS} no tool result
     *              or subagent link is known: every call is visited with its file, without a parent
     */
    public static Merged stream(
            List<ReadTask> tasks, int threads, long sinceMillis, Progress progress, ReadDepth depth, Visitor visitor) {
        ParseReport stats = ParseReport.ZERO;
        long duplicates = 0, zeroUsage = 0, beforeSince = 0, calls = 0, bytes = 0;
        int filesRead = 0;
        List<String> errors = new ArrayList<>();
        Map<String, ToolResult> results = new HashMap<>();
        Map<String, ToolResult> resultsView = Collections.unmodifiableMap(results);
        SubagentLinks links = new SubagentLinks();
        Set<String> seen = new HashSet<>(Math.max(16, tasks.size() * 64));
        List<Waiting> waiting = new ArrayList<>();
        try (OrderedReader reader = new OrderedReader(tasks, threads, progress, depth)) {
            OrderedReader.Parsed p;
            while ((p = reader.next()) != null) {
                ClaudeFile f = p.file();
                if (f == null) {
                    errors.add(p.error());
                    continue;
                }
                filesRead++;
                stats = stats.plus(f.stats());
                bytes += f.stats().bytes();
                for (var e : f.results().entrySet()) results.putIfAbsent(e.getKey(), e.getValue());
                links.add(f);
                String cwdProject = projectOf(f.firstCwd());
                int fileWaiting = 0;
                for (CallRecord c : f.calls().values()) {
                    if (!seen.add(c.key())) {
                        duplicates++;
                        continue;
                    }
                    if (c.totalTokens() == 0) {
                        zeroUsage++;
                        continue;
                    }
                    if (sinceMillis != Timestamps.NONE && c.firstTs() < sinceMillis) {
                        beforeSince++;
                        continue;
                    }
                    calls++;
                    String sid = c.sessionId() != null ? c.sessionId() : f.defaultSessionId();
                    String project = c.cwd() == null || c.cwd().equals(f.firstCwd()) ? cwdProject : projectOf(c.cwd());
                    String parent = c.subAgentId() == null ? null : links.parentOf(c.subAgentId(), f.path());
                    MergedCall m = new MergedCall(c, sid, project, c.subAgentId(), parent);
                    if ((depth.linksSubagents() && c.subAgentId() != null && parent == null)
                            || (depth.keepsResults() && !allKnown(c.tools(), results))) {
                        waiting.add(new Waiting(m, f.path()));
                        fileWaiting++;
                    } else {
                        visitor.call(m, resultsView);
                    }
                }
                visitor.fileDone(f, fileWaiting);
            }
        }
        // the one place late links are resolved: everything is read now
        for (Waiting w : waiting) {
            MergedCall m = w.call();
            String parent = m.subAgentId() == null ? null : links.parentOf(m.subAgentId(), w.file());
            visitor.call(
                    parent == null ? m : new MergedCall(m.call(), m.sessionId(), m.project(), m.subAgentId(), parent),
                    resultsView);
        }
        return new Merged(
                stats.plusCalls(duplicates, zeroUsage), calls, beforeSince, filesRead, bytes, List.copyOf(errors));
    }

    private static boolean allKnown(List<ToolUse> tools, Map<String, ToolResult> results) {
        for (int i = 0; i < tools.size(); i++)
            if (!results.containsKey(tools.get(i).id())) return false;
        return true;
    }

    /** The project a cwd names: its last path element. */
    public static String projectOf(String cwd) {
        if (cwd == null) return null;
        String s = cwd;
        while (s.length() > 1 && (s.endsWith("/") || s.endsWith("\\"))) s = s.substring(0, s.length() - 1);
        int i = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        String b = i >= 0 ? s.substring(i + 1) : s;
        return b.isEmpty() ? s : b;
    }
}
