package dev.tj.server.drilldown;

import dev.tj.core.drilldown.Approach;
import dev.tj.core.drilldown.ApproachBuilder;
import dev.tj.core.drilldown.CallPoint;
import dev.tj.core.drilldown.ChildSession;
import dev.tj.core.drilldown.Drilldown;
import dev.tj.core.drilldown.SessionIds;
import dev.tj.core.drilldown.SessionMap;
import dev.tj.core.drilldown.SessionMapBuilder;
import dev.tj.core.drilldown.Story;
import dev.tj.core.drilldown.SubagentCost;
import dev.tj.core.session.Session;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanNames;
import dev.tj.core.storage.SessionStatusFilter;
import dev.tj.server.Json;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/sessions/{id}/story?subagents=true|false}, {@code /approach} and
 * {@code /sessionmap}: built from the session's transcript (found under the configured roots,
 * cached while unchanged) and its stored spans. An id that neither storage nor any transcript knows
 * is a 404; a known session without a transcript answers {@code available: false}. A transcript
 * that cannot be read is never a 5xx: the answer says what it could read and what it skipped.
 */
public final class DrilldownModule implements RouteModule {
    static final String NO_TRANSCRIPT = "No on-disk transcript for this session (SDK session, or transcript pruned).";
    private static final Logger log = LoggerFactory.getLogger(DrilldownModule.class);

    private final Drilldown drilldown;

    public DrilldownModule(Drilldown drilldown) {
        this.drilldown = drilldown;
    }

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        config.routes.get("/api/v1/sessions/{session_id}/story", ctx -> answer(ctx, sc, this::story));
        config.routes.get("/api/v1/sessions/{session_id}/approach", ctx -> answer(ctx, sc, this::approach));
        config.routes.get("/api/v1/sessions/{session_id}/sessionmap", ctx -> answer(ctx, sc, this::sessionMap));
    }

    private interface View {
        Map<String, Object> render(
                Context ctx, ServerContext sc, String id, Optional<Session> session, Optional<Story> story);
    }

    private void answer(Context ctx, ServerContext sc, View view) {
        String id = ctx.pathParam("session_id");
        Optional<Session> session =
                SessionIds.isSafe(id) ? sc.storage().sessions().session(id) : Optional.empty();
        boolean subagents = !"false".equalsIgnoreCase(ctx.queryParam("subagents"));
        Optional<Story> story;
        try {
            story = drilldown.story(id, subagents);
        } catch (RuntimeException e) {
            // the builder counts bad input instead of throwing; this is the last line of defence
            log.warn("drill-in of {} failed: {}", id, e.toString());
            story = Optional.empty();
        }
        if (session.isEmpty() && story.isEmpty()) {
            ctx.status(404).json(Map.of("error", "Session " + id + " not found"));
            return;
        }
        ctx.json(view.render(ctx, sc, id, session, story));
    }

    private Map<String, Object> story(
            Context ctx, ServerContext sc, String id, Optional<Session> session, Optional<Story> story) {
        if (story.isEmpty()) return unavailable();
        Map<String, Object> out = available();
        out.putAll(fields(story.get()));
        return out;
    }

    private Map<String, Object> approach(
            Context ctx, ServerContext sc, String id, Optional<Session> session, Optional<Story> story) {
        if (story.isEmpty()) return unavailable();
        List<Span> spans = session.isPresent() ? sc.storage().sessions().spans(id) : List.of();
        Map<String, SubagentCost> costs = SubagentCost.fromSpans(spans);
        Instant now = sc.clock().instant();
        String name = session.map(s -> sc.status().label(id, s.resource().instanceId()))
                .orElse(id);
        String status = session.map(s -> sc.status().tier(s, now).wire()).orElse(null);
        Approach.Meta meta =
                session.map(s -> new Approach.Meta(s.costUsd(), tokens(spans))).orElse(new Approach.Meta(null, null));
        List<ChildSession> children = new ArrayList<>();
        if (session.isPresent())
            for (Session c : sc.storage().sessions().sessions(new SessionStatusFilter(null, null))) {
                if (!id.equals(c.resource().parentSessionId()) || id.equals(c.sessionId())) continue;
                children.add(new ChildSession(
                        c.sessionId(),
                        sc.status().label(c.sessionId(), c.resource().instanceId()),
                        sc.status().tier(c, now).wire(),
                        c.costUsd(),
                        null,
                        drilldown.transcript(c.sessionId()).isPresent()));
            }
        Approach a = ApproachBuilder.build(story.get(), name, status, costs, meta, children);
        Map<String, Object> out = available();
        out.putAll(fields(a));
        return out;
    }

    private Map<String, Object> sessionMap(
            Context ctx, ServerContext sc, String id, Optional<Session> session, Optional<Story> story) {
        List<Span> spans = session.isPresent() ? sc.storage().sessions().spans(id) : List.of();
        if (story.isEmpty() && spans.isEmpty()) return unavailable();
        List<CallPoint> calls = new ArrayList<>(spans.size());
        for (Span s : spans) {
            boolean llm = SpanNames.LLM_CALL.equals(s.name());
            if (!llm && s.toolName() == null) continue;
            calls.add(new CallPoint(
                    s.startTime(),
                    s.endTime(),
                    llm,
                    s.usage().input() + s.usage().cacheRead() + s.usage().cacheWrite(),
                    s.usage().output(),
                    s.costUsd() == null ? 0 : s.costUsd(),
                    s.model(),
                    s.subAgentId()));
        }
        SessionMap m = SessionMapBuilder.build(
                story.orElse(null),
                calls,
                SubagentCost.fromSpans(spans),
                session.map(Session::startedAt).orElse(null));
        Map<String, Object> out = available();
        out.putAll(fields(m));
        return out;
    }

    private static long tokens(List<Span> spans) {
        long t = 0;
        for (Span s : spans) t += s.usage().total();
        return t;
    }

    private static Map<String, Object> available() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("available", true);
        out.put("from_snapshot", false);
        return out;
    }

    private static Map<String, Object> unavailable() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("available", false);
        out.put("reason", NO_TRANSCRIPT);
        return out;
    }

    /** A core record as the API's snake_case fields. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Object value) {
        return Json.mapper().convertValue(value, LinkedHashMap.class);
    }
}
