package dev.tj.core.quota;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one statusline refresh told us: the official windows at that moment, and which session and
 * prompt were on screen. Taken at the daemon's clock when it arrives.
 *
 * @param sessionCostUsd     Claude Code's own {@code cost.total_cost_usd} for the session, or null
 * @param contextUsedPercent {@code context_window.used_percentage}, or null
 * @param windows            the windows sent (empty for API-key users)
 * @param spend              a gateway's spend limit, or null
 * @param machine            the machine the statusline ran on
 * @param user               the account the windows belong to (the machine's user)
 */
public record QuotaSnapshot(
        Instant at,
        String sessionId,
        String promptId,
        String model,
        Double sessionCostUsd,
        Double contextUsedPercent,
        List<QuotaWindow> windows,
        SpendLimit spend,
        String machine,
        String user) {

    public QuotaSnapshot {
        Objects.requireNonNull(at, "at");
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    public Optional<QuotaWindow> window(String name) {
        for (QuotaWindow w : windows) if (w.name().equals(name)) return Optional.of(w);
        return Optional.empty();
    }

    /** Whether there is anything about quota in it (an API-key user's refresh has none). */
    public boolean hasQuota() {
        return !windows.isEmpty() || spend != null;
    }
}
