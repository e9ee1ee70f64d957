package dev.tj.core.quota;

/**
 * What one session, prompt, subagent or project took of a window.
 *
 * @param key     the session id, prompt id, subagent id or project name
 * @param session the session it belongs to (for a prompt or subagent), else null
 * @param points  percentage points of the window attributed to it (the window's own unit: 7.5 means
 *                7.5 % of the 5-hour limit)
 * @param tokens  tokens of its calls in the intervals where the window rose
 * @param costUsd implied API value of those calls
 */
public record Contribution(String key, String session, double points, long tokens, double costUsd, int calls) {}
