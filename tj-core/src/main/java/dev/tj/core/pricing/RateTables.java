package dev.tj.core.pricing;

import dev.tj.core.config.ConfigException;
import dev.tj.core.config.TomlFiles;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads rate tables: {@code [<provider>."<model>"]} entries plus the reserved {@code [models]}
 * (model-keyed, any provider). Strict: a non-table entry, an unknown key, or a value that is not
 * a non-negative number is a {@link ConfigException} naming file, line and column.
 */
public final class RateTables {
    private RateTables() {}

    /** The reserved section of model-keyed entries. */
    public static final String MODELS = "models";

    static final String INPUT = "input_per_mtok";
    static final String OUTPUT = "output_per_mtok";
    static final String CACHE_READ = "cache_read_per_mtok";
    static final String CACHE_WRITE = "cache_write_per_mtok";
    static final String FAST = "fast_multiplier";
    static final String US_ONLY = "us_only_multiplier";
    /** Earlier rates: {@code earlier = [{ until = 2026-09-01, input_per_mtok = …, output_per_mtok = … }]}. */
    static final String EARLIER = "earlier";

    static final String UNTIL = "until";

    /** An entry as written: absent fields are null. */
    record Partial(
            Double input,
            Double output,
            Double cacheRead,
            Double cacheWrite,
            Double fast,
            Double usOnly,
            List<ModelRates.Earlier> earlier,
            String where) {
        /**
         * Fields given here win; the others come from {@code base} (null: required fields must be
         * here). An override that sets the input or output rate sets the price at every date, so it
         * drops the base's earlier periods unless it gives its own.
         */
        ModelRates over(ModelRates base) {
            if (base == null) {
                if (input == null || output == null) {
                    throw new ConfigException(where + ": a new rate entry needs both " + INPUT + " and " + OUTPUT);
                }
                return new ModelRates(input, output, cacheRead, cacheWrite, fast, usOnly, earlier);
            }
            List<ModelRates.Earlier> periods =
                    earlier != null ? earlier : input == null && output == null ? base.earlier() : List.of();
            return new ModelRates(
                    input != null ? input : base.inputPerMtok(),
                    output != null ? output : base.outputPerMtok(),
                    cacheRead != null ? cacheRead : base.cacheReadPerMtok(),
                    cacheWrite != null ? cacheWrite : base.cacheWritePerMtok(),
                    fast != null ? fast : base.fastMultiplier(),
                    usOnly != null ? usOnly : base.usOnlyMultiplier(),
                    periods);
        }
    }

    /** One source of rates: provider tables (keyed by table provider, then model key) and model-keyed entries. */
    record Layer(Map<String, Map<String, Partial>> providers, Map<String, Partial> models) {
        boolean isEmpty() {
            return providers.isEmpty() && models.isEmpty();
        }
    }

    /**
     * Checks a {@code [pricing]} table of a config file without keeping it.
     *
     * @param pricing the table found at {@code prefix} in the file
     * @param root    the file's root table, for positions
     */
    public static void validate(TomlTable root, List<String> prefix, String file) {
        TomlTable pricing = root.getTable(prefix);
        if (pricing == null) return;
        parse(TomlFiles.toPlain(pricing), file, prefix, root::inputPositionOf);
    }

    /**
     * @param root   the table holding provider tables and {@code models}
     * @param file   the file name for messages
     * @param prefix where {@code root} sits in the file ([] for a pricing file, ["pricing"] for a config)
     * @param pos    key path to position, or a function returning null when unknown
     */
    static Layer parse(
            Map<String, Object> root, String file, List<String> prefix, Function<List<String>, TomlPosition> pos) {
        Map<String, Map<String, Partial>> providers = new LinkedHashMap<>();
        Map<String, Partial> models = new LinkedHashMap<>();
        for (Map.Entry<String, Object> p : root.entrySet()) {
            List<String> pPath = path(prefix, p.getKey());
            Map<String, Object> entries = table(
                    p.getValue(),
                    file,
                    pPath,
                    pos,
                    "must be a table of models (e.g. [" + dotted(pPath) + ".\"model-name\"])");
            boolean modelKeyed = MODELS.equals(p.getKey());
            String provider = modelKeyed ? null : ModelNames.tableProvider(p.getKey());
            if (!modelKeyed && provider == null) {
                throw new ConfigException(where(file, pPath, pos) + ": \"" + p.getKey() + "\" is not a provider name");
            }
            Map<String, Partial> target =
                    modelKeyed ? models : providers.computeIfAbsent(provider, k -> new LinkedHashMap<>());
            for (Map.Entry<String, Object> m : entries.entrySet()) {
                List<String> mPath = path(pPath, m.getKey());
                String key = ModelNames.keyForm(m.getKey());
                if (key.isEmpty()) throw new ConfigException(where(file, mPath, pos) + ": empty model name");
                target.put(key, partial(m.getValue(), file, mPath, pos));
            }
        }
        return new Layer(providers, models);
    }

