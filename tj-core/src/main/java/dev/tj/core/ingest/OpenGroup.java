package dev.tj.core.ingest;

import dev.tj.core.ingest.WriterJob.Applied;
import dev.tj.core.ingest.WriterJob.Journaled;
import dev.tj.core.session.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record batches in the apply stage's open group transaction: written to storage but neither
 * visible nor durable there until committed. Only what completing them needs is kept (frame ids, the
 * journal range, the sessions they changed); the records themselves are in storage's transaction and
 * in the journal. Used by the writer thread alone.
 */
final class OpenGroup {
    /** What a group held when it was closed: committed, given up, or lost and to be applied again. */
    record Closed(long firstSeq, long lastSeq, int jobs, List<Applied> applied, List<Session> sessions) {}

    private final List<Applied> applied = new ArrayList<>();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private long firstSeq, lastSeq, openedAt;
    private int jobs, records, spans;

    boolean open() {
        return jobs > 0;
    }

    long age() {
        return System.nanoTime() - openedAt;
    }

    int spans() {
        return spans;
    }

    int records() {
        return records;
    }

    /** Record batches (journaled frames only) just written into the group, and the sessions they changed. */
    void add(List<WriterJob> batch, List<Session> changed, int newSpans) {
        if (jobs == 0) {
            openedAt = System.nanoTime();
            firstSeq = Long.MAX_VALUE;
        }
        for (WriterJob j : batch) {
            Journaled w = (Journaled) j;
            applied.add(Applied.of(w));
            firstSeq = Math.min(firstSeq, w.seq());
            lastSeq = Math.max(lastSeq, w.seq());
        }
        for (Session s : changed) sessions.put(s.sessionId(), s); // the last fold of a session wins
        jobs += batch.size();
        records += WriterJob.records(batch);
        spans += newSpans;
    }

    /** Empties the group and says what it held. */
    Closed close() {
        Closed c = new Closed(firstSeq, lastSeq, jobs, List.copyOf(applied), List.copyOf(sessions.values()));
        applied.clear();
        sessions.clear();
        jobs = records = spans = 0;
        firstSeq = lastSeq = 0;
        return c;
    }
}
