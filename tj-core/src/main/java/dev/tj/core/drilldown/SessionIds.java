package dev.tj.core.drilldown;

import java.util.regex.Pattern;

/**
 * A session or agent id as the drill-in accepts it: untrusted input that must never name a path.
 * Only letters, digits, {@code -} and {@code _} (Claude Code and Codex ids are UUIDs, agent ids hex),
 * at most 128 chars: so {@code ../}, absolute paths, separators, glob characters, NUL and any
 * URL-encoded form ({@code %2e%2e%2f}, whose {@code %} is refused) never get near the file system.
 */
public final class SessionIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private SessionIds() {}

    public static boolean isSafe(String id) {
        return id != null && SAFE.matcher(id).matches();
    }
}
