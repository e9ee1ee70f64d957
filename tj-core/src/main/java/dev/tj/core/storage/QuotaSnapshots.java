package dev.tj.core.storage;

import dev.tj.core.quota.QuotaSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The series of statusline snapshots. Small writes apart from the span writer: any thread may call
 * any method; a snapshot is durable and visible to readers when {@link #add} returns.
 */
public interface QuotaSnapshots {
    /** A store that keeps no snapshots: every call throws (see {@link Storage#quota()}). */
    QuotaSnapshots NONE = new QuotaSnapshots() {
        private UnsupportedOperationException none() {
            return new UnsupportedOperationException("this storage backend keeps no quota snapshots yet");
        }

        @Override
        public boolean add(QuotaSnapshot s) {
            throw none();
        }

        @Override
        public List<QuotaSnapshot> between(Instant from, Instant to, String user) {
            throw none();
        }

        @Override
        public List<QuotaSnapshot> changes(String window, Instant from, Instant to, String user) {
            throw none();
        }

        @Override
        public Optional<QuotaSnapshot> latest(String user) {
            throw none();
        }
    };

    /**
     * Keeps a snapshot that carries quota ({@link QuotaSnapshot#hasQuota()}). One taken before the
     * latest kept for the same user (a clock that went back) is refused: the series only moves forward.
     *
     * @return whether it was kept
     */
    boolean add(QuotaSnapshot s);

    /** Snapshots with {@code from <= at < to}, oldest first; {@code user} null means every user. */
    List<QuotaSnapshot> between(Instant from, Instant to, String user);

    /**
     * The snapshots of {@link #between} that attribution needs for one window, in the same order: the
     * first and the last; each whose reading of {@code window} (percentage and reset) or whose session
     * or prompt differs from the snapshot before; and each after which that reading changes. A month
     * of 5-second snapshots is mostly repeats of the same reading, which this leaves out without
     * changing any rise, any interval around one, or which prompt a session showed when.
     */
    List<QuotaSnapshot> changes(String window, Instant from, Instant to, String user);

    /** The newest snapshot (of this user, or of anyone when null). */
    Optional<QuotaSnapshot> latest(String user);
}
