package dev.tj.core.agent;

/**
 * What Claude Code's hook events say about whether a session waits for its user (the payloads
 * it pipes to a hook command: {@code hook_event_name}, {@code session_id}, and per event
 * {@code notification_type}, {@code prompt_id}, {@code reason}, …).
 */
public final class ClaudeCodeHooks {
    private ClaudeCodeHooks() {}

    /** What an event does to the session's attention state. */
    public enum Effect {
        /** The turn ended: the agent waits for the next prompt. */
        WAITS_FOR_INPUT,
        /** A permission prompt is on screen. */
        WAITS_FOR_PERMISSION,
        /** The user or the agent is at work again: nothing to wait for. */
        WORKING,
        /** The session ended (like {@code tj session-end}). */
        ENDED,
        /** Nothing to change (a subagent stopped, an unknown event or notification). */
        NONE
    }

    public static Effect effect(String event, String notificationType) {
        if (event == null) return Effect.NONE;
        return switch (event) {
            case "Stop" -> Effect.WAITS_FOR_INPUT;
            case "Notification" ->
                switch (notificationType == null ? "" : notificationType) {
                    case "permission_prompt" -> Effect.WAITS_FOR_PERMISSION;
                    case "idle_prompt" -> Effect.WAITS_FOR_INPUT;
                    default -> Effect.NONE;
                };
            case "UserPromptSubmit", "SessionStart", "PreToolUse", "PostToolUse" -> Effect.WORKING;
            case "SessionEnd" -> Effect.ENDED;
            default -> Effect.NONE; // SubagentStop: the main agent goes on
        };
    }
}
