package dev.tj.core.attention;

import java.time.Instant;

/**
 * A session that waits for its user.
 *
 * @param state   {@link #NEEDS_INPUT} or {@link #NEEDS_PERMISSION}
 * @param since   when it started waiting (when tj heard the hook)
 * @param message what the agent showed, when the hook said (a notification's text), else null
 */
public record Attention(String state, Instant since, String message) {
    public static final String NEEDS_INPUT = "needs_input", NEEDS_PERMISSION = "needs_permission";
}
