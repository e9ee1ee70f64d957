package dev.tj.testkit;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The building blocks of generated records: ids, ISO timestamps and filler prose, from a seeded
 * random source (so the same seed writes the same bytes), and JSON string quoting.
 */
final class Text {
    private Text() {}

    static final String[] WORDS =
            ("the a function test file module error build fix update refactor parser config server "
                            + "session token cost cache model request response value index query span trace ingest dashboard timeline "
                            + "agent subagent project run status résumé naïve — café")
                    .split(" ");

    /** Filler prose every writer slices from: words only, no quoting needed. */
    private static final String PROSE;

    static {
        SplittableRandom r = new SplittableRandom(20261130L);
        StringBuilder sb = new StringBuilder(1 << 20);
        while (sb.length() < (1 << 20))
            sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        PROSE = sb.toString();
    }

    /** About {@code chars} characters of prose, starting at a random word. */
    static void prose(StringBuilder out, SplittableRandom r, int chars) {
        while (chars > 0) {
            int n = Math.min(chars, 1 << 18);
            int from = r.nextInt(PROSE.length() - n - 32);
            while (from > 0 && PROSE.charAt(from - 1) != ' ') from++;
            out.append(PROSE, from, from + n);
            chars -= n;
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') end--;
        out.setLength(end);
    }

    static String prose(SplittableRandom r, int chars) {
        StringBuilder sb = new StringBuilder(chars + 8);
        prose(sb, r, chars);
        return sb.toString();
    }

    /** Prose as a JSON string literal (prose needs no escaping). */
    static String quotedProse(SplittableRandom r, int chars) {
        StringBuilder sb = new StringBuilder(chars + 8).append('"');
        prose(sb, r, chars);
        return sb.append('"').toString();
    }

    static String words(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n * 7);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(' ');
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    static String hex(SplittableRandom r, int n) {
        char[] out = new char[n];
        long bits = 0;
        for (int i = 0; i < n; i++) {
            if ((i & 15) == 0) bits = r.nextLong();
            out[i] = HEX[(int) (bits & 15)];
            bits >>>= 4;
        }
        return new String(out);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String uuid(SplittableRandom r) {
        String h = hex(r, 32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-8" + h.substring(17, 20)
                + "-" + h.substring(20, 32);
    }

    /** {@code 2026-09-01T10:00:00.123Z}, always with milliseconds (as Claude Code writes them). */
    static void iso(StringBuilder sb, long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        sb.append(t.getYear()).append('-');
        two(sb, t.getMonthValue()).append('-');
        two(sb, t.getDayOfMonth()).append('T');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond()).append('.');
        int ms = (int) Math.floorMod(epochMillis, 1000);
        if (ms < 100) sb.append('0');
        if (ms < 10) sb.append('0');
        sb.append(ms).append('Z');
    }

    static String iso(long epochMillis) {
        StringBuilder sb = new StringBuilder(24);
        iso(sb, epochMillis);
        return sb.toString();
    }

    /** The UTC day of an instant, {@code 2026-09-01}. */
    static String day(long epochMillis) {
        return iso(epochMillis).substring(0, 10);
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) sb.append('0');
        return sb.append(v);
    }

    /** Appends {@code s} as a JSON string literal. */
    static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"');
    }

    static String quote(String s) {
        return quote(new StringBuilder(s.length() + 2), s).toString();
    }

    /** A weighted pick: {@code weights} need not sum to 1. */
    static int pick(SplittableRandom r, double[] weights) {
        double sum = 0;
        for (double w : weights) sum += w;
        double x = r.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.length - 1;
    }

    /** How a ground-truth row writes itself as a JSON object at an indent. */
    interface RowJson<V> {
        void write(V row, StringBuilder sb, String indent);
    }

    /** One {@code "name": {key: row, …}} table of an expected.json, in the map's order. */
    static <V> void table(StringBuilder sb, String name, Map<String, V> rows, RowJson<V> json) {
        sb.append(" \"").append(name).append("\": {");
        boolean first = true;
        for (var e : rows.entrySet()) {
            sb.append(first ? "\n" : ",\n").append("  ");
            quote(sb, e.getKey()).append(": ");
            json.write(e.getValue(), sb, "  ");
            first = false;
        }
        sb.append(first ? "},\n" : "\n },\n");
    }
}
