package dev.tj.core.drilldown;

/**
 * A session another session launched in its own terminal ({@code parent_session_id}), as the
 * Approach rail shows it: {@code hasTranscript} says whether its own story is on disk.
 */
public record ChildSession(
        String sessionId, String name, String status, Double costUsd, Long tokens, boolean hasTranscript) {}
