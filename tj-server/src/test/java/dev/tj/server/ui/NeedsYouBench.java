package dev.tj.server.ui;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * "Needs you" latency benchmark (not a test: run by bench/needs-you.sh). A real daemon with six live
 * Claude Code terminals, the Status page open in real headless Chromium, and the hook command the
 * README installs (sh -c + curl, the hook JSON on stdin) fired the way Claude Code fires it. Each
 * round: Stop on one terminal, timed from just before the hook process starts until a
 * MutationObserver in the page sees that card turn waiting (both on the wall clock of this
 * machine); then UserPromptSubmit clears it. Args: [rounds=30]. Prints each round and the median,
 * p95 and max.
 */
public final class NeedsYouBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Path dir = Files.createTempDirectory("tj-needs-you-bench-");
        try (UiServer server = UiServer.start(dir);
                Browser browser = Browser.start()) {
            browser.size(1280, 900);
            List<String> sessions = new ArrayList<>();
            Instant t = Instant.now().minusSeconds(60);
            for (int i = 0; i < 6; i++) {
                String sid = "b0000000-0000-4000-8000-00000000000" + i;
                sessions.add(sid);
                server.logs(new Otlp.Cc("claude-code", sid)
                        .namespace("acme")
                        .instance("ttys" + i)
                        .at(t.plusSeconds(i))
                        .prompt()
                        .api(10, 10, 0, 0, 0.01)
                        .json());
            }
            browser.open(server.base());
            for (String sid : sessions) browser.waitFor("article.card[data-session-id='" + sid + "']");
            browser.until(d -> "live".equals(browser.one(".live").getAttribute("data-mode")));
            String hook = "curl -s -m 2 -o /dev/null -H 'Authorization: Bearer " + UiServer.SECRET
                    + "' -H 'Content-Type: application/json' --data-binary @- " + server.base()
                    + "/api/v1/hooks || true";
            List<Double> ms = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                String sid = sessions.get(r % sessions.size());
                String card = "article.card[data-session-id='" + sid + "']";
                browser.js(
                        "window.__seen = 0;"
                                + "const sel = arguments[0];"
                                + "const mark = () => { if (!window.__seen && document.querySelector(sel)) window.__seen = Date.now(); };"
                                + "window.__obs && window.__obs.disconnect();"
                                + "window.__obs = new MutationObserver(mark);"
                                + "window.__obs.observe(document.body, {subtree: true, childList: true, attributes: true});",
                        card + ".card-waiting[data-attention='needs_input']");
                long t0 = System.currentTimeMillis();
                fire(hook, sid, "Stop");
                browser.until(
                        Duration.ofSeconds(30), d -> ((Number) browser.js("return window.__seen")).longValue() > 0);
                long seen = ((Number) browser.js("return window.__seen")).longValue();
                double latency = seen - t0;
                ms.add(latency);
                System.out.printf("round %d: %s waiting shown after %.0f ms%n", r, sid.substring(30), latency);
                fire(hook, sid, "UserPromptSubmit");
                browser.waitGone(card + ".card-waiting");
            }
            ms.sort(Double::compare);
            System.out.printf(
                    "NEEDS-YOU hook fired -> card waiting on the open dashboard, %d rounds: median %.0f ms, p95 %.0f ms, max %.0f ms (target <= 1000 ms)%n",
                    ms.size(),
                    SessionPageBench.median(ms),
                    ms.get(Math.max(0, (int) Math.ceil(ms.size() * 0.95) - 1)),
                    ms.get(ms.size() - 1));
        }
    }

    /** One hook as Claude Code runs a command hook: sh -c, the JSON on stdin. */
    static void fire(String hook, String sessionId, String event) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", hook).start();
        try (var in = p.getOutputStream()) {
            in.write(("{\"session_id\":\"" + sessionId + "\",\"transcript_path\":\"/tmp/x.jsonl\",\"cwd\":\"/tmp\","
                            + "\"hook_event_name\":\"" + event + "\",\"stop_hook_active\":false}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        p.waitFor();
    }
}
