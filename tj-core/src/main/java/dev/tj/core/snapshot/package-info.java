/**
 * Method snapshots: what a session's story and asks looked like, saved when the session closes, goes
 * stale or is backfilled, so that the drill-in still answers after the transcript is pruned. What a
 * snapshot holds is made by a pluggable {@link dev.tj.core.snapshot.SnapshotProducer}.
 */
package dev.tj.core.snapshot;
