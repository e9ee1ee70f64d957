package dev.tj.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.session.PlanTier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The Status page in real headless Chromium against a real daemon: data goes in as real OTLP posts,
 * assertions read the DOM. Every wait is on a DOM condition, never on time.
 */
class StatusPageTest {
    static final String XSS = "<img src=x onerror=alert(1)>";

    static Browser browser;

    @TempDir
    Path dir;

    UiServer server;
    String testName;

    @BeforeAll
    static void chromium() {
        browser = Browser.start();
    }

    @AfterAll
    static void quit() {
        if (browser != null) browser.close();
    }

    @BeforeEach
    void name(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        browser.size(1280, 900);
    }

    @AfterEach
    void stop() {
        try {
            browser.screenshot("StatusPageTest-" + testName);
            // leave the page before its server goes, or its event stream's reconnects to the closed
            // port show up as console errors in the next test (seen on a loaded machine)
            browser.driver.get("about:blank");
            browser.severeConsole();
        } finally {
            if (server != null) server.close();
        }
    }

    static String sid() {
        return UUID.randomUUID().toString();
    }

    static String card(String sessionId) {
        return "article.card[data-session-id='" + sessionId + "']";
    }

    String text(String css) {
        return browser.one(css).getText();
    }

    @Test
    void postedClaudeCodeLogsBecomeCardsGroupedByProjectWithTheirNumbers() {
        server = UiServer.start(dir);
        browser.open(server.base());
        String a = sid(), b = sid(), c = sid();
        Instant t = Instant.now().minusSeconds(60);
        server.logs(new Otlp.Cc("claude-code-webapp", a)
                .namespace("acme")
                .instance("ttys001")
                .at(t)
                .prompt()
                .api(1_234_567, 4_428, 324_856, 9_064, 0.198101)
                .tool("Bash", true)
                .tool("Edit", false)
                .json());
        server.logs(new Otlp.Cc("claude-code-webapp", b)
                .namespace("acme")
                .instance("ttys002")
                .at(t)
                .prompt()
                .api(138, 7_674, 593_434, 29_569, 0.404438)
                .tool("Read", true)
                .json());
        server.logs(new Otlp.Cc("claude-code", c)
                .at(t)
                .prompt()
                .api(78, 512, 0, 0, 0.01)
                .json());

        // live: the page was open before anything was posted
        browser.waitFor(card(a));
        browser.waitFor(card(b));
        browser.waitFor(card(c));

        WebElement acme = browser.one("section.group[data-namespace='acme']");
        assertThat(acme.findElement(By.cssSelector(".group-head h3")).getText()).isEqualTo("acme");
        assertThat(acme.findElement(By.cssSelector(".group-count")).getText()).isEqualTo("2 sessions");
        assertThat(acme.findElements(By.cssSelector("article.card"))).hasSize(2);
        WebElement ungrouped = browser.one("section.group[data-namespace='Ungrouped']");
        assertThat(ungrouped.findElement(By.cssSelector(".group-count")).getText())
                .isEqualTo("1 session");
        assertThat(ungrouped.findElement(By.cssSelector(card(c)))).isNotNull();
        // projects first, Ungrouped last
        List<WebElement> groups = browser.all("section.group");
        assertThat(groups.get(groups.size() - 1).getAttribute("data-namespace")).isEqualTo("Ungrouped");

        // card A: terminal id as the default label, agent underneath, numbers for people + exact tooltips
        String ca = card(a);
        assertThat(text(ca + " .card-name")).isEqualTo("ttys001");
        assertThat(text(ca + " .sid")).isEqualTo(a.substring(0, 8));
        assertThat(text(ca + " .agent")).isEqualTo("claude-code-webapp");
        assertThat(text(ca + " .status-text")).isEqualTo("active");
        assertThat(text(ca + " [data-metric=input] .metric-v")).isEqualTo("1.2M");
        assertThat(browser.one(ca + " [data-metric=input]").getAttribute("title"))
                .isEqualTo("1,234,567 input tokens");
        assertThat(text(ca + " [data-metric=output] .metric-v")).isEqualTo("4.4k");
        assertThat(text(ca + " [data-metric=cache-read] .metric-v")).isEqualTo("325k");
        assertThat(text(ca + " [data-metric=cache-write] .metric-v")).isEqualTo("9.1k");
        assertThat(browser.one(ca + " [data-metric=cache-write]").getAttribute("title"))
                .isEqualTo("9,064 cache write tokens");
        assertThat(text(ca + " [data-metric=tools] .metric-v")).isEqualTo("2");
        assertThat(text(ca + " [data-metric=errors] .metric-v")).isEqualTo("1");
        assertThat(browser.one(ca + " [data-metric=errors]").getAttribute("class"))
                .contains("metric-bad");
        assertThat(text(ca + " .seen")).startsWith("seen ");
        assertThat(text(ca + " .dur")).matches("wall (\\d+s|\\d+m \\d\\ds)");

        // card C: no label, no terminal: the agent id is the name
        assertThat(text(card(c) + " .card-name")).isEqualTo("claude-code");
        assertThat(text(card(c) + " [data-metric=input] .metric-v")).isEqualTo("78");
        assertThat(text(card(c) + " [data-metric=errors] .metric-v")).isEqualTo("0");

        // money: the figure the API reports, framed (no plan declared: "plan unknown")
        JsonNode tile = tile(server.status(), a);
        String money = text(ca + " .money-v");
        assertThat(money).startsWith("$");
        assertThat(Double.parseDouble(money.substring(1)))
                .isCloseTo(tile.get("total_cost_usd").asDouble(), org.assertj.core.data.Offset.offset(0.005));
        assertThat(browser.one(ca + " .money").getAttribute("title")).contains("$");
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    void costIsFramedPerPlan() {
        server = UiServer.start(dir, cfg -> UiServer.withPlans(cfg, Map.of("anthropic", PlanTier.MAX_5X)));
        String s = sid();
        server.logs(new Otlp.Cc("claude-code", s)
                .instance("sub-term")
                .prompt()
                .api(1000, 200, 0, 0, 0.5)
                .json());
        browser.open(server.base());
        browser.waitFor(card(s));
        assertThat(text(card(s) + " .money-note")).isEqualTo("implied API value");
        assertThat(browser.one(card(s) + " .money").getAttribute("title")).contains("API list prices");
        assertThat(text("section.group .group-head .money-note")).isEqualTo("implied API value");
        browser.screenshot("StatusPageTest-costIsFramedPerPlan-subscription");
        server.close();

        server = UiServer.start(dir.resolve("api"), cfg -> UiServer.withPlans(cfg, Map.of("anthropic", PlanTier.API)));
        String s2 = sid();
        server.logs(new Otlp.Cc("claude-code", s2)
                .prompt()
                .api(1000, 200, 0, 0, 0.5)
                .json());
        browser.open(server.base());
        browser.waitFor(card(s2));
        assertThat(browser.all(card(s2) + " .money-note")).isEmpty();
        assertThat(text(card(s2) + " .money-v")).startsWith("$");
        assertThat(browser.one(card(s2) + " .money").getAttribute("title")).contains("API spend");
    }

    @Test
    void idleAndStaleTiersRenderAndTheArchiveStartsCollapsed() {
        server = UiServer.start(dir, cfg -> UiServer.withIdle(cfg, Duration.ofMinutes(60)));
        String active = sid(), idle = sid(), stale = sid();
        Instant now = Instant.now();
        server.logs(new Otlp.Cc("claude-code", active)
                .instance("t-active")
                .at(now.minusSeconds(30))
                .prompt()
                .api(10, 10, 0, 0, 0.01)
                .json());
        server.logs(new Otlp.Cc("claude-code", idle)
                .instance("t-idle")
                .at(now.minus(Duration.ofMinutes(20)).minusSeconds(30))
                .prompt()
                .api(10, 10, 0, 0, 0.01)
                .json());
        server.logs(new Otlp.Cc("claude-code", stale)
                .instance("t-stale")
                .at(now.minus(Duration.ofHours(3)).minus(Duration.ofMinutes(5)))
                .prompt()
                .api(10, 10, 0, 0, 0.01)
                .json());
        browser.open(server.base());

        browser.waitFor(card(active));
        assertThat(text(card(active) + " .status-text")).isEqualTo("active");
        assertThat(browser.one(card(active) + " .status").getAttribute("class")).contains("status-active");
        assertThat(text(card(idle) + " .status-text")).isEqualTo("idle");
        assertThat(browser.one(card(idle) + " .status").getAttribute("class")).contains("status-idle");
        assertThat(text(card(idle) + " .seen")).isEqualTo("seen 20m ago");
        assertThat(browser.all(card(stale))).isEmpty();
        assertThat(text(".zone.coding .zone-count")).isEqualTo("1 active · 1 idle");

        WebElement archive = browser.one("details.archive");
        assertThat(archive.getAttribute("open")).isNull();
        assertThat(text("details.archive .zone-count")).isEqualTo("1 closed or stale session");
        String row = "details.archive a.arow[data-session-id='" + stale + "']";
        assertThat(browser.one(row).isDisplayed()).isFalse();
        browser.one("details.archive summary").click();
        browser.until(d -> browser.one(row).isDisplayed());
        assertThat(text(row + " .status-text")).isEqualTo("stale");
        assertThat(text(row + " .aname")).isEqualTo("t-stale");
        assertThat(text(row + " .aseen")).isEqualTo("3h ago");
    }

    @Test
    void closingASessionMovesItsCardToTheArchiveLiveWithoutAReload() {
        server = UiServer.start(dir);
        String keep = sid(), gone = sid();
        server.logs(new Otlp.Cc("claude-code", keep)
                .instance("ttys1")
                .prompt()
                .api(10, 10, 0, 0, 0.01)
                .json());
        server.logs(new Otlp.Cc("claude-code", gone)
                .instance("ttys2")
                .prompt()
                .api(20, 20, 0, 0, 0.02)
                .json());
        browser.open(server.base());
        browser.waitFor(card(gone));
        browser.until(d -> "live".equals(browser.one(".live").getAttribute("data-mode"))); // SSE, not polling
        assertThat(browser.all("details.archive")).isEmpty();
        browser.js("window.__samePage = 'yes'");

        server.close(gone);

        browser.waitGone(card(gone));
        browser.waitFor("details.archive a.arow[data-session-id='" + gone + "']");
        assertThat(browser.js("return window.__samePage")).isEqualTo("yes");
        assertThat(browser.all(card(keep))).hasSize(1);
        browser.one("details.archive summary").click();
        assertThat(text("details.archive a.arow[data-session-id='" + gone + "'] .status-text"))
                .isEqualTo("closed");
    }

    @Test
    void aTerminalWaitingForItsUserIsHighlightedFirstAndClearsLive() {
        server = UiServer.start(dir);
        String busy = sid(), waits = sid();
        Instant t = Instant.now().minusSeconds(90);
        server.logs(new Otlp.Cc("claude-code", busy)
                .namespace("acme")
                .instance("ttys1")
                .at(t.plusSeconds(30))
                .prompt()
                .api(10, 10, 0, 0, 0.01)
                .json());
        server.logs(new Otlp.Cc("claude-code", waits)
                .namespace("acme")
                .instance("ttys2")
                .at(t)
                .prompt()
                .api(20, 20, 0, 0, 0.02)
                .json());
        browser.open(server.base());
        browser.waitFor(card(waits));
        browser.until(d -> "live".equals(browser.one(".live").getAttribute("data-mode")));
        browser.js("window.__samePage = 'yes'");

        hook(
                "Notification",
                waits,
                ",\"notification_type\":\"permission_prompt\","
                        + "\"message\":\"Claude needs your permission to use <b>Bash</b>\"");

        browser.waitFor(card(waits) + ".card-waiting[data-attention='needs_permission']");
        assertThat(text(card(waits) + " .badge-wait")).startsWith("⏸ needs permission · ");
        assertThat(browser.one(card(waits) + " .badge-wait").getAttribute("title"))
                .contains("Claude needs your permission to use <b>Bash</b>"); // text, never markup
        assertThat(browser.all(card(waits) + " b")).isEmpty();
        assertThat(text(".zone-waiting")).isEqualTo("⏸ 1 waiting for you");
        List<String> order = browser.all("section.group[data-namespace='acme'] article.card").stream()
                .map(e -> e.getAttribute("data-session-id"))
                .toList();
        assertThat(order).containsExactly(waits, busy); // the waiting one first
        browser.screenshot("status-waiting");

        hook("UserPromptSubmit", waits, "");
        browser.waitGone(card(waits) + ".card-waiting");
        assertThat(browser.all(".zone-waiting")).isEmpty();
        assertThat(browser.js("return window.__samePage")).isEqualTo("yes");
    }

    private void hook(String event, String session, String extra) {
        var r = server.post(
                "/api/v1/hooks",
                "{\"hook_event_name\":\"" + event + "\",\"session_id\":\"" + session + "\"" + extra + "}",
                "Authorization",
                "Bearer " + UiServer.SECRET);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    @Test
    void renameInlineByRightClickOrPencilPersistsAcrossReloadAndRestart() {
        server = UiServer.start(dir.resolve("srv"));
        String s = sid();
        server.logs(new Otlp.Cc("claude-code-api", s)
                .namespace("acme")
                .instance("ttys009")
                .prompt()
                .api(10, 10, 0, 0, 0.01)
                .json());
        browser.open(server.base());
        browser.waitFor(card(s));
        // runs after the card's own handler (bubbling): tells whether the browser menu was suppressed
        browser.js(
                "window.__ctx = []; document.addEventListener('contextmenu', e => window.__ctx.push(e.defaultPrevented))");

        // right-click on the metrics area, not the title: anywhere on the card works
        new Actions(browser.driver)
                .contextClick(browser.one(card(s) + " [data-metric=tools]"))
                .perform();
        WebElement input = browser.waitFor(card(s) + " input.rename-input");
        assertThat(browser.js("return window.__ctx")).isEqualTo(List.of(true));
        assertThat(browser.driver.switchTo().activeElement()).isEqualTo(input);
        assertThat(input.getAttribute("value")).isEqualTo("ttys009");
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "payments refactor", Keys.ENTER);
        browser.until(d -> "payments refactor".equals(text(card(s) + " .card-name")));
        assertThat(browser.all(card(s) + " input.rename-input")).isEmpty();

        // survives a reload
        browser.driver.navigate().refresh();
        browser.waitFor("main[data-loaded]");
        browser.until(d -> "payments refactor".equals(text(card(s) + " .card-name")));

        // the pencil opens the editor too; Esc cancels
        browser.one(card(s) + " .rename-btn").click();
        WebElement again = browser.waitFor(card(s) + " input.rename-input");
        again.sendKeys(Keys.chord(Keys.CONTROL, "a"), "not this", Keys.ESCAPE);
        browser.waitGone(card(s) + " input.rename-input");
        assertThat(text(card(s) + " .card-name")).isEqualTo("payments refactor");

        // survives a server restart (same database)
        server.close();
        server = UiServer.start(dir.resolve("srv"));
        browser.open(server.base());
        browser.until(d -> "payments refactor".equals(text(card(s) + " .card-name")));

        // blank resets to the default name (the terminal id)
        browser.one(card(s) + " .rename-btn").click();
        WebElement blank = browser.waitFor(card(s) + " input.rename-input");
        blank.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, Keys.ENTER);
        browser.until(d -> "ttys009".equals(text(card(s) + " .card-name")));
        assertThat(tile(server.status(), s).get("label").asText()).isEqualTo("ttys009");
    }

