package dev.tj.core.session;

/** What a person should read about a session right now. */
public enum Tier {
    ACTIVE,
    IDLE,
    STALE,
    COMPLETED,
    CLOSED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
