package dev.tj.cli.onboard;

import java.util.ArrayList;
import java.util.List;

/** A unified diff (3 lines of context) of two small texts, as {@code diff -u} prints it. */
final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {}

    static String of(String name, String before, String after, boolean existed) {
        List<String> a = lines(before), b = lines(after);
        // longest common subsequence table: settings files are small
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--)
            for (int j = b.size() - 1; j >= 0; j--)
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        List<Op> ops = new ArrayList<>();
        int i = 0, j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add(new Op(' ', a.get(i), i++, j++));
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new Op('-', a.get(i), i++, j));
            } else {
                ops.add(new Op('+', b.get(j), i, j++));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(existed ? name : "/dev/null").append('\n');
        out.append("+++ ").append(name).append('\n');
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k).kind == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            // extend the hunk while changes are within 2*CONTEXT lines of each other
            int last = k;
            for (int m = k; m < ops.size(); m++) {
                if (ops.get(m).kind != ' ') last = m;
                else if (m - last > 2 * CONTEXT) break;
            }
            end = Math.min(ops.size(), last + CONTEXT + 1);
            int aStart = ops.get(start).a, bStart = ops.get(start).b;
            int aLen = 0, bLen = 0;
            for (int m = start; m < end; m++) {
                if (ops.get(m).kind != '+') aLen++;
                if (ops.get(m).kind != '-') bLen++;
            }
            out.append("@@ -")
                    .append(range(aStart, aLen))
                    .append(" +")
                    .append(range(bStart, bLen))
                    .append(" @@\n");
            for (int m = start; m < end; m++)
                out.append(ops.get(m).kind).append(ops.get(m).text).append('\n');
            k = end;
        }
        if (!before.isEmpty() && !before.endsWith("\n") || !after.isEmpty() && !after.endsWith("\n"))
            out.append("\\ No newline at end of file\n");
        return out.toString();
    }

    private static String range(int start, int len) {
        return (len == 0 ? start : start + 1) + (len == 1 ? "" : "," + len);
    }

    private static List<String> lines(String s) {
        if (s.isEmpty()) return List.of();
        List<String> l = new ArrayList<>(List.of(s.split("\n", -1)));
        if (s.endsWith("\n")) l.remove(l.size() - 1);
        return l;
    }

    private record Op(char kind, String text, int a, int b) {}
}