    @Test
    void telemetryStringsAreRenderedAsTextAndNeverRun() {
        server = UiServer.start(dir);
        String s = sid();
        server.logs(new Otlp.Cc("claude-code-" + XSS, s)
                .namespace(XSS)
                .instance(XSS)
                .prompt()
                .api(10, 10, 0, 0, 0.01)
                .json());
        Instant now = Instant.now();
        server.traces(Otlp.traces(XSS, List.of(Otlp.llmSpan(now.minusSeconds(20), false, 0.01))));
        browser.open(server.base());
        browser.waitFor(card(s));
        browser.waitFor(".svc");

        assertThat(text(card(s) + " .card-name")).isEqualTo(XSS);
        assertThat(text(card(s) + " .agent")).isEqualTo("claude-code-" + XSS);
        assertThat(text("section.group .group-head h3")).isEqualTo(XSS);
        assertThat(text(".svc .svc-name")).isEqualTo(XSS);

        // and as a label typed into the rename box
        String label = XSS + " & <b>bold</b>";
        browser.one(card(s) + " .rename-btn").click();
        browser.waitFor(card(s) + " input.rename-input").sendKeys(Keys.chord(Keys.CONTROL, "a"), label, Keys.ENTER);
        browser.until(d -> label.equals(text(card(s) + " .card-name")));
        browser.driver.navigate().refresh();
        browser.waitFor(card(s));
        assertThat(text(card(s) + " .card-name")).isEqualTo(label);

        assertThat(browser.js("return document.querySelectorAll('img').length")).isEqualTo(0L);
        assertThat(browser.js("return document.querySelectorAll('b').length")).isEqualTo(0L);
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void sdkServicesShowSparklinesAndTheInactiveList() {
        server = UiServer.start(dir);
        Instant now = Instant.now();
        List<java.util.Map<String, Object>> spans = new ArrayList<>();
        for (int m = 10; m >= 0; m--) {
            for (int i = 0; i < 3; i++)
                spans.add(Otlp.llmSpan(
                        now.minus(Duration.ofMinutes(m)).minusSeconds(i * 5), m == 4 && i == 0, 0.002 * (i + 1)));
        }
        server.traces(Otlp.traces("pricing-bot", spans));
        server.traces(Otlp.traces(
                "quiet-bot",
                List.of(Otlp.llmSpan(now.minus(Duration.ofMinutes(15)).minusSeconds(30), false, 0.01))));
        server.traces(Otlp.traces("sleepy-bot", List.of(Otlp.llmSpan(now.minus(Duration.ofHours(3)), false, 0.01))));
        browser.open(server.base());

        String svc = ".svc[data-agent='pricing-bot']";
        browser.waitFor(svc);
        assertThat(browser.all(svc + " svg.spark")).hasSize(2);
        for (String series : List.of("cost", "err")) {
            String d = browser.one(svc + " [data-series=" + series + "] path.spark-line")
                    .getAttribute("d");
            assertThat(d.chars().filter(ch -> ch == 'L').count())
                    .as(series + " points")
                    .isEqualTo(23);
            assertThat(browser.one(svc + " [data-series=" + series + "] svg title")
                            .getDomProperty("textContent"))
                    .contains("last 24 minutes");
        }
        JsonNode api = find(server.status().get("sdk_services"), "agent_id", "pricing-bot");
        assertThat(api.get("req_per_min").asDouble()).isEqualTo(33 / 24.0);
        assertThat(text(svc + " [data-stat=rpm] dd")).isEqualTo("1.4");
        assertThat(text(svc + " [data-stat=err] dd")).endsWith("%").isNotEqualTo("0%");
        assertThat(browser.one(svc + " [data-stat=err]").getAttribute("class")).contains("bad");
        assertThat(text(svc + " [data-stat=spend] dd")).startsWith("$");
        assertThat(text(svc + " .status-text")).isEqualTo("live");

        String quiet = ".inactive li[data-agent='quiet-bot']";
        assertThat(browser.one(quiet).getAttribute("class")).contains("svc-went_quiet");
        assertThat(text(quiet + " .svc-state")).isEqualTo("went quiet");
        assertThat(text(quiet + " .svc-warn")).isEqualTo("possible outage");
        assertThat(text(quiet + " .svc-seen")).isEqualTo("last seen 15m ago");
        String sleepy = ".inactive li[data-agent='sleepy-bot']";
        assertThat(browser.one(sleepy).getAttribute("class")).contains("svc-long_dormant");
        assertThat(text(sleepy + " .svc-state")).isEqualTo("long dormant");
        assertThat(browser.all(sleepy + " .svc-warn")).isEmpty();
        // traces-only agents are not coding sessions
        assertThat(browser.all("article.card")).isEmpty();
        assertThat(browser.all(".empty")).isEmpty();
    }

    @Test
    void theConnectHelpShowsOnlyWhileThereIsNothingAtAll() throws Exception {
        server = UiServer.start(dir);
        browser.open(server.base());
        WebElement empty = browser.waitFor(".empty");
        assertThat(empty.findElement(By.tagName("h2")).getText()).contains("No agents yet");
        browser.waitFor(".empty pre.settings-json");
        // the help is the banner's: one source (Connection), and it names the command that exists
        List<String> help = browser.all(".empty p.connect-help").stream()
                .map(WebElement::getText)
                .toList();
        assertThat(help)
                .containsExactlyElementsOf(dev.tj.core.agent.Connection.helpLines().stream()
                        .map(l -> l.replace("`", ""))
                        .toList());
        assertThat(help.get(0)).contains("tj onboard");
        assertThat(browser.all(".empty p.connect-help code").get(0).getText()).isEqualTo("tj onboard");
        JsonNode settings = UiServer.JSON.readTree(text(".empty pre.settings-json"));
        JsonNode env = settings.get("env");
        assertThat(env.get("CLAUDE_CODE_ENABLE_TELEMETRY").asText()).isEqualTo("1");
        assertThat(env.get("OTEL_LOGS_EXPORTER").asText()).isEqualTo("otlp");
        assertThat(env.get("OTEL_METRICS_EXPORTER").asText()).isEqualTo("otlp");
        assertThat(env.get("OTEL_EXPORTER_OTLP_PROTOCOL").asText()).isEqualTo("http/protobuf");
        assertThat(env.get("OTEL_EXPORTER_OTLP_ENDPOINT").asText()).isEqualTo(server.base());
        assertThat(env.get("OTEL_EXPORTER_OTLP_HEADERS").asText())
                .isEqualTo("Authorization=Bearer <your ingest secret>");
        assertThat(env.size()).isEqualTo(6);
        browser.screenshot("StatusPageTest-emptyState");

        // a session arrives: the help goes away by itself
        String s = sid();
        server.logs(
                new Otlp.Cc("claude-code", s).prompt().api(10, 10, 0, 0, 0.01).json());
        browser.waitFor(card(s));
        assertThat(browser.all(".empty")).isEmpty();

        // closed: no live session, but the archive is not empty: still no help
        server.close(s);
        browser.waitFor("details.archive a.arow[data-session-id='" + s + "']");
        assertThat(browser.all(".empty")).isEmpty();
        assertThat(text(".zone.coding .quiet")).isEqualTo("No live coding sessions right now.");
    }

    @Test
    void themeTogglePersistsAndTheNarrowLayoutNeverScrollsSideways() {
        server = UiServer.start(dir);
        Instant now = Instant.now();
        for (int i = 0; i < 4; i++) {
            server.logs(new Otlp.Cc("claude-code-" + "averyveryverylongrepositorynamethatkeepsgoing".repeat(2), sid())
                    .namespace("a-project-with-a-rather-long-name-" + i)
                    .instance("ttys00" + i)
                    .at(now.minusSeconds(30 + i))
                    .prompt()
                    .api(123_456, 7_890, 1_234_567, 8_901, 1.23)
                    .tool("Bash", true)
                    .json());
        }
        String stale = sid();
        server.logs(new Otlp.Cc("claude-code", stale)
                .instance("old")
                .at(now.minus(Duration.ofHours(6)))
                .prompt()
                .api(10, 10, 0, 0, 0.01)
                .json());
        server.traces(Otlp.traces(
                "support-agent-with-a-long-service-name", List.of(Otlp.llmSpan(now.minusSeconds(30), true, 0.02))));
        browser.open(server.base());
        browser.waitFor("article.card");

        assertThat(browser.js("return document.documentElement.getAttribute('data-theme')"))
                .isEqualTo("dark");
        String darkBg = (String) browser.js("return getComputedStyle(document.body).backgroundColor");
        browser.one(".theme-toggle").click();
        browser.until(d -> "light".equals(browser.js("return document.documentElement.getAttribute('data-theme')")));
        assertThat(browser.js("return getComputedStyle(document.body).backgroundColor"))
                .isNotEqualTo(darkBg);
        browser.driver.navigate().refresh();
        browser.waitFor("article.card");
        assertThat(browser.js("return document.documentElement.getAttribute('data-theme')"))
                .isEqualTo("light");
        browser.screenshot("StatusPageTest-light-1280");

        browser.size(390, 844);
        browser.one("details.archive summary").click();
        browser.until(d -> browser.one("details.archive a.arow").isDisplayed());
        browser.until(d -> (Boolean) browser.js("return window.innerWidth <= 400"));
        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth"))
                .isEqualTo(true);
        @SuppressWarnings("unchecked")
        List<String> wide = (List<String>) browser.js(
                "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
                        + ".map(e => e.tagName + '.' + e.className)");
        assertThat(wide).as("elements sticking out at 390 px").isEmpty();
        browser.screenshot("StatusPageTest-light-390");
        browser.one(".theme-toggle").click();
        browser.until(d -> "dark".equals(browser.js("return document.documentElement.getAttribute('data-theme')")));
        browser.screenshot("StatusPageTest-dark-390");
    }

    @Test
    void clickingACardOpensItsDetailAndBackRestoresTheScrollPosition() {
        server = UiServer.start(dir);
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String s = sid();
            ids.add(s);
            server.logs(new Otlp.Cc("claude-code-repo" + (i % 4), s)
                    .namespace("proj" + (i % 3))
                    .instance("tty" + i)
                    .at(now.minusSeconds(20 + i))
                    .prompt()
                    .api(100 + i, 10, 0, 0, 0.01)
                    .json());
        }
        browser.size(1280, 600);
        browser.open(server.base());
        for (String s : ids) browser.waitFor(card(s));

        // the last card on the page, scrolled into view
        List<WebElement> cards = browser.all("article.card");
        WebElement target = cards.get(cards.size() - 1);
        String id = target.getAttribute("data-session-id");
        browser.js("arguments[0].scrollIntoView({block: 'center'})", target);
        long y = ((Number) browser.js("return Math.round(window.scrollY)")).longValue();
        assertThat(y).isGreaterThan(100);

        target.findElement(By.cssSelector(".metrics")).click();
        browser.until(d -> browser.js("return location.hash").equals("#/sessions/" + id));
        browser.waitFor(".session-page[data-session-id='" + id + "']");
        assertThat(text(".session-page .detail-title")).contains(id.substring(0, 8));
        assertThat(browser.all("article.card")).isEmpty();
        assertThat(text(".nav a.active")).isEqualTo("Status");
        browser.screenshot("StatusPageTest-session-detail");

        browser.one(".session-page a.back").click();
        browser.waitFor(card(id));
        browser.until(d -> Math.abs(((Number) browser.js("return Math.round(window.scrollY)")).longValue() - y) <= 2);
    }

