package dev.tj.bench.clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.time.Instant;
import java.util.Locale;

/**
 * The subscription rate-limit headers the real API sends to an OAuth (Pro/Max) client, rising with every
 * Messages response: Claude Code turns the latest into the statusline's {@code rate_limits}. Utilisation is
 * a fraction in the headers; Claude Code shows it as a percentage. Resets are fixed for the run, in epoch
 * seconds.
 */
final class UnifiedRateLimits {
    private final long fiveHourReset;
    private final long sevenDayReset;
    private int responses;

    UnifiedRateLimits(Instant start) {
        fiveHourReset = start.getEpochSecond() + 3 * 3600 + 17 * 60;
        sevenDayReset = start.getEpochSecond() + 4 * 86_400 + 5 * 3600;
    }

    /** A request that authenticates with an OAuth bearer token, as a subscription session does. */
    static boolean subscription(Headers request) {
        String auth = request.getFirst("Authorization");
        return auth != null && auth.startsWith("Bearer ") && request.getFirst("x-api-key") == null;
    }

    /** Sets the headers of the next response and returns what they say, for the run's record. */
    synchronized ObjectNode next(Headers response, ObjectMapper json) {
        responses++;
        int fiveHour = Math.min(100, 10 + 4 * responses); // whole percents: exact in the header's two decimals
        int sevenDay = Math.min(100, 20 + responses);
        response.set("anthropic-ratelimit-unified-status", "allowed");
        response.set("anthropic-ratelimit-unified-representative-claim", "five_hour");
        response.set("anthropic-ratelimit-unified-5h-status", "allowed");
        response.set("anthropic-ratelimit-unified-5h-utilization", fraction(fiveHour));
        response.set("anthropic-ratelimit-unified-5h-reset", Long.toString(fiveHourReset));
        response.set("anthropic-ratelimit-unified-7d-status", "allowed");
        response.set("anthropic-ratelimit-unified-7d-utilization", fraction(sevenDay));
        response.set("anthropic-ratelimit-unified-7d-reset", Long.toString(sevenDayReset));
        response.set("anthropic-ratelimit-unified-reset", Long.toString(fiveHourReset));
        return json.createObjectNode()
                .put("response", responses)
                .put("five_hour_percent", fiveHour)
                .put("five_hour_resets_at", fiveHourReset)
                .put("seven_day_percent", sevenDay)
                .put("seven_day_resets_at", sevenDayReset);
    }

    private static String fraction(int percent) {
        return String.format(Locale.ROOT, "%.2f", percent / 100.0);
    }
}
