package dev.tj.core.storage;

import dev.tj.core.session.Session;
import java.util.List;

/**
 * Runs: sessions grouped by the {@code tokenjam.run_id} they were started with. Any thread, at any
 * time; committed data only.
 */
public interface RunReads {
    /** Runs with at least one session, latest activity first (then run id), at most {@code limit}. */
    List<RunTotals> runs(int limit);

    /** The sessions of one run, latest activity first (then session id); empty for an unknown run. */
    List<Session> members(String runId);
}
