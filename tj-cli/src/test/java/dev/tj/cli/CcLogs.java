package dev.tj.cli;

import java.time.Instant;

/** Claude-Code-shaped OTLP/JSON log export bodies for process-level tests. */
final class CcLogs {
    private CcLogs() {}

    /** One session's api_request records with input_tokens = sequence number (so sums are checkable). */
    static String apiRequests(String sessionId, String instance, int records, Instant start) {
        return apiRequests(sessionId, instance, records, start, null, null);
    }

    /** Same, sent with tokenjam.run_id and tokenjam.parent_session_id resource attributes when not null. */
    static String apiRequests(
            String sessionId, String instance, int records, Instant start, String runId, String parentSessionId) {
        return apiRequests(sessionId, instance, 1, records, start, runId, parentSessionId);
    }

    /**
     * Records {@code first} .. {@code first + records - 1} of a session (input_tokens = sequence
     * number, time = start + 10 ms × sequence number): the same numbers make the same records.
     */
    static String apiRequests(String sessionId, String instance, int first, int records, Instant start) {
        return apiRequests(sessionId, instance, first, records, start, null, null);
    }

    private static String apiRequests(
            String sessionId,
            String instance,
            int first,
            int records,
            Instant start,
            String runId,
            String parentSessionId) {
        StringBuilder b = new StringBuilder();
        b.append("{\"resourceLogs\":[{\"resource\":{\"attributes\":[")
                .append(kv("service.name", "claude-code-durable"))
                .append(',')
                .append(kv("service.namespace", "acme"))
                .append(',')
                .append(kv("service.instance.id", instance));
        if (runId != null) b.append(',').append(kv("tokenjam.run_id", runId));
        if (parentSessionId != null) b.append(',').append(kv("tokenjam.parent_session_id", parentSessionId));
        b.append("]},\"scopeLogs\":[{\"scope\":{\"name\":\"com.anthropic.claude_code.events\"},\"logRecords\":[");
        for (int i = first; i < first + records; i++) {
            long nanos = start.plusMillis(i * 10L).getEpochSecond() * 1_000_000_000L
                    + start.plusMillis(i * 10L).getNano();
            if (i > first) b.append(',');
            b.append("{\"timeUnixNano\":\"")
                    .append(nanos)
                    .append("\",\"body\":{\"stringValue\":\"claude_code.api_request\"},\"attributes\":[")
                    .append(kv("session.id", sessionId))
                    .append(',')
                    .append(kv("event.name", "api_request"))
                    .append(',')
                    .append("{\"key\":\"event.sequence\",\"value\":{\"intValue\":\"")
                    .append(i)
                    .append("\"}},")
                    .append(kv("model", "claude-sonnet-4-5-20250929"))
                    .append(',')
                    .append(kv("input_tokens", Integer.toString(i)))
                    .append(',')
                    .append(kv("output_tokens", "10"))
                    .append(',')
                    .append(kv("cache_read_tokens", "100"))
                    .append(',')
                    .append(kv("cache_creation_tokens", "5"))
                    .append(',')
                    .append(kv("duration_ms", "1000"))
                    .append(',')
                    .append("{\"key\":\"cost_usd\",\"value\":{\"doubleValue\":0.001}}")
                    .append("]}");
        }
        return b.append("]}]}]}").toString();
    }

    static String kv(String k, String v) {
        return "{\"key\":\"" + k + "\",\"value\":{\"stringValue\":\"" + v + "\"}}";
    }
}
