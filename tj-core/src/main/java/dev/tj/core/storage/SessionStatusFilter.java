package dev.tj.core.storage;

import dev.tj.core.session.SessionStatus;

/** Filter on the stored status, agent, machine and user; null fields match everything. */
public record SessionStatusFilter(SessionStatus status, String agentId, String machine, String user) {
    public static final SessionStatusFilter ALL = new SessionStatusFilter(null, null, null, null);

    public SessionStatusFilter(SessionStatus status, String agentId) {
        this(status, agentId, null, null);
    }

    /** Whether a session passes the machine and user parts of this filter. */
    public boolean matchesOrigin(dev.tj.core.span.ResourceIdentity r) {
        return (machine == null || machine.equals(r.machine())) && (user == null || user.equals(r.user()));
    }
}
