package dev.tj.server.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Dashboard benchmark (not a test: run by bench/dashboard.sh). A real daemon seeded with 200 live
 * coding sessions (40 agents × 5, 8 projects), 50 archived ones (25 closed, 25 stale) and 5 SDK
 * services, and real headless Chromium:
 * <ul>
 *   <li>first meaningful paint: the page's {@code performance.mark('tj-status-rendered')} (set after
 *       the first render with data) relative to navigation start, cold (empty cache) and warm;</li>
 *   <li>SSE update: a new session is POSTed; a MutationObserver in the page records when its card
 *       enters the DOM (and the next animation frame); reported relative to the ingest ack;</li>
 *   <li>page weight: decoded bytes of every JS and CSS resource the page loaded.</li>
 * </ul>
 * Args: [loads] [updates]. Prints one line per figure and medians.
 */
public final class DashboardBench {
    public static void main(String[] args) throws Exception {
        int loads = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int updates = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path dir = Files.createTempDirectory("tj-dash-bench-");
        try (UiServer server = UiServer.start(dir);
                Browser browser = Browser.start()) {
            seed(server);
            browser.size(1280, 900);
            String base = server.base();
            int live = server.status().get("agents").size();
            int archived = server.status().get("archived").size();
            int statusBytes = server.get("/api/v1/status").body().length();
            System.out.printf(
                    "seeded: %d live tiles, %d archived, /api/v1/status %d bytes%n", live, archived, statusBytes);

            // ---- first meaningful paint
            List<Double> cold = new ArrayList<>(), warm = new ArrayList<>();
            long weight = 0;
            for (int i = 0; i < loads; i++) {
                boolean isCold = i % 2 == 0;
                if (isCold) browser.driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
                browser.driver.get("about:blank");
                browser.driver.get(base + "/#/status");
                browser.until(
                        Duration.ofSeconds(30),
                        d -> browser.js("return performance.getEntriesByName('tj-status-rendered').length > 0")
                                == Boolean.TRUE);
                double fmp = ((Number)
                                browser.js("return performance.getEntriesByName('tj-status-rendered')[0].startTime"))
                        .doubleValue();
                int cards = browser.all("article.card").size();
                (isCold ? cold : warm).add(fmp);
                System.out.printf(
                        "load %d (%s): tj-status-rendered at %.1f ms, %d cards%n",
                        i, isCold ? "cold" : "warm", fmp, cards);
                if (i == 0) {
                    weight = ((Number) browser.js("return performance.getEntriesByType('resource')"
                                    + ".filter(e => /\\.(m?js|css)(\\?|$)/.test(e.name))"
                                    + ".reduce((s, e) => s + e.decodedBodySize, 0)"))
                            .longValue();
                    @SuppressWarnings("unchecked")
                    List<Object> each = (List<Object>) browser.js(
                            "return performance.getEntriesByType('resource').filter(e => /\\.(m?js|css)(\\?|$)/.test(e.name))"
                                    + ".map(e => e.name.replace(location.origin, '') + ' ' + e.decodedBodySize)");
                    each.forEach(e -> System.out.println("  resource " + e));
                }
            }

            // ---- SSE update latency
            browser.driver.get(base + "/#/status");
            browser.waitFor("main[data-loaded]");
            browser.until(d -> "live".equals(browser.one(".live").getAttribute("data-mode")));
            List<Double> fromAck = new ArrayList<>(), fromPost = new ArrayList<>(), frameFromAck = new ArrayList<>();
            for (int i = 0; i < updates; i++) {
                String sid = UUID.randomUUID().toString();
                browser.js(
                        "window.__seen = null; window.__frame = null; const id = arguments[0];"
                                + "const obs = new MutationObserver(() => {"
                                + "  if (document.querySelector('[data-session-id=\"' + id + '\"]')) {"
                                + "    window.__seen = Date.now(); obs.disconnect();"
                                + "    requestAnimationFrame(() => { window.__frame = Date.now(); });"
                                + "  }});"
                                + "obs.observe(document.body, {childList: true, subtree: true});",
                        sid);
                String body = new Otlp.Cc("claude-code-bench-new", sid)
                        .namespace("bench")
                        .instance("new" + i)
                        .prompt()
                        .api(1000, 100, 0, 0, 0.01)
                        .json();
                long posted = System.currentTimeMillis();
                server.logs(body);
                long ack = System.currentTimeMillis();
                browser.until(Duration.ofSeconds(20), d -> browser.js("return window.__frame") != null);
                long seen = ((Number) browser.js("return window.__seen")).longValue();
                long frame = ((Number) browser.js("return window.__frame")).longValue();
                fromAck.add((double) (seen - ack));
                fromPost.add((double) (seen - posted));
                frameFromAck.add((double) (frame - ack));
                System.out.printf(
                        "update %d: ingest ack %d ms after post; card in DOM %+d ms after ack, painted frame %+d ms after ack%n",
                        i, ack - posted, seen - ack, frame - ack);
                server.close(sid); // keep the page at ~200 live sessions
                Thread.sleep(400); // let the close's own event pass so each update starts from quiet
            }

            System.out.println();
            System.out.printf(
                    "MEDIAN first meaningful paint (tj-status-rendered): cold %.0f ms, warm %.0f ms (n=%d/%d)%n",
                    median(cold), median(warm), cold.size(), warm.size());
            System.out.printf(
                    "MEDIAN SSE update: card in DOM %.0f ms after ingest ack (%.0f ms after POST start), next frame %.0f ms after ack (n=%d)%n",
                    median(fromAck), median(fromPost), median(frameFromAck), fromAck.size());
            System.out.printf("PAGE WEIGHT (JS+CSS, uncompressed): %d bytes (%.1f KB)%n", weight, weight / 1024.0);
        }
    }

    static void seed(UiServer server) {
        Instant now = Instant.now();
        for (int a = 0; a < 40; a++) {
            for (int s = 0; s < 5; s++) {
                server.logs(
                        new Otlp.Cc("claude-code-repo" + a, UUID.randomUUID().toString())
                                .namespace("project-" + (a % 8))
                                .instance("ttys" + (a * 5 + s))
                                .at(now.minusSeconds(30L + a * 7L + s * 40L))
                                .prompt()
                                .api(10_000L * (s + 1), 2_000L * (a + 1), 150_000, 9_000, 0.05 * (s + 1))
                                .tool("Bash", true)
                                .tool("Edit", s != 3)
                                .json());
            }
        }
        for (int i = 0; i < 25; i++) {
            server.logs(new Otlp.Cc("claude-code-repo" + i, UUID.randomUUID().toString())
                    .namespace("project-" + (i % 8))
                    .at(now.minus(Duration.ofHours(5 + i)))
                    .prompt()
                    .api(5_000, 500, 0, 0, 0.02)
                    .json());
            String closed = UUID.randomUUID().toString();
            server.logs(new Otlp.Cc("claude-code-repo" + i, closed)
                    .namespace("project-" + (i % 8))
                    .at(now.minus(Duration.ofMinutes(30 + i)))
                    .prompt()
                    .api(7_000, 700, 0, 0, 0.03)
                    .json());
            server.close(closed);
        }
        for (int i = 0; i < 5; i++) {
            List<Map<String, Object>> spans = new ArrayList<>();
            for (int m = 0; m < 24; m++) spans.add(Otlp.llmSpan(now.minus(Duration.ofMinutes(m)), m % 7 == 0, 0.003));
            server.traces(Otlp.traces("sdk-service-" + i, spans));
        }
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
