package dev.tj.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Claude Code statusline payloads (Claude Code 2.1.328's schema) for one fixed
 * clock, {@link #NOW}, with the line tj must print for each: an API-key user (no {@code rate_limits}),
 * Pro, Max (with the per-model weekly windows, one of them out of range) and a gateway's spend limit.
 */
public final class StatuslinePayloads {
    /** 2026-11-30T17:33:20Z. */
    public static final long NOW = 1_796_060_000L;

    private StatuslinePayloads() {}

    static String common(String model, String name, String cost, String ctx) {
        return """
                "session_id":"5f0c9a8e-1d2b-4c3a-9e8f-7a6b5c4d3e2f",\
                "transcript_path":"/home/u/.claude/projects/-work-x/5f0c9a8e.jsonl","cwd":"/work/x",\
                "prompt_id":"p-0042","model":{"id":"%s","display_name":"%s"},\
                "workspace":{"current_dir":"/work/x","project_dir":"/work/x","added_dirs":[]},\
                "version":"2.1.328","output_style":{"name":"default"},\
                "cost":{"total_cost_usd":%s,"total_duration_ms":812345,"total_api_duration_ms":301234,\
                "total_lines_added":120,"total_lines_removed":14},\
                "context_window":{"total_input_tokens":84211,"total_output_tokens":9120,"context_window_size":200000,\
                "current_usage":{"input_tokens":12,"output_tokens":410,"cache_creation_input_tokens":2048,\
                "cache_read_input_tokens":81000},"used_percentage":%s,"remaining_percentage":58.4},\
                "exceeds_200k_tokens":false,"prompt_cache":{"warm":true,"ttl":300,"expires_at":1796060300,\
                "requests":31,"misses":2,"hit_ratio":0.94,"cache_write_tokens":2048,"miss_recache_tokens":0,\
                "last_miss_cause":"ttl"},"fast_mode":false,"thinking":{"enabled":true}""".formatted(model, name, cost, ctx);
    }

    /** An API-key user: no rate_limits, the cost is the bill. */
    public static final String API = "{" + common("claude-sonnet-4-5-20250929", "Sonnet 4.5", "0.4213", "12.3") + "}";

    /** Pro: five_hour in epoch seconds, seven_day as an ISO string; a pace that lasts. */
    public static final String PRO = "{" + common("claude-sonnet-4-5-20250929", "Sonnet 4.5", "1.005", "41.6")
            + ",\"rate_limits\":{\"five_hour\":{\"used_percentage\":45,\"resets_at\":" + (NOW + 4740) + "},"
            + "\"seven_day\":{\"used_percentage\":13.6,\"resets_at\":\"2026-12-03T17:33:20Z\"}}}";

    /**
     * Max: five_hour at 80 % two hours in (runs out in 30 minutes, 3 hours before the reset), the
     * weekly windows in seconds, milliseconds and out of range (150 %: dropped).
     */
    public static final String MAX = "{" + common("claude-opus-4-1-20250805", "Opus 4.1", "3.2049", "41.6")
            + ",\"rate_limits\":{\"five_hour\":{\"used_percentage\":80,\"resets_at\":" + (NOW + 3 * 3600) + "},"
            + "\"seven_day\":{\"used_percentage\":13.6,\"resets_at\":\"" + (NOW + 4 * 86400 + 2 * 3600) + "\"},"
            + "\"seven_day_opus\":{\"used_percentage\":20,\"resets_at\":" + (NOW + 86400) * 1000 + "},"
            + "\"seven_day_sonnet\":{\"used_percentage\":150,\"resets_at\":" + (NOW + 86400) + "}}}";

    /** Through a gateway with a monthly spend limit and no subscription windows. */
    public static final String GATEWAY = "{" + common("claude-sonnet-4-5-20250929", "Sonnet 4.5", "12.5", "7")
            + ",\"rate_limits\":{\"spend_limit\":{\"used_usd\":12.3,\"limit_usd\":50,\"period\":\"month\"}}}";

    /** Each variant and the line for it at {@link #NOW}. */
    public static Map<String, String> expectedLines() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(API, "Sonnet 4.5 · $0.42 · ctx 12%");
        // 1.005 is 1.00499999… in binary: rounds down, as C's printf does
        m.put(PRO, "Sonnet 4.5 · ~$1.00 API · ctx 42% · 5h 45% ↻1h19m · 7d 14% ↻3d0h");
        m.put(MAX, "Opus 4.1 · ~$3.20 API · ctx 42% · 5h 80% ↻3h0m ⚠ out in 30m · 7d 14% ↻4d2h" + " · opus 20% ↻1d0h");
        m.put(GATEWAY, "Sonnet 4.5 · $12.50 · ctx 7% · $12.30/$50 mo");
        return m;
    }
}
