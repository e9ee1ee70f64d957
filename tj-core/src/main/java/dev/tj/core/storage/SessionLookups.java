package dev.tj.core.storage;

import dev.tj.core.session.Session;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the session fold asks of storage: the stored state of the sessions a batch touches. Only
 * the single writer asks, between its own commits, so the answers include everything it committed.
 */
public interface SessionLookups {
    /** The stored sessions among these ids. */
    Map<String, Session> sessions(Collection<String> sessionIds);

    /** The newest session (by start) that carries this conversation id. */
    Optional<String> sessionIdForConversation(String conversationId);

    /** Active sessions of one terminal (service.instance.id). */
    List<Session> activeSessionsOfInstance(String instanceId);

    /** A store with nothing in it (a first backfill into an empty store looks nothing up). */
    SessionLookups NONE = new SessionLookups() {
        @Override
        public Map<String, Session> sessions(Collection<String> ids) {
            return Map.of();
        }

        @Override
        public Optional<String> sessionIdForConversation(String conversationId) {
            return Optional.empty();
        }

        @Override
        public List<Session> activeSessionsOfInstance(String instanceId) {
            return List.of();
        }
    };
}
