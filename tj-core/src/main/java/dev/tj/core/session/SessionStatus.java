package dev.tj.core.session;

/** The stored state of a session. Idle and stale are derived from time; see {@link Lifecycle}. */
public enum SessionStatus {
    ACTIVE,
    COMPLETED,
    CLOSED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static SessionStatus fromWire(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
