package dev.tj.core.quota;

import dev.tj.core.config.TjConfig;
import dev.tj.core.storage.FinishedCall;
import dev.tj.core.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/quota} and {@code tj quota}: the official windows now, where they are heading,
 * and which sessions, prompts, subagents and projects moved them over a range.
 */
public final class QuotaService {
    /** The chart's points at most: a month of 5-second snapshots would be half a million. */
    static final int SERIES_POINTS = 300;

    private static final List<String> SHOWN = List.of(QuotaWindow.FIVE_HOUR, QuotaWindow.SEVEN_DAY);

    private final Storage storage;
    private final TjConfig config;

    public QuotaService(Storage storage, TjConfig config) {
        this.storage = storage;
        this.config = config;
    }

    /**
     * @param window the window to attribute ({@code five_hour} when null)
     * @param since  the range's start; null for the window's current period (its start where known)
     * @param user   whose windows; null for whoever sent the latest snapshot
     */
    public Map<String, Object> report(String window, Instant since, String user, Instant now) {
        String name = window == null || window.isBlank() ? QuotaWindow.FIVE_HOUR : window;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("as_of", now.toString());
        QuotaSnapshot latest = storage.quota().latest(user).orElse(null);
        if (latest == null) {
            m.put("user", user);
            m.put("last_snapshot_at", null);
            m.put("windows", List.of());
            m.put("spend_limit", null);
            m.put("attribution", null);
            m.put("series", List.of());
            m.put("bands", List.of());
            return m;
        }
        String who = user != null ? user : latest.user();
        List<QuotaSnapshot> recent = storage.quota().between(now.minus(Duration.ofHours(1)), now.plusSeconds(1), who);
        if (recent.isEmpty()) recent = List.of(latest);
        m.put("user", who);
        m.put("last_snapshot_at", latest.at().toString());
        List<Map<String, Object>> windows = new ArrayList<>();
        List<String> names = new ArrayList<>(SHOWN);
        for (QuotaWindow w : latest.windows()) if (!names.contains(w.name())) names.add(w.name());
        for (String n : names) {
            WindowOutlook o = WindowOutlook.of(n, recent, now);
            if (o != null) windows.add(json(o));
        }
        m.put("windows", windows);
        m.put("spend_limit", latest.spend() == null ? null : spend(latest.spend()));

        Range r = range(name, since, who, latest, now);
        Attribution a = r == null ? null : r.attribute(this::project);
        m.put("attribution", a == null ? null : json(a));
        m.put("series", r == null ? List.of() : series(r.snapshots()));
        m.put("bands", a == null ? List.of() : bands(a));
        return m;
    }

    /**
     * What attribution of a window over a range reads: the snapshots where its reading (or the
     * session or prompt) changed, and the calls from the earliest window start any of them opens.
     */
    record Range(String window, Instant from, Instant to, List<QuotaSnapshot> snapshots, List<FinishedCall> calls) {
        Attribution attribute(java.util.function.BiFunction<String, String, String> projectOf) {
            return QuotaAttribution.attribute(window, from, to, snapshots, calls, projectOf);
        }
    }

    /** The range of a window: its current period when since is null; null when it was never read. */
    private Range range(String window, Instant since, String user, QuotaSnapshot latest, Instant now) {
        QuotaWindow w = latest.window(window).orElse(null);
        Instant from = since;
        if (from == null) {
            if (w == null) return null;
            from = w.startsAt() != null && w.resetsAt().isAfter(now)
                    ? w.startsAt()
                    : now.minus(w.length() != null ? w.length() : Duration.ofHours(5));
        }
        List<QuotaSnapshot> snaps = storage.quota().changes(window, from, now.plusSeconds(1), user);
        // the first reading covers the time since its window started, which may be before the range
        Instant callsFrom = from;
        if (!snaps.isEmpty()) {
            Instant st = snaps.get(0).window(window).map(QuotaWindow::startsAt).orElse(null);
            if (st != null && st.isBefore(callsFrom)) callsFrom = st;
        }
        List<FinishedCall> calls = storage.finishedCalls().finished(callsFrom, now.plusSeconds(1));
        String family = modelFamily(window);
        if (family != null)
            calls = calls.stream()
                    .filter(c -> c.model() != null
                            && c.model().toLowerCase(java.util.Locale.ROOT).contains(family))
                    .toList();
        return new Range(window, from, now, snaps, calls);
    }

    /** The points of one session in the current period of a window, or null when unknown. */
    public Double sessionShare(String sessionId, String window, Instant now) {
        QuotaSnapshot latest = storage.quota().latest(null).orElse(null);
        if (latest == null || latest.window(window).isEmpty()) return null;
        Range r = range(window, null, latest.user(), latest, now);
        if (r == null) return null;
        Attribution a = r.attribute(this::project);
        Contribution c = a.session(sessionId);
        return c == null ? 0.0 : c.points();
    }

