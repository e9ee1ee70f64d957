package dev.tj.core.session;

import java.time.Duration;
import java.time.Instant;

/**
 * Effective tiers: active while the last activity is at most 5 minutes old, idle while it is
 * younger than the configured idle window, stale from then on. Completed and closed pass through.
 */
public final class Lifecycle {
    public static final Duration ACTIVE_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_IDLE_WINDOW = Duration.ofMinutes(240);

    private final Duration idleWindow;

    public Lifecycle(Duration idleWindow) {
        if (idleWindow.compareTo(ACTIVE_WINDOW) < 0) {
            throw new IllegalArgumentException(
                    "[sessions] idle_minutes must be at least 5, got " + idleWindow.toMinutes());
        }
        this.idleWindow = idleWindow;
    }

    public Duration idleWindow() {
        return idleWindow;
    }

    /** The cut-off before which an active session's last activity makes it stale. */
    public Instant staleCutoff(Instant now) {
        return now.minus(idleWindow);
    }

    public Tier tier(Session s, Instant now) {
        if (s.status() == SessionStatus.COMPLETED) return Tier.COMPLETED;
        if (s.status() == SessionStatus.CLOSED) return Tier.CLOSED;
        Duration gap = Duration.between(s.lastActivity(), now);
        if (gap.compareTo(ACTIVE_WINDOW) <= 0) return Tier.ACTIVE;
        // strict, like the storage query for live sessions (last activity > now - idle window)
        if (gap.compareTo(idleWindow) < 0) return Tier.IDLE;
        return Tier.STALE;
    }

    /**
     * The tier, rescued to active when the session's transcript file was written within the active
     * window: Claude Code writes its transcript while it works even if telemetry is delayed.
     */
    public Tier tier(Session s, Instant now, Instant transcriptModified) {
        Tier t = tier(s, now);
        if ((t == Tier.IDLE || t == Tier.STALE)
                && transcriptModified != null
                && Duration.between(transcriptModified, now).compareTo(ACTIVE_WINDOW) <= 0) {
            return Tier.ACTIVE;
        }
        return t;
    }
}
