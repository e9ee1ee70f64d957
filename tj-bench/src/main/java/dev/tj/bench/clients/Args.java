package dev.tj.bench.clients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --key value} pairs; a key given twice keeps every value in {@link #all}. */
final class Args {
    private Args() {}

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        return m;
    }

    static List<String> all(String[] args, String key) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) if (args[i].equals("--" + key)) out.add(args[i + 1]);
        return out;
    }
}
