package dev.tj.core.history;

import dev.tj.core.span.Span;
import dev.tj.core.storage.SessionReads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a session that was seen live (OTLP) from being counted twice when its transcript is
 * backfilled. Live spans have random ids, so ids cannot match; instead, per session that already
 * has live (non-backfill) LLM or tool spans:
 * <ul>
 *   <li>when the live spans carry {@code request_id} / {@code tool_use_id} attributes, a transcript
 *       call or tool is skipped exactly when its id is among them (work the daemon missed, e.g. while
 *       it was down, is still backfilled);</li>
 *   <li>otherwise a transcript span is skipped when it happened at or after the session's first live
 *       span (minus a small clock slack): the daemon saw the session from then on; what came before
 *       it (tj started mid-session) is backfilled.</li>
 * </ul>
 */
public final class LiveOverlap {
    /** Clock slack between the transcript's timestamps and the OTLP event times. */
    static final long SLACK_MS = 2_000;

    private final Set<String> liveRequestIds = new HashSet<>();
    private final Set<String> liveToolUseIds = new HashSet<>();
    private Instant liveLlmStart;
    private Instant liveToolStart;

    /** The live view of one stored session, or null when it has no live spans. */
    public static LiveOverlap of(SessionReads reads, String sessionId) {
        return of(reads.spans(sessionId));
    }

    public static LiveOverlap of(List<Span> stored) {
        LiveOverlap o = new LiveOverlap();
        boolean any = false;
        for (Span s : stored) {
            if (HistorySpans.isBackfilled(s)) continue;
            if (s.isLlmCall()) {
                any = true;
                Object rid = s.attributes().get("request_id");
                if (rid instanceof String r && !r.isEmpty()) o.liveRequestIds.add(r);
                if (o.liveLlmStart == null || s.startTime().isBefore(o.liveLlmStart)) o.liveLlmStart = s.startTime();
            } else if (s.isToolCall()) {
                any = true;
                Object tid = s.attributes().get("tool_use_id");
                if (tid instanceof String t && !t.isEmpty()) o.liveToolUseIds.add(t);
                if (o.liveToolStart == null || s.startTime().isBefore(o.liveToolStart)) o.liveToolStart = s.startTime();
            }
        }
        return any ? o : null;
    }

    /** Whether a backfilled span duplicates live work. */
    public boolean covers(Span s) {
        if (s.isLlmCall()) {
            if (!liveRequestIds.isEmpty()) {
                Object rid = s.attributes().get("request_id");
                return rid != null && liveRequestIds.contains(rid);
            }
            return liveLlmStart != null && !s.startTime().isBefore(liveLlmStart.minusMillis(SLACK_MS));
        }
        if (s.isToolCall()) {
            if (!liveToolUseIds.isEmpty()) {
                Object tid = s.attributes().get("tool_use_id");
                return tid != null && liveToolUseIds.contains(tid);
            }
            Instant start = liveToolStart != null ? liveToolStart : liveLlmStart;
            return start != null && !s.startTime().isBefore(start.minusMillis(SLACK_MS));
        }
        return false;
    }

    /** Splits spans of one session into kept and skipped. */
    public List<Span> filter(List<Span> spans, List<Span> skipped) {
        List<Span> out = new ArrayList<>(spans.size());
        for (Span s : spans) {
            if (covers(s)) skipped.add(s);
            else out.add(s);
        }
        return out;
    }
}