    private static Partial partial(Object v, String file, List<String> path, Function<List<String>, TomlPosition> pos) {
        Map<String, Object> t =
                table(v, file, path, pos, "must be a table like { " + INPUT + " = 3.0, " + OUTPUT + " = 15.0 }");
        Double in = null, out = null, cr = null, cw = null, fast = null, us = null;
        List<ModelRates.Earlier> earlier = null;
        for (Map.Entry<String, Object> e : t.entrySet()) {
            List<String> fPath = path(path, e.getKey());
            if (e.getKey().equals(EARLIER)) {
                earlier = earlier(e.getValue(), file, fPath, pos);
                continue;
            }
            double d = number(e.getValue(), file, fPath, pos);
            switch (e.getKey()) {
                case INPUT -> in = d;
                case OUTPUT -> out = d;
                case CACHE_READ -> cr = d;
                case CACHE_WRITE -> cw = d;
                case FAST -> fast = d;
                case US_ONLY -> us = d;
                default ->
                    throw new ConfigException(where(file, fPath, pos) + ": unknown rate key \"" + e.getKey()
                            + "\" (expected " + INPUT + ", " + OUTPUT + ", " + CACHE_READ + ", " + CACHE_WRITE + ", "
                            + FAST + ", " + US_ONLY + ", " + EARLIER + ")");
            }
        }
        return new Partial(in, out, cr, cw, fast, us, earlier, where(file, path, pos));
    }

    /** {@code earlier = [{ until = 2026-09-01, input_per_mtok = 2.0, output_per_mtok = 10.0, … }]} */
    private static List<ModelRates.Earlier> earlier(
            Object v, String file, List<String> path, Function<List<String>, TomlPosition> pos) {
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(where(file, path, pos) + ": " + dotted(path)
                    + " must be an array of { until = YYYY-MM-DD, input_per_mtok = …, output_per_mtok = … }, not "
                    + TomlFiles.typeName(v));
        }
        List<ModelRates.Earlier> out = new ArrayList<>(list.size());
        for (Object o : list) {
            Map<String, Object> t = table(
                    o,
                    file,
                    path,
                    pos,
                    "entries must be tables like { " + UNTIL + " = 2026-09-01, " + INPUT + " = 2.0, " + OUTPUT
                            + " = 10.0 }");
            LocalDate until = null;
            Double in = null, out2 = null, cr = null, cw = null;
            for (Map.Entry<String, Object> e : t.entrySet()) {
                List<String> fPath = path(path, e.getKey());
                if (e.getKey().equals(UNTIL)) {
                    until = date(e.getValue(), file, fPath, pos);
                    continue;
                }
                double d = number(e.getValue(), file, fPath, pos);
                switch (e.getKey()) {
                    case INPUT -> in = d;
                    case OUTPUT -> out2 = d;
                    case CACHE_READ -> cr = d;
                    case CACHE_WRITE -> cw = d;
                    default ->
                        throw new ConfigException(where(file, fPath, pos) + ": unknown key \"" + e.getKey()
                                + "\" in an earlier rate (expected " + UNTIL + ", " + INPUT + ", " + OUTPUT + ", "
                                + CACHE_READ + ", " + CACHE_WRITE + ")");
                }
            }
            if (until == null || in == null || out2 == null) {
                throw new ConfigException(
                        where(file, path, pos) + ": an earlier rate needs " + UNTIL + ", " + INPUT + " and " + OUTPUT);
            }
            out.add(new ModelRates.Earlier(until, in, out2, cr, cw));
        }
        return out;
    }

    private static LocalDate date(Object v, String file, List<String> path, Function<List<String>, TomlPosition> pos) {
        if (v instanceof LocalDate d) return d;
        if (v instanceof String s) {
            try {
                return LocalDate.parse(s.trim());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new ConfigException(where(file, path, pos) + ": " + dotted(path) + " must be a date (YYYY-MM-DD), not "
                + (v instanceof String ? "\"" + v + "\"" : TomlFiles.typeName(v)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> table(
            Object v, String file, List<String> path, Function<List<String>, TomlPosition> pos, String expected) {
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new ConfigException(
                where(file, path, pos) + ": " + dotted(path) + " " + expected + ", not " + TomlFiles.typeName(v));
    }

    private static double number(Object v, String file, List<String> path, Function<List<String>, TomlPosition> pos) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d) && d >= 0) return d;
            throw new ConfigException(
                    where(file, path, pos) + ": " + dotted(path) + " must be a rate >= 0 (USD per MTok), not " + v);
        }
        throw new ConfigException(where(file, path, pos) + ": " + dotted(path)
                + " must be a number (USD per MTok), not " + TomlFiles.typeName(v));
    }

    private static String where(String file, List<String> path, Function<List<String>, TomlPosition> pos) {
        TomlPosition p = null;
        try {
            p = pos == null ? null : pos.apply(path);
        } catch (RuntimeException ignored) {
            // position unknown
        }
        return TomlFiles.at(file, p);
    }

    private static List<String> path(List<String> prefix, String key) {
        List<String> l = new ArrayList<>(prefix.size() + 1);
        l.addAll(prefix);
        l.add(key);
        return l;
    }

    private static String dotted(List<String> path) {
        StringBuilder b = new StringBuilder();
        for (String s : path) {
            if (b.length() > 0) b.append('.');
            b.append(s.matches("[A-Za-z0-9_-]+") ? s : "\"" + s + "\"");
        }
        return b.toString();
    }
}
