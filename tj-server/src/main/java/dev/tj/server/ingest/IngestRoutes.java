package dev.tj.server.ingest;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ingest routes, listed once: the routes register from here, the guards take the ingest secret
 * on these, and reads do not wait for the writer on the OTLP receivers.
 */
public final class IngestRoutes {
    private IngestRoutes() {}

    /** OTLP/HTTP receivers and the signal each takes; TokenJam's {@code /api/v1/spans} takes traces. */
    public static final Map<String, Signal> OTLP_RECEIVERS = receivers();
    /** A batch of {@code tj backfill} while the daemon owns the database. */
    public static final String BACKFILL_SPANS = "/api/v1/backfill/spans";
    /** What {@code tj backfill} has read already. */
    public static final String BACKFILL_SOURCE_FILES = "/api/v1/backfill/source-files";
    /** TokenJam's session-close hook. */
    public static final String CLOSE_SESSIONS = "/api/v1/sessions/close";
    /** Agents' hook events (Claude Code's JSON as its hooks receive it). */
    public static final String HOOKS = "/api/v1/hooks";
    /** Claude Code's statusline JSON: answers the line and keeps a quota snapshot. */
    public static final String STATUSLINE = "/api/v1/statusline";
    /** What another tj forwards to this one as its upstream (journal frames, {@code ForwardedFrames}). */
    public static final String FORWARD = "/api/v1/forward";

    private static final Set<String> WRITES = writes();

    private static Map<String, Signal> receivers() {
        Map<String, Signal> m = new LinkedHashMap<>();
        m.put("/v1/logs", Signal.LOGS);
        m.put("/v1/traces", Signal.TRACES);
        m.put("/api/v1/spans", Signal.TRACES);
        m.put("/v1/metrics", Signal.METRICS);
        return Collections.unmodifiableMap(m);
    }

    private static Set<String> writes() {
        Set<String> s = new HashSet<>(OTLP_RECEIVERS.keySet());
        s.add(BACKFILL_SPANS);
        s.add(CLOSE_SESSIONS);
        s.add(HOOKS);
        s.add(STATUSLINE);
        s.add(FORWARD);
        return Set.copyOf(s);
    }

    /** A POST here writes telemetry and needs the ingest secret (when one is set). */
    public static boolean takesIngestSecret(String path) {
        return WRITES.contains(path);
    }

    public static boolean isOtlpReceiver(String path) {
        return OTLP_RECEIVERS.containsKey(path);
    }
}
