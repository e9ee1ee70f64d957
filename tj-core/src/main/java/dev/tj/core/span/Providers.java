package dev.tj.core.span;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Provider names: the one alias table (what agents and SDKs call a provider → tj's name for it), the
 * billing account a provider's traffic is charged to, and the rates table that prices it.
 */
public final class Providers {
    private Providers() {}

    /** Alias → canonical provider. A name not listed is its own canonical name. */
    private static final Map<String, String> CANONICAL = Map.ofEntries(
            Map.entry("aws.bedrock", "bedrock"),
            Map.entry("aws_bedrock", "bedrock"),
            Map.entry("amazon-bedrock", "bedrock"),
            Map.entry("amazon_bedrock", "bedrock"),
            Map.entry("google.gemini", "google"),
            Map.entry("gemini", "google"),
            Map.entry("vertex", "google"),
            Map.entry("vertex_ai", "google"),
            Map.entry("gcp.gemini", "google"),
            Map.entry("gcp.vertex_ai", "google"),
            Map.entry("gcp.gen_ai", "google"),
            Map.entry("google_genai", "google"),
            Map.entry("azure", "openai"),
            Map.entry("azure.openai", "openai"),
            Map.entry("azure_openai", "openai"),
            Map.entry("azure.ai.openai", "openai"),
            Map.entry("x_ai", "xai"),
            Map.entry("mistral_ai", "mistral"),
            Map.entry("ollama", "local.ollama"));

    /** Canonical providers that are billing accounts of their own. */
    private static final Set<String> BILLED = Set.of("anthropic", "openai", "google", "bedrock", "local.ollama");

    /** The rates table of a canonical provider, where it differs from the name (Bedrock's is "aws"). */
    private static final Map<String, String> TABLE = Map.of("bedrock", "aws");

    /** tj's name for a provider (lower case, aliases resolved), or null for null/blank. */
    public static String canonical(String provider) {
        if (provider == null) return null;
        String p = provider.trim().toLowerCase(Locale.ROOT);
        if (p.isEmpty()) return null;
        return CANONICAL.getOrDefault(p, p);
    }

    /** The billing account for a provider name, or null when the provider is not one we bill. */
    public static String billingAccount(String provider) {
        String p = canonical(provider);
        return p != null && BILLED.contains(p) ? p : null;
    }

    /** The rates table a provider name reads from ("bedrock" reads "aws"), or null for null, blank and "unknown". */
    public static String ratesTable(String provider) {
        String p = canonical(provider);
        if (p == null || p.equals("unknown")) return null;
        return TABLE.getOrDefault(p, p);
    }

    /** Guess the provider from a model name; null for open-weight or unknown names. */
    public static String forModel(String model) {
        if (model == null) return null;
        String m = model.toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) m = m.substring(slash + 1);
        if (m.contains("claude")) return "anthropic";
        if (m.startsWith("gpt")
                || m.startsWith("o1")
                || m.startsWith("o3")
                || m.startsWith("o4")
                || m.startsWith("chatgpt-")
                || m.startsWith("codex")) return "openai";
        if (m.contains("gemini")) return "google";
        return null;
    }

    /**
     * OpenAI-style usage counts cached prompt tokens inside input tokens; readers of such usage
     * convert it to tj's convention (docs/tokens.md).
     */
    public static boolean cacheReadInsideInput(String provider) {
        return "openai".equals(billingAccount(provider));
    }
}
