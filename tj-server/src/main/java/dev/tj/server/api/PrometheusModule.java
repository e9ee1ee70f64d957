package dev.tj.server.api;

import dev.tj.core.history.Catchup;
import dev.tj.core.ingest.IngestMetrics;
import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostRow;
import dev.tj.core.upstream.Forwarder;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}, Prometheus text format 0.0.4: TokenJam's tj_* series computed from storage on
 * every scrape, plus tj's own ingest counters (per transport where a request brought them).
 */
public final class PrometheusModule implements RouteModule {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<Catchup.Status> catchup;
    private final Supplier<Optional<Forwarder.Status>> upstream;

    /**
     * @param catchup  the transcript catch-up's state, for its gauges
     * @param upstream the forwarder's state, when this tj forwards to a team server
     */
    public PrometheusModule(Supplier<Catchup.Status> catchup, Supplier<Optional<Forwarder.Status>> upstream) {
        this.catchup = catchup;
        this.upstream = upstream;
    }

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        config.routes.get(
                "/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(render(sc, catchup.get(), upstream.get())));
    }

    static String render(ServerContext sc, Catchup.Status catchup, Optional<Forwarder.Status> upstream) {
        StringBuilder out = new StringBuilder(4096);
        List<CostRow> byAgent =
                sc.storage().costs().cost(new CostQuery(null, null, CostGroup.AGENT, null, ZoneOffset.UTC));
        header(out, "tj_cost_usd_total", "gauge", "Total priced LLM cost per agent, USD (all history)");
        for (CostRow r : byAgent) sample(out, "tj_cost_usd_total", Map.of("agent_id", agent(r.group())), r.costUsd());
        header(out, "tj_tokens_total", "counter", "Tokens per agent and type (all history)");
        for (CostRow r : byAgent) {
            String a = agent(r.group());
            sample(out, "tj_tokens_total", labels("agent_id", a, "type", "input"), r.inputTokens());
            sample(out, "tj_tokens_total", labels("agent_id", a, "type", "output"), r.outputTokens());
        }
        header(
                out,
                "tj_cache_tokens_total",
                "counter",
                "Prompt-cache tokens per agent, read and written (all history)");
        for (CostRow r : byAgent) {
            String a = agent(r.group());
            sample(out, "tj_cache_tokens_total", labels("agent_id", a, "type", "read"), r.cacheReadTokens());
            sample(out, "tj_cache_tokens_total", labels("agent_id", a, "type", "write"), r.cacheWriteTokens());
        }
        header(out, "tj_spans_stored", "gauge", "Spans in storage");
        sample(out, "tj_spans_stored", Map.of(), sc.storage().sessions().spanCount());

        IngestMetrics m = sc.metrics();
        // per transport (http, grpc, backfill): what requests brought and how they were answered
        header(out, "tj_ingest_requests_total", "counter", "Ingest requests received, by transport");
        for (var t : m.transports()) sample(out, "tj_ingest_requests_total", transport(t), t.requests());
        header(
                out,
                "tj_ingest_requests_refused_total",
                "counter",
                "Ingest requests answered with an error, by transport");
        for (var t : m.transports()) sample(out, "tj_ingest_requests_refused_total", transport(t), t.requestsRefused());
        header(out, "tj_ingest_records_total", "counter", "Ingested records by transport and outcome");
        for (var t : m.transports()) {
            sample(out, "tj_ingest_records_total", transport(t, "outcome", "stored"), t.recordsStored());
            sample(out, "tj_ingest_records_total", transport(t, "outcome", "duplicate"), t.recordsDuplicate());
            sample(out, "tj_ingest_records_total", transport(t, "outcome", "rejected"), t.recordsRejected());
            sample(out, "tj_ingest_records_total", transport(t, "outcome", "ignored"), t.recordsIgnored());
        }
        header(
                out,
                "tj_ingest_overloaded_total",
                "counter",
                "Submissions refused because the write queue was full, by transport");
        for (var t : m.transports()) sample(out, "tj_ingest_overloaded_total", transport(t), t.overloaded());
        header(out, "tj_ingest_bytes_total", "counter", "Request bytes received on the wire, by transport");
        for (var t : m.transports()) sample(out, "tj_ingest_bytes_total", transport(t), t.bytes());
        // the single writer, shared by every transport
        header(out, "tj_ingest_queue_records", "gauge", "Records waiting for the writer");
        sample(out, "tj_ingest_queue_records", Map.of(), m.queuedRecords());
        header(out, "tj_ingest_commits_total", "counter", "Group commits");
        sample(out, "tj_ingest_commits_total", Map.of(), m.commits());
        header(
                out,
                "tj_ingest_records_quarantined_total",
                "counter",
                "Acknowledged records storage kept refusing, set aside in the journal directory");
        sample(out, "tj_ingest_records_quarantined_total", Map.of(), m.recordsQuarantined());
        header(
                out,
                "tj_ingest_commit_failures_total",
                "counter",
                "Journal writes or storage commits that failed (commits are retried)");
        sample(out, "tj_ingest_commit_failures_total", Map.of(), m.commitFailures());
        header(out, "tj_ingest_commit_seconds_total", "counter", "Time spent in group commits");
        sample(out, "tj_ingest_commit_seconds_total", Map.of(), m.commitNanos() / 1e9);
        catchup(out, catchup);
        upstream.ifPresent(u -> upstream(out, u));
        return out.toString();
    }