    /**
     * The model family a per-model window meters ({@code seven_day_opus} counts Opus calls only), or
     * null for a window every call counts toward.
     */
    static String modelFamily(String window) {
        int cut = window.lastIndexOf('_');
        String tail = cut < 0 ? "" : window.substring(cut + 1);
        return switch (tail) {
            case "opus", "sonnet", "haiku", "fable" -> tail;
            default -> null;
        };
    }

    private String project(String namespace, String agentId) {
        if (namespace != null) return namespace;
        String p = config.projectFor(agentId);
        return p != null ? p : agentId != null ? agentId : "unknown";
    }

    private static Map<String, Object> json(WindowOutlook o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", o.name());
        m.put("used_percentage", round(o.usedPercent()));
        m.put("resets_at", str(o.resetsAt()));
        m.put("starts_at", str(o.startsAt()));
        m.put("reading_at", str(o.readingAt()));
        m.put("reset_since_reading", o.resetSinceReading());
        m.put("burn_rate_per_hour", o.burnPerHour() == null ? null : round(o.burnPerHour()));
        m.put("projected_at_reset", o.projectedAtReset() == null ? null : round(o.projectedAtReset()));
        m.put("projected_exhaustion_at", str(o.exhaustedAt()));
        m.put("runs_out_before_reset", o.runsOutBeforeReset());
        return m;
    }

    private static Map<String, Object> spend(SpendLimit s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("used_usd", s.usedUsd());
        m.put("limit_usd", s.limitUsd());
        m.put("period", s.period());
        m.put("used_percentage", s.usedPercent() == null ? null : round(s.usedPercent()));
        return m;
    }

    private static Map<String, Object> json(Attribution a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window", a.window());
        m.put("from", a.from().toString());
        m.put("to", a.to().toString());
        m.put("rise_points", round(a.risePoints()));
        m.put("attributed_points", round(a.attributedPoints()));
        m.put("unattributed_points", round(a.unattributedPoints()));
        m.put("resets", a.resets());
        m.put("sessions", contributions(a.sessions(), "session_id", null));
        m.put("prompts", contributions(a.prompts(), "prompt_id", "session_id"));
        m.put("subagents", contributions(a.subagents(), "sub_agent_id", "session_id"));
        m.put("projects", contributions(a.projects(), "project", null));
        return m;
    }

    private static List<Map<String, Object>> contributions(List<Contribution> l, String key, String sessionKey) {
        List<Map<String, Object>> out = new ArrayList<>(l.size());
        for (Contribution c : l) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(key, c.key());
            if (sessionKey != null) m.put(sessionKey, c.session());
            m.put("points", round(c.points()));
            m.put("tokens", c.tokens());
            m.put("cost_usd", Math.round(c.costUsd() * 1e6) / 1e6);
            m.put("calls", c.calls());
            out.add(m);
        }
        return out;
    }

    /** The shown windows over the range, at most {@link #SERIES_POINTS}: the last reading of each slot. */
    static List<Map<String, Object>> series(List<QuotaSnapshot> snaps) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (snaps.isEmpty()) return out;
        long first = snaps.get(0).at().toEpochMilli(),
                last = snaps.get(snaps.size() - 1).at().toEpochMilli();
        long slot = Math.max(1, (last - first) / SERIES_POINTS + 1);
        for (int i = 0; i < snaps.size(); i++) {
            QuotaSnapshot s = snaps.get(i);
            boolean lastOfSlot = i == snaps.size() - 1
                    || (snaps.get(i + 1).at().toEpochMilli() - first) / slot != (s.at().toEpochMilli() - first) / slot;
            if (!lastOfSlot) continue;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("at", s.at().toString());
            for (String n : SHOWN)
                p.put(n, s.window(n).map(w -> round(w.usedPercent())).orElse(null));
            out.add(p);
        }
        return out;
    }

    /** Consecutive rises driven by the same session, merged: the page's bands. */
    static List<Map<String, Object>> bands(Attribution a) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> open = null;
        for (Attribution.Rise r : a.rises()) {
            String s = r.session();
            if (open != null && java.util.Objects.equals(open.get("session_id"), s)) {
                open.put("to", r.to().toString());
                open.put("points", round((Double) open.get("points") + r.points()));
                continue;
            }
            open = new LinkedHashMap<>();
            open.put("from", r.from().toString());
            open.put("to", r.to().toString());
            open.put("session_id", s);
            open.put("points", round(r.points()));
            out.add(open);
        }
        return out;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
