package dev.tj.core.storage;

import dev.tj.core.session.SessionStatus;

/** Filter on the stored status and agent; null fields match everything. */
public record SessionStatusFilter(SessionStatus status, String agentId) {
    public static final SessionStatusFilter ALL = new SessionStatusFilter(null, null);
}
