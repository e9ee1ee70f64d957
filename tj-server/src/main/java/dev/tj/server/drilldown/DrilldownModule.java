package dev.tj.server.drilldown;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tj.core.drilldown.Approach;
import dev.tj.core.drilldown.ApproachBuilder;
import dev.tj.core.drilldown.CallPoint;
import dev.tj.core.drilldown.ChildSession;
import dev.tj.core.drilldown.Drilldown;
import dev.tj.core.drilldown.SessionIds;
import dev.tj.core.drilldown.SessionMap;
import dev.tj.core.drilldown.SessionMapBuilder;
import dev.tj.core.drilldown.Story;
import dev.tj.core.drilldown.StorySnapshots;
import dev.tj.core.rollup.SessionRollup;
import dev.tj.core.rollup.SubagentUse;
import dev.tj.core.session.Session;
import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.SpanFacts;
import dev.tj.server.Json;
import dev.tj.server.RouteModule;
import dev.tj.server.ServerContext;
import dev.tj.server.SessionFacts;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
    public static final String NO_TRANSCRIPT =
            "No on-disk transcript for this session (SDK session, or transcript pruned).";
    private static final Logger log = LoggerFactory.getLogger(DrilldownModule.class);

    private final Drilldown drilldown;
    private final SessionFacts facts;

    public DrilldownModule(Drilldown drilldown, SessionFacts facts) {
        this.drilldown = drilldown;
        this.facts = facts;
    }

    @Override
    public void register(JavalinConfig config, ServerContext sc) {
        config.routes.get("/api/v1/sessions/{session_id}/story", ctx -> answer(ctx, sc, false, this::story));
        config.routes.get("/api/v1/sessions/{session_id}/approach", ctx -> answer(ctx, sc, true, this::approach));
        config.routes.get("/api/v1/sessions/{session_id}/sessionmap", ctx -> answer(ctx, sc, true, this::sessionMap));
    }

    private interface View {
        /**
         * The answer: a map (written as JSON) or JSON bytes ready to send. {@code facts}: the
         * session's span facts (empty without a stored session).
         */
        Object render(
                ServerContext sc,
                String id,
                Optional<Session> session,
                Optional<Story> story,
                CompletableFuture<List<SpanFacts>> facts);
    }

    /** A view as last written: valid while the story is the same object and the session unchanged. */
    private record Rendered(Story story, String stamp, byte[] json) {}

    /**
     * The last answers per view, session and flag: the story cache hands back the same object while
     * the files are unchanged, and the stamp (the stored row's {@link SessionFacts#stamp}, tier, label) changes with
     * the stored session, so an unchanged session is answered without reading spans or writing
     * JSON again (a big session's story is megabytes of it).
     */
    private final Map<String, Rendered> rendered = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Rendered> e) {
            return size() > 32;
        }
    };

    private void answer(Context ctx, ServerContext sc, boolean needsFacts, View view) {
        String id = ctx.pathParam("session_id");
        Optional<Session> session =
                SessionIds.isSafe(id) ? sc.storage().sessions().session(id) : Optional.empty();
        // the spans are read beside the transcript (or come from memory while the session is unchanged)
        CompletableFuture<List<SpanFacts>> spanFacts = needsFacts && session.isPresent()
                ? facts.of(sc.storage().rollups(), session.get())
                : CompletableFuture.completedFuture(List.of());
        boolean subagents = !"false".equalsIgnoreCase(ctx.queryParam("subagents"));
        Optional<Story> story;
        try {
            story = drilldown.story(id, subagents);
        } catch (RuntimeException e) {
            // the builder counts bad input instead of throwing; this is the last line of defence
            log.warn("drill-in of {} failed: {}", id, e.toString());
            story = Optional.empty();
        }
        boolean fromSnapshot = false;
        if (story.isEmpty() && session.isPresent()) { // the transcript is gone: what was kept of it
            story = sc.storage().snapshots().snapshot(id, MethodSnapshot.STORY).flatMap(StorySnapshots::read);
            fromSnapshot = story.isPresent();
        }
        if (session.isEmpty() && story.isEmpty()) {
            ctx.status(404).json(Map.of("error", "Session " + id + " not found"));
            return;
        }
        Instant now = sc.clock().instant();
        String key = ctx.path() + "?" + subagents;
        String stamp = session.map(s ->
                        SessionFacts.stamp(s) + "|" + sc.status().tier(s, now).wire() + "|"
                                + sc.status().label(id, s.resource().instanceId()))
                .orElse("-");
        Story st = story.orElse(null);
        synchronized (rendered) {
            Rendered r = rendered.get(key);
            if (r != null && r.story() == st && r.stamp().equals(stamp)) {
                ctx.contentType("application/json").result(r.json());
                return;
            }
        }
        Object answer = view.render(sc, id, session, story, spanFacts);
        if (fromSnapshot && answer instanceof byte[] json) answer = fromSnapshot(json);
        if (answer instanceof byte[] json) {
            synchronized (rendered) {
                rendered.put(key, new Rendered(st, stamp, json));
            }
            ctx.contentType("application/json").result(json);
        } else ctx.json(answer);
    }

    private Object story(
            ServerContext sc,
            String id,
            Optional<Session> session,
            Optional<Story> story,
            CompletableFuture<List<SpanFacts>> facts) {
        if (story.isEmpty()) return unavailable();
        return available(story.get());
    }

    private Object approach(
            ServerContext sc,
            String id,
            Optional<Session> session,
            Optional<Story> story,
            CompletableFuture<List<SpanFacts>> spanFacts) {
        if (story.isEmpty()) return unavailable();
        List<SpanFacts> facts = SessionFacts.joined(spanFacts);
        Map<String, SubagentUse> costs = SessionRollup.subagentsById(facts);
        Instant now = sc.clock().instant();
        String name = session.map(s -> sc.status().label(id, s.resource().instanceId()))
                .orElse(id);
        String status = session.map(s -> sc.status().tier(s, now).wire()).orElse(null);
        Approach.Meta meta =
                session.map(s -> new Approach.Meta(s.costUsd(), tokens(facts))).orElse(new Approach.Meta(null, null));
        List<ChildSession> children = new ArrayList<>();
        if (session.isPresent())
            for (Session c : sc.storage().rollups().children(id)) {
                children.add(new ChildSession(
                        c.sessionId(),
                        sc.status().label(c.sessionId(), c.resource().instanceId()),
                        sc.status().tier(c, now).wire(),
                        c.costUsd(),
                        null,
                        drilldown.transcript(c.sessionId()).isPresent()));
            }
        return available(ApproachBuilder.build(story.get(), name, status, costs, meta, children));
    }

    private Object sessionMap(
            ServerContext sc,
            String id,
            Optional<Session> session,
            Optional<Story> story,
            CompletableFuture<List<SpanFacts>> spanFacts) {
        List<SpanFacts> facts = SessionFacts.joined(spanFacts);
        if (story.isEmpty() && facts.isEmpty()) return unavailable();
        List<CallPoint> calls = new ArrayList<>(facts.size());
        for (SpanFacts f : facts) {
            CallPoint p = CallPoint.of(f);
            if (p != null) calls.add(p);
        }
        SessionMap m = SessionMapBuilder.build(
                story.orElse(null),
                calls,
                SessionRollup.subagentsById(facts),
                session.map(Session::startedAt).orElse(null));
        return available(m);
    }

    private static long tokens(List<SpanFacts> facts) {
        long t = 0;
        for (SpanFacts f : facts) t += f.usage().total();
        return t;
    }

    private static final byte[] AVAILABLE =
            "{\"available\":true,\"from_snapshot\":false,".getBytes(StandardCharsets.UTF_8);

    private static final byte[] FALSE_FLAG = "\"from_snapshot\":false".getBytes(StandardCharsets.UTF_8);

    /** The same answer marked {@code from_snapshot: true} (the flag is at a fixed place after the prefix). */
    private static byte[] fromSnapshot(byte[] json) {
        String s = new String(json, 0, AVAILABLE.length, StandardCharsets.UTF_8)
                .replace(new String(FALSE_FLAG, StandardCharsets.UTF_8), "\"from_snapshot\":true");
        byte[] head = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + json.length - AVAILABLE.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(json, AVAILABLE.length, out, head.length, json.length - AVAILABLE.length);
        return out;
    }

    /** {@code {"available": true, "from_snapshot": false, …the record's fields}}, written in one pass. */
    private static byte[] available(Object value) {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // body is a JSON object: splice the two flags in after its opening brace
        if (body.length <= 2) return "{\"available\":true,\"from_snapshot\":false}".getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[AVAILABLE.length + body.length - 1];
        System.arraycopy(AVAILABLE, 0, out, 0, AVAILABLE.length);
        System.arraycopy(body, 1, out, AVAILABLE.length, body.length - 1);
        return out;
    }

    private static Map<String, Object> unavailable() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("available", false);
        out.put("reason", NO_TRANSCRIPT);
        return out;
    }
}
