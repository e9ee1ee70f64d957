package dev.tj.core.span;

import java.util.Locale;
import java.util.Map;

/** Provider names and the billing account a provider's traffic is charged to. */
public final class Providers {
    private Providers() {}

    private static final Map<String, String> BILLING = Map.ofEntries(
            Map.entry("anthropic", "anthropic"), Map.entry("openai", "openai"), Map.entry("google", "google"),
            Map.entry("bedrock", "bedrock"), Map.entry("local.ollama", "local.ollama"),
            Map.entry("aws.bedrock", "bedrock"), Map.entry("aws_bedrock", "bedrock"),
            Map.entry("google.gemini", "google"), Map.entry("gemini", "google"), Map.entry("vertex", "google"),
            Map.entry("vertex_ai", "google"), Map.entry("ollama", "local.ollama"), Map.entry("azure", "openai"),
            Map.entry("azure.openai", "openai"), Map.entry("azure_openai", "openai"));

    /** The billing account for a provider name, or null when the provider is not one we bill. */
    public static String billingAccount(String provider) {
        return provider == null ? null : BILLING.get(provider.toLowerCase(Locale.ROOT));
    }

    /** Guess the provider from a model name; null for open-weight or unknown names. */
    public static String forModel(String model) {
        if (model == null) return null;
        String m = model.toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) m = m.substring(slash + 1);
        if (m.contains("claude")) return "anthropic";
        if (m.startsWith("gpt") || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4")
                || m.startsWith("chatgpt-") || m.startsWith("codex")) return "openai";
        if (m.contains("gemini")) return "google";
        return null;
    }

    /** OpenAI-style usage counts cached prompt tokens inside input tokens. */
    public static boolean cacheReadInsideInput(String provider) {
        return provider != null && "openai".equals(billingAccount(provider));
    }
}
