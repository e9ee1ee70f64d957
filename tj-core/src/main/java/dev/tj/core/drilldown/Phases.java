package dev.tj.core.drilldown;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phase titles for the steps of one ask (reference §5.5): with at least {@value #MIN_STEPS} steps, a
 * narrated step opens a phase titled by its first sentence, a tool-only step joins the current one
 * (the first step, if tool-only, opens an untitled phase); phases with neither title nor tools are
 * dropped, and one phase alone is no segmentation.
 */
final class Phases {
    static final int MIN_STEPS = 6, MAX_TITLE = 90;
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]\\s");

    private Phases() {}

    /** The phase title of each step (null when the ask is not segmented), in step order. */
    static List<String> titles(List<Step> steps) {
        List<String> out = new ArrayList<>(steps.size());
        if (steps.size() < MIN_STEPS) {
            for (int i = 0; i < steps.size(); i++) out.add(null);
            return out;
        }
        List<String> titles = new ArrayList<>();
        List<Integer> phaseOf = new ArrayList<>();
        List<Integer> toolsIn = new ArrayList<>();
        for (Step s : steps) {
            String t = s.text() == null ? "" : s.text().strip();
            if (!t.isEmpty() || titles.isEmpty()) {
                titles.add(t.isEmpty() ? "" : firstSentence(t));
                toolsIn.add(0);
            }
            int p = titles.size() - 1;
            toolsIn.set(p, toolsIn.get(p) + s.tools().size());
            phaseOf.add(p);
        }
        int kept = 0;
        for (int p = 0; p < titles.size(); p++) if (!titles.get(p).isEmpty() || toolsIn.get(p) > 0) kept++;
        for (int i = 0; i < steps.size(); i++) {
            int p = phaseOf.get(i);
            boolean keep = kept > 1 && (!titles.get(p).isEmpty() || toolsIn.get(p) > 0);
            out.add(keep ? titles.get(p) : null);
        }
        return out;
    }

    static String firstSentence(String text) {
        String s = text.replaceAll("\\s+", " ").strip();
        Matcher m = SENTENCE_END.matcher(s);
        if (m.find()) s = s.substring(0, m.start() + 1);
        return s.length() > MAX_TITLE ? s.substring(0, MAX_TITLE).stripTrailing() + "…" : s;
    }
}
