package dev.tj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.history.HistoryCli;
import dev.tj.core.config.TjConfig;
import dev.tj.core.cost.CostQueries;
import dev.tj.core.json.ApiJson;
import dev.tj.mcp.TjReads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The reads of the CLI's commands and MCP tools: each call asks the running daemon's API first, and
 * when no daemon answers opens the database (and the transcripts) for that call only, so a
 * long-lived {@code tj mcp} never holds the file a {@code tj serve} started later needs.
 */
final class CliReads implements TjReads {
    private final TjConfig config;

    CliReads(TjConfig config) {
        this.config = config;
    }

    private DaemonClient client() {
        return DaemonClient.locate(config, ConfigOption.tjHome(), 5000);
    }

    @Override
    public JsonNode status(String agentId) {
        return status(agentId, null, null);
    }

    /** The team view over a window ({@code 7d}, {@code all}, ...). */
    public JsonNode team(String since) {
        dev.tj.core.cost.Since.parse(since, Instant.now()); // a bad window is the user's error, said before any call
        return daemon(withQuery("/api/v1/team", "since", since))
                .orElseGet(() -> local(
                        r -> ApiJson.mapper().valueToTree(r.team(since)),
                        "{\"users\":[],\"machines\":[],\"projects\":[],\"live\":[],\"totals\":null}"));
    }

    /** The quota view: a window ({@code five_hour} when null) over its current period or since a time. */
    public JsonNode quota(String window, String since) {
        if (since != null) dev.tj.core.cost.Since.parse(since, Instant.now()); // the user's error, said first
        return daemon(withQuery("/api/v1/quota", "window", window, "since", since))
                .orElseGet(() -> local(
                        r -> ApiJson.mapper().valueToTree(r.quota(window, since)),
                        "{\"windows\":[],\"last_snapshot_at\":null,\"attribution\":null}"));
    }

    /** The status report of one agent, machine and/or user (nulls: all). */
    public JsonNode status(String agentId, String machine, String user) {
        return daemon(withQuery("/api/v1/status", "agent_id", agentId, "machine", machine, "user", user))
                .orElseGet(() -> local(
                        r -> ApiJson.mapper()
                                .valueToTree(r.status()
                                        .status(new dev.tj.core.storage.SessionStatusFilter(
                                                null, agentId, machine, user))),
                        StatusCommand.NOTHING_STORED));
    }

    @Override
    public JsonNode activeSessions(String agentId) {
        return daemon(withQuery("/api/v1/sessions?status=active", "agent_id", agentId))
                .orElseGet(() -> local(
                        r -> ApiJson.mapper().valueToTree(r.activeSessions(agentId)), "{\"sessions\":[],\"count\":0}"));
    }

    @Override
    public Optional<JsonNode> session(String sessionId) {
        return found(
                "/api/v1/sessions/" + path(sessionId),
                r -> r.views().session(sessionId).map(d -> ApiJson.mapper().valueToTree(d)));
    }

    @Override
    public Optional<JsonNode> story(String sessionId, boolean subagents) {
        return found(
                "/api/v1/sessions/" + path(sessionId) + "/story?subagents=" + subagents,
                r -> r.storyDocument(sessionId, subagents).map(JsonNode.class::cast));
    }

    @Override
    public JsonNode cost(String since, String until, String groupBy, String agentId, String tz) {
        String q = withQuery(
                "/api/v1/cost", "since", since, "until", until, "group_by", groupBy, "agent_id", agentId, "tz", tz);
        return daemon(q).orElseGet(() -> {
            var report = CostCommand.fromDatabase(
                    config, CostQueries.parse(since, until, groupBy, agentId, tz, Instant.now()));
            return HistoryCli.json().valueToTree(report.toJson());
        });
    }

    @Override
    public JsonNode runs() {
        return daemon("/api/v1/runs")
                .orElseGet(
                        () -> local(r -> ApiJson.mapper().valueToTree(r.views().runs()), "{\"runs\":[]}"));
    }

    @Override
    public Optional<JsonNode> run(String runId) {
        return found(
                "/api/v1/runs/" + path(runId),
                r -> r.views().run(runId).map(d -> ApiJson.mapper().valueToTree(d)));
    }

    /** {@code GET /api/v1/agents}: each agent's last activity and lifetime cost. */
    JsonNode agents() {
        return daemon("/api/v1/agents")
                .orElseGet(
                        () -> local(r -> ApiJson.mapper().valueToTree(r.views().agents()), "{\"agents\":[]}"));
    }

    /** {@code GET /api/v1/catchup}, or empty when no daemon answers (only a daemon catches up). */
    Optional<JsonNode> catchup() {
        return daemon("/api/v1/catchup");
    }

    Optional<JsonNode> upstream() {
        return daemon("/api/v1/upstream");
    }

    @Override
    public String dashboardUrl() {
        return client().base() + "/ui";
    }

    @Override
    public boolean daemonRunning() {
        try {
            return client().get("/health").map(DaemonClient.Response::ok).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** The daemon's 2xx answer; empty when no daemon listens; a refusal becomes an exception. */
    private Optional<JsonNode> daemon(String path) {
        DaemonClient client = client();
        try {
            var r = client.get(path);
            if (r.isEmpty()) return Optional.empty();
            if (r.get().ok())
                return Optional.of(ApiJson.mapper().readTree(r.get().body()));
            throw refusal(client, r.get());
        } catch (IOException e) {
            throw new UncheckedIOException("daemon at " + client.base() + ": " + e.getMessage(), e);
        }
    }

    private Optional<JsonNode> found(String path, Function<LocalReads, Optional<JsonNode>> offline) {
        DaemonClient client = client();
        try {
            var r = client.get(path);
            if (r.isPresent()) {
                if (r.get().status() == 404) return Optional.empty();
                if (!r.get().ok()) throw refusal(client, r.get());
                return Optional.of(ApiJson.mapper().readTree(r.get().body()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("daemon at " + client.base() + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            Optional<LocalReads> local = LocalReads.open(config);
            if (local.isEmpty()) return Optional.empty();
            try (LocalReads reads = local.get()) {
                return offline.apply(reads);
            }
        }
    }

    private synchronized JsonNode local(Function<LocalReads, JsonNode> offline, String nothingStored) {
        Optional<LocalReads> local = LocalReads.open(config);
        try {
            if (local.isEmpty()) return ApiJson.mapper().readTree(nothingStored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (LocalReads reads = local.get()) {
            return offline.apply(reads);
        }
    }

    private static RuntimeException refusal(DaemonClient client, DaemonClient.Response r) {
        String error = r.body();
        try {
            JsonNode body = ApiJson.mapper().readTree(r.body());
            if (body != null && body.hasNonNull("error"))
                error = body.get("error").asText();
        } catch (IOException e) {
            // not JSON: the raw body says it
        }
        if (r.status() == 400) return new IllegalArgumentException(error);
        return new IllegalStateException("daemon at " + client.base() + " answered " + r.status() + ": " + error);
    }

    /** The path with each non-null name/value pair appended as a query parameter. */
    private static String withQuery(String path, String... pairs) {
        StringBuilder b = new StringBuilder(path);
        char sep = path.contains("?") ? '&' : '?';
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] == null) continue;
            b.append(sep).append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            sep = '&';
        }
        return b.toString();
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A story document worth showing: the daemon's or the database's, with a Timeline in it. */
    Optional<JsonNode> timeline(String sessionId, boolean subagents) {
        return story(sessionId, subagents).filter(d -> d.path("available").asBoolean());
    }
}
