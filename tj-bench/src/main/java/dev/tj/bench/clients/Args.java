package dev.tj.bench.clients;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --key value} pairs. */
final class Args {
    private Args() {}

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        return m;
    }
}
