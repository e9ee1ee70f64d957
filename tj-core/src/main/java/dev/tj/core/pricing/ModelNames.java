package dev.tj.core.pricing;

import dev.tj.core.span.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the model and provider names agents report into rate-table keys.
 *
 * <p>TokenJam only stripped a trailing {@code -YYYYMMDD}, so {@code claude-3-5-haiku-20241022},
 * {@code gemini-2.5-pro} and every Bedrock/Vertex id fell to the default rate. tj tries, in order:
 * the raw name, lower-cased, with a provider prefix removed ({@code openai/}, Bedrock
 * {@code anthropic.}, {@code us.anthropic.} ...), with version/date suffixes removed ({@code @date},
 * Bedrock {@code :0} and {@code -v1}, {@code -latest}, {@code -preview}, {@code -YYYYMMDD},
 * {@code -YYYY-MM-DD}), and finally known aliases ({@code claude-3-5-haiku} is
 * {@code claude-haiku-3-5}). Every candidate is in key form: lower case, dots as hyphens.
 */
public final class ModelNames {
    private ModelNames() {}

    /** The table of local inference; usage there costs nothing unless a user override prices it. */
    public static final String LOCAL = "local.ollama";

    private static final Pattern BEDROCK_PREFIX = Pattern.compile(
            "^(?:(?:us|eu|apac|ap|jp|au|ca|us-gov|global)\\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen)\\.");
    private static final Pattern AT_SUFFIX = Pattern.compile("@[^@]*$");
    private static final Pattern COLON_SUFFIX = Pattern.compile(":\\d+$");
    private static final Pattern VERSION_SUFFIX = Pattern.compile("-v\\d+$");
    private static final Pattern LATEST_SUFFIX = Pattern.compile("-latest$");
    private static final Pattern PREVIEW_SUFFIX = Pattern.compile("-(?:preview|exp)(?:-\\d{2}-\\d{2})?$");
    private static final Pattern DATE8_SUFFIX = Pattern.compile("-\\d{8}$");
    private static final Pattern ISO_DATE_SUFFIX = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");
    /** claude-3-5-haiku / claude-4-sonnet (version first) */
    private static final Pattern CLAUDE_VERSION_FIRST =
            Pattern.compile("^claude-(\\d+(?:-\\d+)?)-(opus|sonnet|haiku)$");
    /** claude-haiku-3-5 / claude-sonnet-4-0 (family first) */
    private static final Pattern CLAUDE_FAMILY_FIRST =
            Pattern.compile("^claude-(opus|sonnet|haiku)-(\\d+)(?:-(\\d+))?$");

    /** Names the table spells differently; applied after suffixes are removed. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("claude-3-5-haiku", "claude-haiku-3-5"),
            Map.entry("claude-sonnet-3-7", "claude-3-7-sonnet"),
            Map.entry("claude-sonnet-3-5", "claude-3-5-sonnet"),
            Map.entry("claude-opus-3", "claude-3-opus"),
            Map.entry("claude-haiku-3", "claude-3-haiku"),
            Map.entry("claude-sonnet-4-0", "claude-sonnet-4"),
            Map.entry("claude-opus-4-0", "claude-opus-4"),
            Map.entry("claude-4-sonnet", "claude-sonnet-4"),
            Map.entry("claude-4-opus", "claude-opus-4"),
            Map.entry("claude-3-sonnet", "claude-3-5-sonnet"));

    /** Lower case, trimmed, dots as hyphens: the form every table key is stored in. */
    public static String keyForm(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('.', '-');
    }

    /**
     * The rates table a provider name reads from ("bedrock" reads "aws", "vertex_ai" reads
     * "google"), or null for null, blank and "unknown".
     */
    public static String tableProvider(String provider) {
        return Providers.ratesTable(provider);
    }

    /** Lookup candidates in key form, most specific first, without duplicates. */
    public static List<String> candidates(String model) {
        List<String> out = new ArrayList<>(8);
        if (model == null || model.isBlank()) return out;
        add(out, model);
        String s = model.trim().toLowerCase(Locale.ROOT);
        int slash = s.lastIndexOf('/');
        if (slash >= 0 && slash < s.length() - 1) {
            s = s.substring(slash + 1);
            add(out, s);
        }
        String suffixless = stripSuffixes(out, s);
        Matcher pm = BEDROCK_PREFIX.matcher(s);
        if (pm.find() && pm.end() < s.length()) {
            String bare = s.substring(pm.end());
            add(out, bare);
            s = stripSuffixes(out, bare);
        } else {
            s = suffixless;
        }
        String k = keyForm(s);
        String alias = ALIASES.get(k);
        if (alias != null) {
            add(out, alias);
        } else {
            Matcher m = CLAUDE_VERSION_FIRST.matcher(k);
            if (m.matches()) add(out, "claude-" + m.group(2) + "-" + m.group(1));
            m = CLAUDE_FAMILY_FIRST.matcher(k);
            if (m.matches()) {
                if ("0".equals(m.group(3))) add(out, "claude-" + m.group(1) + "-" + m.group(2));
                String version = m.group(3) == null ? m.group(2) : m.group(2) + "-" + m.group(3);
                add(out, "claude-" + version + "-" + m.group(1));
            }
        }
        return out;
    }

    /** Removes version/date suffixes one after another, adding each stage. */
    private static String stripSuffixes(List<String> out, String s) {
        s = strip(out, s, AT_SUFFIX);
        s = strip(out, s, COLON_SUFFIX);
        s = strip(out, s, VERSION_SUFFIX);
        s = strip(out, s, LATEST_SUFFIX);
        s = strip(out, s, PREVIEW_SUFFIX);
        s = strip(out, s, DATE8_SUFFIX);
        return strip(out, s, ISO_DATE_SUFFIX);
    }

    private static String strip(List<String> out, String s, Pattern p) {
        Matcher m = p.matcher(s);
        if (!m.find()) return s;
        String r = s.substring(0, m.start()) + s.substring(m.end());
        if (r.isEmpty()) return s;
        add(out, r);
        return r;
    }

    private static void add(List<String> out, String name) {
        String k = keyForm(name);
        if (!k.isEmpty() && !out.contains(k)) out.add(k);
    }
}