    @Test
    void anAgentWithMoreThanSixLiveSessionsShowsPlusN() {
        server = UiServer.start(dir);
        Instant now = Instant.now();
        for (int i = 0; i < 8; i++) {
            server.logs(new Otlp.Cc("claude-code-busy", sid())
                    .namespace("big")
                    .instance("t" + i)
                    .at(now.minusSeconds(10L + i * 20L))
                    .prompt()
                    .api(10, 10, 0, 0, 0.01)
                    .json());
        }
        browser.open(server.base());
        browser.waitFor(".more[data-agent='claude-code-busy']");
        assertThat(browser.all("section.group[data-namespace='big'] article.card"))
                .hasSize(6);
        assertThat(text(".more[data-agent='claude-code-busy'] .more-n")).isEqualTo("+2 more");
        assertThat(text("section.group[data-namespace='big'] .group-count")).isEqualTo("8 sessions");
    }

    @Test
    void withoutTheEventStreamThePageFallsBackToPolling() {
        server = UiServer.start(dir);
        // an EventSource that fails for good, as when a proxy or an old server refuses the stream
        Object script = browser.driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument",
                Map.of(
                        "source",
                        "window.EventSource = class { constructor() { this.readyState = 0; setTimeout(() => {"
                                + " this.readyState = 2; (this.l || []).forEach(f => f(new Event('error'))); }, 0); }"
                                + " addEventListener(t, f) { if (t === 'error') (this.l = this.l || []).push(f); } close() {} };"
                                + " window.EventSource.CLOSED = 2;"));
        try {
            browser.open(server.base());
            browser.until(d -> "polling".equals(browser.one(".live").getAttribute("data-mode")));
            String s = sid();
            server.logs(new Otlp.Cc("claude-code", s)
                    .prompt()
                    .api(10, 10, 0, 0, 0.01)
                    .json());
            browser.until(
                    Duration.ofSeconds(20),
                    d -> !d.findElements(By.cssSelector(card(s))).isEmpty());
        } finally {
            browser.driver.executeCdpCommand(
                    "Page.removeScriptToEvaluateOnNewDocument",
                    Map.of("identifier", ((Map<?, ?>) script).get("identifier")));
        }
    }

    @Test
    void withAnApiKeyThePageAuthenticatesItsFetchesAndTheEventStream() {
        server = UiServer.start(dir, cfg -> UiServer.withApiKey(cfg, "k3y-\"<&>"));
        assertThat(server.get("/api/v1/status").statusCode()).isEqualTo(401);
        String s = sid();
        server.logs(
                new Otlp.Cc("claude-code", s).prompt().api(10, 10, 0, 0, 0.01).json());
        browser.open(server.base());
        browser.waitFor(card(s));
        browser.until(d -> "live".equals(browser.one(".live").getAttribute("data-mode")));
        // and live updates arrive through the key-authenticated stream
        String s2 = sid();
        server.logs(
                new Otlp.Cc("claude-code", s2).prompt().api(10, 10, 0, 0, 0.01).json());
        browser.waitFor(card(s2));
    }

    static JsonNode tile(JsonNode status, String sessionId) {
        return find(status.get("agents"), "session_id", sessionId);
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) if (value.equals(n.path(field).asText())) return n;
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }
}