    /** Forwarding to the team server: what waits in the outbox, what went, when it last worked. */
    private static void upstream(StringBuilder out, Forwarder.Status u) {
        header(out, "tj_upstream_pending_records", "gauge", "Stored records not yet forwarded to the upstream");
        sample(out, "tj_upstream_pending_records", Map.of(), u.pendingRecords());
        header(out, "tj_upstream_sent_records_total", "counter", "Records forwarded since start");
        sample(out, "tj_upstream_sent_records_total", Map.of(), u.sentRecords());
        header(
                out,
                "tj_upstream_last_success_timestamp_seconds",
                "gauge",
                "When the upstream last took a forward (0: never)");
        sample(
                out,
                "tj_upstream_last_success_timestamp_seconds",
                Map.of(),
                u.lastSuccess() == null ? 0 : u.lastSuccess().toEpochMilli() / 1000.0);
        header(
                out,
                "tj_upstream_refused",
                "gauge",
                "1 when the upstream refused for good (a revoked token): forwarding stopped");
        sample(out, "tj_upstream_refused", Map.of(), u.state().equals("refused") ? 1 : 0);
    }

    /** The transcript catch-up: whether it runs, what waits to settle and for how long, what it stored. */
    private static void catchup(StringBuilder out, Catchup.Status c) {
        header(out, "tj_catchup_enabled", "gauge", "1 when tj serve follows the transcript roots");
        sample(out, "tj_catchup_enabled", Map.of(), c.enabled() ? 1 : 0);
        header(out, "tj_catchup_dirs_watched", "gauge", "Transcript folders watched for changes");
        sample(out, "tj_catchup_dirs_watched", Map.of(), c.dirsWatched());
        header(
                out,
                "tj_catchup_pending_files",
                "gauge",
                "Changed transcript files waiting to be quiet before they are read");
        sample(out, "tj_catchup_pending_files", Map.of(), c.pendingFiles());
        header(
                out,
                "tj_catchup_lag_seconds",
                "gauge",
                "How long the oldest transcript change that is quiet enough to read has waited (0: none is late)");
        sample(out, "tj_catchup_lag_seconds", Map.of(), c.lagSeconds());
        header(
                out,
                "tj_catchup_oldest_pending_seconds",
                "gauge",
                "Age of the oldest transcript change not read yet (a file still being written included)");
        sample(out, "tj_catchup_oldest_pending_seconds", Map.of(), c.oldestPendingSeconds());
        header(out, "tj_catchup_files_read_total", "counter", "Transcript files read by the catch-up");
        sample(out, "tj_catchup_files_read_total", Map.of(), c.filesRead());
        header(out, "tj_catchup_spans_stored_total", "counter", "Spans the catch-up stored (missed by the live path)");
        sample(out, "tj_catchup_spans_stored_total", Map.of(), c.spansStored());
        header(out, "tj_catchup_lines_skipped_total", "counter", "Unparseable transcript lines the catch-up skipped");
        sample(out, "tj_catchup_lines_skipped_total", Map.of(), c.linesSkipped());
        header(out, "tj_catchup_last_pass_timestamp_seconds", "gauge", "When the catch-up last read files (0: never)");
        sample(
                out,
                "tj_catchup_last_pass_timestamp_seconds",
                Map.of(),
                c.lastPassAt() == null ? 0 : c.lastPassAt().getEpochSecond());
    }

    private static Map<String, String> transport(IngestMetrics.Transport t, String... more) {
        Map<String, String> m = labels(more);
        m.put("transport", t.name());
        return m;
    }

    private static String agent(String a) {
        return a == null || a.isEmpty() ? "unknown" : a;
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1] == null ? "" : kv[i + 1]);
        return m;
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, Map<String, String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (var e : new TreeMap<>(labels).entrySet()) {
                if (!first) out.append(',');
                first = false;
                out.append(e.getKey())
                        .append("=\"")
                        .append(escape(e.getValue()))
                        .append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
    }

    static String format(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    /** Label values: backslash, double quote and newline escaped, as the text format requires. */
    static String escape(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
