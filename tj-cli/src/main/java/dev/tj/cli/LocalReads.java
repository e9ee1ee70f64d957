package dev.tj.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tj.core.config.TjConfig;
import dev.tj.core.drilldown.Drilldown;
import dev.tj.core.drilldown.SessionIds;
import dev.tj.core.drilldown.Story;
import dev.tj.core.drilldown.StoryCache;
import dev.tj.core.drilldown.StorySnapshots;
import dev.tj.core.drilldown.TranscriptSearch;
import dev.tj.core.json.ApiJson;
import dev.tj.core.session.Lifecycle;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.status.StatusService;
import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.Storage;
import dev.tj.server.SessionFacts;
import dev.tj.server.api.ReadViews;
import dev.tj.server.drilldown.DrilldownModule;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the read commands answer when no daemon runs: the database file opened by this process and
 * the transcripts on disk, through the same views the daemon's API uses (so the JSON is the same).
 */
final class LocalReads implements AutoCloseable {
    private final Storage storage;
    private final StatusService status;
    private final Drilldown drilldown;
    private final TjConfig config;

    private LocalReads(Storage storage, TjConfig config) {
        Clock clock = Clock.systemUTC();
        this.storage = storage;
        this.config = config;
        TranscriptSearch transcripts = TranscriptSearch.of(
                config.sessions().claudeProjectsRoot(), config.sessions().codexSessionsRoot(), clock);
        this.drilldown = new Drilldown(transcripts, new StoryCache(1));
        this.status = new StatusService(
                storage, config, new Lifecycle(config.sessions().idleWindow()), transcripts, clock);
    }

    /** The configured database, or empty when it does not exist yet (nothing stored). */
    static Optional<LocalReads> open(TjConfig config) {
        if (!Stores.exists(config.storage())) return Optional.empty();
        return Optional.of(new LocalReads(Stores.open(config.storage()), config));
    }

    StatusService status() {
        return status;
    }

    /** {@code GET /api/v1/team?since=}: spend by person, machine and project, live sessions everywhere. */
    Map<String, Object> team(String since) {
        java.time.Instant now = Clock.systemUTC().instant();
        return new dev.tj.core.team.TeamService(storage, config, status)
                .report(dev.tj.core.cost.Since.parse(since, now), now);
    }

    /** {@code GET /api/v1/quota?window=&since=}: the windows, their outlook and what moved them. */
    Map<String, Object> quota(String window, String since) {
        java.time.Instant now = Clock.systemUTC().instant();
        return new dev.tj.core.quota.QuotaService(storage, config)
                .report(window, since == null ? null : dev.tj.core.cost.Since.parse(since, now), null, now);
    }

    ReadViews views() {
        return new ReadViews(storage, status, config, new SessionFacts(1), Clock.systemUTC());
    }

    /** {@code GET /api/v1/sessions?status=active[&agent_id=]}: the stored-active sessions with their tier. */
    Map<String, Object> activeSessions(String agentId) {
        return views().sessions(new dev.tj.core.storage.SessionStatusFilter(SessionStatus.ACTIVE, agentId));
    }

    /**
     * {@code GET /api/v1/sessions/{id}/story}'s document: {@code available} and {@code from_snapshot}
     * first, as the daemon answers it; empty when neither storage nor a transcript knows the id.
     */
    Optional<ObjectNode> storyDocument(String sessionId, boolean subagents) {
        boolean stored = SessionIds.isSafe(sessionId)
                && storage.sessions().session(sessionId).isPresent();
        Optional<Story> fromTranscript = drilldown.story(sessionId, subagents);
        Optional<Story> story = fromTranscript.isPresent() || !stored
                ? fromTranscript
                : storage.snapshots().snapshot(sessionId, MethodSnapshot.STORY).flatMap(StorySnapshots::read);
        if (story.isEmpty() && !stored) return Optional.empty();
        ObjectNode out = ApiJson.mapper().createObjectNode();
        out.put("available", story.isPresent());
        if (story.isEmpty()) {
            out.put("reason", DrilldownModule.NO_TRANSCRIPT);
            return Optional.of(out);
        }
        out.put("from_snapshot", fromTranscript.isEmpty());
        out.setAll((ObjectNode) ApiJson.mapper().valueToTree(story.get()));
        return Optional.of(out);
    }

    @Override
    public void close() {
        storage.close();
    }
}
