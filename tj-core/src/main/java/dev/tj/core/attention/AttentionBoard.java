package dev.tj.core.attention;

import dev.tj.core.agent.ClaudeCodeHooks.Effect;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Which sessions wait for their user, from the agents' hooks. In memory: a wait is about now, and
 * the next hook of a restarted daemon's sessions sets it again. A wait ends with the next prompt,
 * with the session's next activity (a stored call or tool result later than the wait began), or
 * when the session ends.
 */
public final class AttentionBoard {
    /** Activity this close after the wait began is the turn that ended, not new work. */
    static final Duration SAME_TURN = Duration.ofSeconds(2);
    /** At most this many waiting sessions are held (hooks are authenticated, but never unbounded). */
    static final int MAX_WAITING = 10_000;

    private final Map<String, Attention> waiting = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** Called with the session id after every change. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Applies a hook's effect; true when the session's state changed. */
    public boolean apply(String sessionId, Effect effect, Instant now, String message) {
        boolean changed = switch (effect) {
            case WAITS_FOR_INPUT -> put(sessionId, new Attention(Attention.NEEDS_INPUT, now, message));
            case WAITS_FOR_PERMISSION -> put(sessionId, new Attention(Attention.NEEDS_PERMISSION, now, message));
            case WORKING, ENDED -> waiting.remove(sessionId) != null;
            case NONE -> false;
        };
        if (changed) for (Consumer<String> l : listeners) l.accept(sessionId);
        return changed;
    }

    /** The session's wait, unless it has been active since (its last stored activity is later). */
    public Optional<Attention> of(String sessionId, Instant lastActivity) {
        Attention a = waiting.get(sessionId);
        if (a == null) return Optional.empty();
        if (lastActivity != null && lastActivity.isAfter(a.since().plus(SAME_TURN))) {
            waiting.remove(sessionId, a);
            return Optional.empty();
        }
        return Optional.of(a);
    }

    public int size() {
        return waiting.size();
    }

    private boolean put(String sessionId, Attention a) {
        if (waiting.size() >= MAX_WAITING && !waiting.containsKey(sessionId)) {
            // the longest wait goes: a session that has not reported for that long is likely gone
            waiting.entrySet().stream()
                    .min(Map.Entry.comparingByValue((x, y) -> x.since().compareTo(y.since())))
                    .ifPresent(e -> waiting.remove(e.getKey(), e.getValue()));
        }
        Attention before = waiting.get(sessionId);
        if (before != null && before.state().equals(a.state())) return false; // still waiting since then
        waiting.put(sessionId, a);
        return true;
    }
}
