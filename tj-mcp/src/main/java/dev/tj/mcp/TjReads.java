package dev.tj.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Where the tools' reads come from: the running daemon's REST API, else the database and the
 * transcripts on disk. Every answer is the API's JSON document (same names as {@code /api/v1/*}).
 * A bad query value throws {@link IllegalArgumentException} with a message fit for the caller.
 */
public interface TjReads {
    /** {@code GET /api/v1/status[?agent_id=]}. */
    JsonNode status(String agentId);

    /** {@code GET /api/v1/sessions?status=active[&agent_id=]}. */
    JsonNode activeSessions(String agentId);

    /** {@code GET /api/v1/sessions/{id}}, empty when no such session is stored. */
    Optional<JsonNode> session(String sessionId);

    /** {@code GET /api/v1/sessions/{id}/story?subagents=}, empty when neither storage nor a transcript knows it. */
    Optional<JsonNode> story(String sessionId, boolean subagents);

    /** {@code GET /api/v1/cost}: null values are left out of the query. */
    JsonNode cost(String since, String until, String groupBy, String agentId, String tz);

    /** {@code GET /api/v1/runs}. */
    JsonNode runs();

    /** {@code GET /api/v1/runs/{id}}, empty when no session carries that run id. */
    Optional<JsonNode> run(String runId);

    /** The dashboard of this tj's configured (or running) daemon. */
    String dashboardUrl();

    /** Whether the daemon answers now (the reads above then come from it). */
    boolean daemonRunning();
}
