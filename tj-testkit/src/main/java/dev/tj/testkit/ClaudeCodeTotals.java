package dev.tj.testkit;

import java.util.HashMap;
import java.util.Map;

/** Mutable sums of one generated conversation ({@link ClaudeCodeCorpus}), merged in plan order into the ground truth. */
final class ClaudeCodeTotals {
    long files, lines, bytes, malformed, sessions, resumed, subagentFiles, snapshots;
    final Map<String, long[]> byDay = new HashMap<>(),
            byModel = new HashMap<>(),
            bySession = new HashMap<>(),
            bySubagent = new HashMap<>(),
            byHour = new HashMap<>();
    /** Sums in {@link ClaudeCodeTruth.Tokens}' order: input, output, cache read, cache write, of it 1h, messages. */
    final long[] total = new long[6];

    void call(long at, String model, String session, String sub, long in, long out, long cr, long cw, long cw1h) {
        long[] v = {in, out, cr, cw, cw1h, 1};
        add(total, v);
        add(byDay.computeIfAbsent(Text.day(at), k -> new long[6]), v);
        add(byHour.computeIfAbsent(Text.iso(at).substring(0, 13), k -> new long[6]), v);
        add(byModel.computeIfAbsent(model, k -> new long[6]), v);
        add(bySession.computeIfAbsent(session, k -> new long[6]), v);
        if (sub != null) add(bySubagent.computeIfAbsent(session + "/" + sub, k -> new long[6]), v);
    }

    void add(ClaudeCodeTotals o) {
        files += o.files;
        lines += o.lines;
        bytes += o.bytes;
        malformed += o.malformed;
        sessions += o.sessions;
        resumed += o.resumed;
        subagentFiles += o.subagentFiles;
        snapshots += o.snapshots;
        add(total, o.total);
        merge(byDay, o.byDay);
        merge(byModel, o.byModel);
        merge(bySession, o.bySession);
        merge(bySubagent, o.bySubagent);
        merge(byHour, o.byHour);
    }

    ClaudeCodeTruth truth() {
        return new ClaudeCodeTruth(
                files,
                lines,
                bytes,
                malformed,
                sessions,
                resumed,
                subagentFiles,
                snapshots,
                tokens(total),
                tokens(byDay),
                tokens(byModel),
                tokens(bySession),
                tokens(bySubagent),
                tokens(byHour));
    }

    private static void merge(Map<String, long[]> into, Map<String, long[]> from) {
        from.forEach((k, v) -> add(into.computeIfAbsent(k, x -> new long[6]), v));
    }

    private static void add(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
    }

    private static ClaudeCodeTruth.Tokens tokens(long[] v) {
        return new ClaudeCodeTruth.Tokens(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    private static Map<String, ClaudeCodeTruth.Tokens> tokens(Map<String, long[]> m) {
        Map<String, ClaudeCodeTruth.Tokens> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, tokens(v)));
        return out;
    }
}
