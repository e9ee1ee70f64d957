package dev.tj.server.ui;

import dev.tj.core.config.TjConfig;
import dev.tj.core.history.BackfillService;
import dev.tj.core.history.Progress;
import dev.tj.core.history.StorageSink;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.session.PlanTier;
import dev.tj.core.session.SessionAccumulator;
import dev.tj.core.storage.Storage;
import dev.tj.storage.duckdb.DuckDbStorage;
import dev.tj.testkit.DrilldownCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Session page benchmark (not a test: run by bench/session-page.sh). One generated session of about
 * SIZE MiB with SUBAGENTS subagents ({@link DrilldownCorpus#writeLarge}), backfilled into a real
 * DuckDB file, a real daemon and real headless Chromium. Interactive time is the page's
 * {@code performance.mark('tj-session-timeline')} (set after the Timeline's first render with data)
 * relative to navigation start; loads alternate cold (browser cache cleared) and warm, and the first
 * load is also the daemon's first read of the transcript.
 * Args: [loads=3] [sizeMiB=50] [subagents=40]. Prints one line per load and the medians.
 */
public final class SessionPageBench {
    public static void main(String[] args) throws Exception {
        int loads = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 50;
        int subagents = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Path dir = Files.createTempDirectory("tj-session-bench-");
        Path projects = dir.resolve("projects");
        String id = DrilldownCorpus.writeLarge(projects, mib << 20, subagents, 1);
        long bytes;
        try (var s = Files.walk(projects)) {
            bytes = s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
        Path srv = dir.resolve("srv");
        Files.createDirectories(srv);
        try (Storage storage = DuckDbStorage.open(srv.resolve("db"))) {
            new BackfillService(
                            new StorageSink(storage, new SessionAccumulator(a -> PlanTier.UNKNOWN, a -> null)),
                            Pricing.packaged(),
                            Clock.systemUTC())
                    .claudeCode(new BackfillService.Options(List.of(projects), null, false, 1), new Progress());
        }
        try (UiServer server = UiServer.start(
                        srv,
                        c -> c.withSessions(
                                new TjConfig.Sessions(Duration.ofMinutes(240), projects, dir.resolve("codex"))));
                Browser browser = Browser.start()) {
            browser.size(1280, 900);
            System.out.printf("session %s: %.1f MiB of transcript, %d subagents%n", id, bytes / 1048576.0, subagents);
            List<Double> cold = new ArrayList<>(), warm = new ArrayList<>();
            for (int i = 0; i < loads; i++) {
                boolean isCold = i % 2 == 0;
                if (isCold) browser.driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
                browser.driver.get("about:blank");
                browser.driver.get(server.base() + "/#/sessions/" + id);
                browser.until(
                        Duration.ofSeconds(60),
                        d -> browser.js("return performance.getEntriesByName('tj-session-timeline').length > 0")
                                == Boolean.TRUE);
                double t = ((Number)
                                browser.js("return performance.getEntriesByName('tj-session-timeline')[0].startTime"))
                        .doubleValue();
                int rows = browser.all(".timeline > ol.steps > li.step").size();
                (isCold ? cold : warm).add(t);
                System.out.printf(
                        "load %d (%s%s): timeline rendered at %.1f ms, %d step rows%n",
                        i, isCold ? "cold" : "warm", i == 0 ? ", daemon's first read" : "", t, rows);
            }
            System.out.printf(
                    "MEDIAN session page interactive (tj-session-timeline): cold %.0f ms (n=%d), warm %s (n=%d)%n",
                    median(cold),
                    cold.size(),
                    warm.isEmpty() ? "—" : String.format("%.0f ms", median(warm)),
                    warm.size());
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
