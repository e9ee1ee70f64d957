package dev.tj.core.history;

import dev.tj.core.session.Session;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SessionReads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place a backfill drops transcript work that was already seen live ({@link LiveOverlap}),
 * before anything is folded: used by the CLI's backfill into its own store and by the daemon's
 * backfill route. Looks each session up once per filter: sessions stored before the backfill are
 * the only ones that can hold live spans.
 */
public final class LiveFilter {
    private final SessionReads reads;
    private final boolean storeEmpty;
    private final Set<String> checked = new HashSet<>();
    private final Map<String, LiveOverlap> live = new HashMap<>();

    /** @param storeEmpty the store held nothing when the backfill began: nothing to look up */
    public LiveFilter(SessionReads reads, boolean storeEmpty) {
        this.reads = reads;
        this.storeEmpty = storeEmpty;
    }

    /**
     * @param kept        spans to store
     * @param skipped     spans dropped because the same work arrived live
     * @param newSessions sessions of these spans that this filter saw for the first time and storage
     *                    did not hold
     */
    public record Split(List<Span> kept, int skipped, int newSessions) {}

    public Split apply(List<Span> spans) {
        if (storeEmpty) return new Split(spans, 0, 0);
        Set<String> lookup = new HashSet<>();
        for (Span s : spans) if (checked.add(s.sessionId())) lookup.add(s.sessionId());
        int newSessions = 0;
        if (!lookup.isEmpty()) {
            Map<String, Session> stored = reads.sessionsById(lookup);
            newSessions = lookup.size() - stored.size();
            for (String id : stored.keySet()) {
                LiveOverlap o = LiveOverlap.of(reads, id);
                if (o != null) live.put(id, o);
            }
        }
        if (live.isEmpty()) return new Split(spans, 0, newSessions);
        List<Span> kept = new ArrayList<>(spans.size());
        int skipped = 0;
        for (Span s : spans) {
            LiveOverlap o = live.get(s.sessionId());
            if (o != null && o.covers(s)) skipped++;
            else kept.add(s);
        }
        return new Split(kept, skipped, newSessions);
    }
}
