package dev.tj.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.tj.testkit.DrilldownTruth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The session page, the run page and the runs list in real headless Chromium against a real daemon
 * whose database was backfilled from generated transcripts (nested subagents, markup in the text) and
 * fed real OTLP posts (a run of four sessions). Every wait is on a DOM condition, never on time.
 */
class SessionPageTest {
    static final String RUN = "run-ui-" + UUID.randomUUID();

    @TempDir
    static Path dir;

    static Browser browser;
    static UiServer server;
    static DrilldownTruth truth;
    static Path projects;
    static String root, childA, childB, grandchild;

    String testName;

    @BeforeAll
    static void start() throws IOException {
        projects = dir.resolve("claude/projects");
        Path codex = dir.resolve("codex/sessions");
        truth = DrilldownCorpus.write(projects, codex);
        DrilldownCorpus.writeMarkup(projects);
        age(projects);
        age(codex);
        Path srv = dir.resolve("srv");
        Files.createDirectories(srv);
        try (Storage storage = DuckDbStorage.open(srv.resolve("db"))) {
            BackfillService backfill = new BackfillService(
                    new StorageSink(storage, new SessionAccumulator(a -> PlanTier.UNKNOWN, a -> null)),
                    Pricing.packaged(),
                    Clock.systemUTC());
            backfill.claudeCode(new BackfillService.Options(List.of(projects), null, false, 1), new Progress());
            backfill.codex(new BackfillService.Options(List.of(codex), null, false, 1), new Progress());
        }
        server = UiServer.start(
                srv, c -> c.withSessions(new TjConfig.Sessions(Duration.ofMinutes(240), projects, codex)));
        // a run: root spawns A and B, A spawns the grandchild
        root = "run-root-" + UUID.randomUUID();
        childA = "run-a-" + UUID.randomUUID();
        childB = "run-b-" + UUID.randomUUID();
        grandchild = "run-aa-" + UUID.randomUUID();
        Instant t = Instant.now().minusSeconds(120);
        runMember(root, null, "root-term", t);
        runMember(childA, root, "a-term", t.plusSeconds(5));
        runMember(childB, root, "b-term", t.plusSeconds(10));
        runMember(grandchild, childA, "aa-term", t.plusSeconds(15));
        browser = Browser.start();
    }

    static void runMember(String id, String parent, String term, Instant t) {
        Otlp.Cc cc = new Otlp.Cc("claude-code", id)
                .instance(term)
                .namespace("runproj")
                .at(t)
                .resource("tokenjam.run_id", RUN);
        if (parent != null) cc.resource("tokenjam.parent_session_id", parent);
        server.logs(cc.prompt().api(1000, 200, 0, 0, 0.02).tool("Bash", true).json());
    }

    /** Transcripts written a minute ago would make their sessions "active" (the transcript rescue). */
    static void age(Path root) throws IOException {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(3)));
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) Files.setLastModifiedTime(p, old);
        }
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) browser.close();
        } finally {
            if (server != null) server.close();
        }
    }

    @BeforeEach
    void name(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        browser.size(1280, 900);
    }

    @AfterEach
    void leave() {
        browser.screenshot("SessionPageTest-" + testName);
        browser.driver.get("about:blank");
        browser.severeConsole();
    }

    static String page(String id) {
        return server.base() + "/#/sessions/" + id;
    }

    static String text(String css) {
        return browser.one(css).getText();
    }

    static void tab(String id) {
        browser.one("button[role=tab][data-tab='" + id + "']").click();
        browser.waitFor("section.tab-panel[data-panel='" + id + "']");
    }

    JsonNode api(String path) {
        return UiServer.json(server.get(path));
    }

    @Test
    void timelineShowsTheStoryNewestFirstWithErrorsRetriesAndNestedSubagents() {
        browser.driver.get(page(truth.sessionId()));
        browser.waitFor(".timeline");
        browser.waitGone(".subagents-pending"); // the main thread first, then the subagents nested
        Object order = browser.js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => n.includes('/story?')).map(n => n.split('?')[1])");
        assertThat(((List<?>) order).stream().map(String::valueOf).toList())
                .startsWith("subagents=false", "subagents=true");
        assertThat(text(".tl-count")).isEqualTo(truth.mainSteps() + " steps");
        List<WebElement> top = browser.all(".timeline > ol.steps[data-depth='0'] > li.step");
        assertThat(top).hasSize(truth.mainSteps());
        assertThat(top.get(0).getAttribute("data-n")).isEqualTo(String.valueOf(truth.mainSteps()));
        assertThat(top.get(top.size() - 1).getAttribute("data-n")).isEqualTo("1");
        for (int n : truth.errorSteps())
            assertThat(browser.one("li.step[data-depth='0'][data-n='" + n + "']")
                            .getAttribute("class"))
                    .contains("step-error");
        for (int n : truth.retrySteps())
            assertThat(browser.all("li.step[data-depth='0'][data-n='" + n + "'] > .step-line .retry"))
                    .hasSize(1);
        assertThat(browser.all("li.step[data-depth='0'][data-n='2'] > .step-line .retry"))
                .isEmpty();
        // one model on the main thread: its chip shows once, on the first step
        List<WebElement> chips = browser.all("li.step[data-depth='0'] > .step-line .model-chip");
        assertThat(chips).hasSize(1);
        assertThat(chips.get(0).getText()).isEqualTo("claude-opus-4-6");
        assertThat(browser.all("li.step[data-depth='0'][data-n='1'] > .step-line .model-chip"))
                .hasSize(1);
        assertThat(text("li.ask .ask-text")).isEqualTo("Now run the checks in the background");

        // a click opens the whole narration
        browser.one("li.step[data-depth='0'][data-n='1'] > .step-line").click();
        WebElement narration = browser.waitFor("li.step[data-n='1'] .narration");
        assertThat(narration.getText()).isEqualTo("I'll start by reading the parser.\n\nThen I will run its tests.");

        // step 7 → a1 → b1 → c1, whose child d1 is past the depth cap
        browser.one("li.step[data-depth='0'][data-n='7'] > .subagent > .sub-toggle")
                .click();
        List<WebElement> a1 = browser.until(d -> {
            List<WebElement> l =
                    d.findElements(By.cssSelector("li.step[data-n='7'] ol.steps[data-depth='1'] > li.step"));
            return l.isEmpty() ? null : l;
        });
        assertThat(a1).hasSize(truth.agents().get("a1000000000000001").steps());
        browser.one(
                        "li.step[data-n='7'] ol.steps[data-depth='1'] .subagent[data-agent-id='b1000000000000001'] > .sub-toggle")
                .click();
        browser.waitFor("ol.steps[data-depth='2'] > li.step");
        assertThat(browser.all(".subagent[data-agent-id='b1000000000000001'] ol.steps[data-depth='2'] > li.step"))
                .hasSize(truth.agents().get("b1000000000000001").steps());
        // b1 names itself again: shown, not expanded, and why
        assertThat(browser.one(".subagent-capped[data-cap='cycle'] .cap-note").getText())
                .contains("cycle");
        browser.one(".subagent[data-agent-id='c1000000000000001'] > .sub-toggle")
                .click();
        WebElement d1 = browser.waitFor(".subagent-capped[data-agent-id='d1000000000000001']");
        assertThat(d1.getAttribute("data-cap")).isEqualTo("depth_capped");
        assertThat(d1.getText()).contains("at most 3 levels");
        // the missing subagent file and the caps are said, never dropped silently
        assertThat(browser.one("li.step[data-depth='0'][data-n='11'] .subagent-capped")
                        .getAttribute("data-cap"))
                .isEqualTo("missing");
        assertThat(text(".caps-notice")).contains("deeper than 3 levels", "missing subagent file");
        assertThat(browser.all(".snapshot-notice")).isEmpty();
        browser.screenshot("session-timeline");
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    void headerCardsAndTabsAreKeyboardReachable() {
        browser.driver.get(page(truth.sessionId()));
        browser.waitFor(".timeline");
        JsonNode roll = api("/api/v1/sessions/" + truth.sessionId());
        JsonNode s = roll.get("session");
        assertThat(text(".session-facts")).contains("claude-code", "tj", truth.sessionId());
        assertThat(text(".session-title .status-text")).isEqualTo(s.get("tier").asText());
        assertThat(browser.one("[data-card=tokens]").getText()).contains("input", "cache write");
        assertThat(browser.one("[data-card=tools] .sum-kv.bad .v").getText())
                .isEqualTo(String.valueOf(s.get("error_count").asInt()));
        assertThat(text("[data-card=cost] .money-v")).startsWith("$");
        assertThat(text("[data-card=cost] .money-note")).isEqualTo("plan unknown");
        // active time comes from the session map's active axis once it is in
        double active = api("/api/v1/sessions/" + truth.sessionId() + "/sessionmap")
                .get("meta")
                .get("active_duration_s")
                .asDouble();
        browser.until(d ->
                !d.findElement(By.cssSelector("[data-card=duration]")).getText().contains("…"));
        assertThat(browser.one("[data-card=duration] .sum-kv:nth-child(2)").getAttribute("title"))
                .contains(Math.round(active * 1000) / 1000.0 + " s");

        // the tablist: Timeline selected; arrow keys move the selection and the focus
        WebElement first = browser.one("button[role=tab][aria-selected=true]");
        assertThat(first.getAttribute("data-tab")).isEqualTo("timeline");
        first.sendKeys(Keys.ARROW_RIGHT);
        browser.waitFor("section.tab-panel[data-panel='map']");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/map");
        assertThat(browser.js("return document.activeElement.getAttribute('data-tab')"))
                .isEqualTo("map");
        browser.one("button[role=tab][data-tab='map']").sendKeys(Keys.END);
        browser.waitFor("section.tab-panel[data-panel='traces']");
        // a Claude Code session has no SDK traces: an empty state, not a blank
        assertThat(text(".traces-empty")).contains("Traces are for SDK sessions");
        // the tab survives a reload (it is in the hash)
        browser.driver.navigate().refresh();
        browser.waitFor("section.tab-panel[data-panel='traces']");
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    void mapDrawsLanesPerCategorySubagentRowsGapsInsightsAndTerritory() {
        browser.driver.get(page(truth.sessionId()) + "/map");
        browser.waitFor("svg.lanes");
        JsonNode map = api("/api/v1/sessions/" + truth.sessionId() + "/sessionmap");
        for (String lane : List.of("phases", "tools", "subagents", "context", "cost"))
            assertThat(browser.all("svg.lanes g.lane[data-lane='" + lane + "']"))
                    .as(lane)
                    .hasSize(1);
        // the tool lane stacks one group per category the session used, errors included
        for (var e : truth.categories().entrySet()) {
            assertThat(browser.all("g.lane[data-lane='tools'] g.cat[data-category='" + e.getKey() + "'] rect"))
                    .as(e.getKey())
                    .isNotEmpty();
            assertThat(text(".legend-item[data-category='" + e.getKey() + "']"))
                    .isEqualTo(e.getKey() + " " + e.getValue());
        }
        assertThat(browser.all("g.lane[data-lane='tools'] g.cat"))
                .hasSize(truth.categories().size());
        // errors are stacked on top: in every bar, the error rect is the highest
        @SuppressWarnings("unchecked")
        List<Object> errorOnTop = (List<Object>) browser.js("const out = [];"
                + "for (const r of document.querySelectorAll(\"g.cat[data-category='error'] rect\")) {"
                + "  const x = r.getAttribute('x');"
                + "  for (const o of document.querySelectorAll('g.lane[data-lane=tools] g.cat rect'))"
                + "    if (o !== r && o.getAttribute('x') === x) out.push(+r.getAttribute('y') <= +o.getAttribute('y'));"
                + "}"
                + "return out;");
        assertThat(errorOnTop).allMatch(Boolean.TRUE::equals);

        assertThat(browser.all("g.sub-bar")).hasSize(map.get("subagents").size());
        assertThat(browser.all("svg.lanes g.gap")).hasSize(truth.gapsSeconds().size());
        assertNoLabelCollides();
        assertThat(browser.all("li.insight")).hasSize(5);
        assertThat(text("[data-insight='friction'] .ins-v"))
                .isEqualTo(truth.categories().get("error") + " err · "
                        + truth.retrySteps().size() + " ↻");
        assertThat(text("[data-insight='top-subagent'] .ins-n")).isNotBlank();
        assertThat(text("[data-insight='edits'] .ins-v")).isEqualTo("1 file");
        // the territory: files the main thread read or edited
        WebElement parser = browser.one(".tm-cell[data-path='/home/dev/tj/src/parser.py']");
        assertThat(parser.getAttribute("class")).contains("tm-edit");
        browser.screenshot("session-map");

        browser.one(".seg-btn[data-mode='time']").click();
        browser.waitFor(".map[data-mode='time']");
        assertThat(browser.all("svg.lanes g.gap")).hasSize(truth.gapsSeconds().size());
        assertNoLabelCollides();
        browser.screenshot("session-map-time");

        // a narrow window packs the same bars; labels shrink or go, never overlap
        browser.size(700, 900);
        browser.until(d -> Double.parseDouble(
                        String.valueOf(browser.js("return document.querySelector('svg.lanes').getAttribute('width')")))
                <= 700);
        assertNoLabelCollides();
        assertThat(browser.severeConsole()).isEmpty();
    }

    /** No two subagent labels share pixels, and none runs past its own bar. */
    static void assertNoLabelCollides() {
        @SuppressWarnings("unchecked")
        List<List<Number>> boxes = (List<List<Number>>) browser.js(
                "return [...document.querySelectorAll('g.sub-bar')].filter(g => g.querySelector('text')).map(g => {"
                        + "const t = g.querySelector('text').getBBox(), r = g.querySelector('rect').getBBox();"
                        + "return [t.x, t.y, t.x + t.width, t.y + t.height, r.x, r.x + r.width]; })");
        for (int i = 0; i < boxes.size(); i++) {
            List<Number> a = boxes.get(i);
            assertThat(a.get(2).doubleValue())
                    .as("label %d inside its bar", i)
                    .isLessThanOrEqualTo(a.get(5).doubleValue() + 0.5);
            for (int j = i + 1; j < boxes.size(); j++) {
                List<Number> b = boxes.get(j);
                boolean apart = a.get(2).doubleValue() <= b.get(0).doubleValue()
                        || b.get(2).doubleValue() <= a.get(0).doubleValue()
                        || a.get(3).doubleValue() <= b.get(1).doubleValue()
                        || b.get(3).doubleValue() <= a.get(1).doubleValue();
                assertThat(apart)
                        .as("labels %d and %d overlap: %s %s", i, j, a, b)
                        .isTrue();
            }
        }
    }

    @Test
    void approachShowsTheDelegationRailAndTheMethodSpine() {
        browser.driver.get(page(truth.sessionId()) + "/approach");
        browser.waitFor(".approach");
        JsonNode a = api("/api/v1/sessions/" + truth.sessionId() + "/approach");
        List<WebElement> moves = browser.all(".ap-spine > ol.spine > li.move");
        assertThat(moves).hasSize(truth.mainSteps());
        assertThat(moves.get(2).getAttribute("data-kind")).isEqualTo("verify");
        assertThat(moves.get(2).getAttribute("class")).contains("failed");
        assertThat(moves.get(3).getAttribute("data-kind")).isEqualTo("dead_end");
        assertThat(moves.get(0).findElement(By.cssSelector(".move-src")).getText())
                .isEqualTo("agent’s words");
        assertThat(moves.get(1).findElement(By.cssSelector(".move-src")).getText())
                .isEqualTo("structural");
        List<WebElement> rail = browser.all("ol.rail > li.rail-node");
        assertThat(rail).hasSize(a.get("agents").size());
        WebElement depth1 = browser.one("li.rail-node[data-depth='1']");
        WebElement depth2 = browser.one("li.rail-node[data-depth='2']");
        assertThat(depth2.findElement(By.cssSelector(".rail-name")).getRect().getX())
                .isGreaterThan(depth1.findElement(By.cssSelector(".rail-name"))
                        .getRect()
                        .getX());
        // completeness on every node; the vanished helper holds totals only
        assertThat(browser.all("li.rail-node .cc")).hasSize(a.get("agents").size());
        assertThat(browser.all(".delegation[data-agent-id='a5000000000000005'] .cc-session-level"))
                .hasSize(1);
        // a delegation opens its own spine
        browser.one(".delegation[data-agent-id='a1000000000000001'] > .deleg-toggle")
                .click();
        browser.waitFor(".delegation[data-agent-id='a1000000000000001'] > .nested ol.spine > li.move");
        assertThat(text(".delegation[data-agent-id='a1000000000000001'] > .deleg-toggle .deleg-meta"))
                .contains("ended", "$");
        browser.screenshot("session-approach");
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    void modelsSubagentsAndTracesTabs() {
        browser.driver.get(page(truth.sessionId()) + "/models");
        browser.waitFor(".models");
        JsonNode roll = api("/api/v1/sessions/" + truth.sessionId());
        assertThat(browser.all("table.model-mix tbody tr"))
                .hasSize(roll.get("model_mix").size());
        assertThat(text("table.model-mix tr[data-model='claude-opus-4-6'] td:nth-child(2)"))
                .isEqualTo(roll.get("model_mix").get(0).get("calls").asText());
        assertThat(browser.all("svg.area-chart path.series-line")).hasSize(1);
        browser.screenshot("session-models");

        tab("subagents");
        browser.waitFor("table.sub-table");
        assertThat(browser.all("table.sub-table tbody tr"))
                .hasSize(roll.get("subagents").get("rows").size());
        assertThat(text(".caveat"))
                .isEqualTo(roll.get("subagents").get("caveat").asText());
        assertThat(browser.one(".subagents").getText().toLowerCase()).doesNotContain("saving");
        // names come from the map once it is in
        browser.until(d -> d.findElement(By.cssSelector("tr[data-agent-id='a1000000000000001'] td"))
                .getText()
                .equals("survey the parser"));
        browser.screenshot("session-subagents");

        tab("traces");
        assertThat(text(".traces-empty")).contains("Traces are for SDK sessions");
        browser.screenshot("session-traces");
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    void transcriptMarkupIsTextNeverElements() {
        String id = DrilldownCorpus.MARKUP;
        browser.driver.get(page(id));
        browser.waitFor(".timeline");
        browser.one("li.step[data-depth='0'][data-n='1'] > .step-line").click();
        WebElement narration = browser.waitFor("li.step[data-n='1'] .narration");
        assertThat(narration.getText()).isEqualTo(DrilldownCorpus.MARKUP_TEXT);
        assertThat(text("li.ask .ask-text")).isEqualTo("<b>bold ask</b><script>window.__tjInjected = 3</script>");
        assertThat(text("li.step[data-n='2'] .tool-label"))
                .isEqualTo("/home/dev/markup/<img src=x onerror=alert(1)>.py");
        assertThat(text("li.step[data-n='3'] .sub-name")).isEqualTo("<i>heavy</i> reviewer");
        assertNothingInjected();

        tab("map");
        browser.waitFor("svg.lanes");
        assertThat(browser.all(".tm-cell[data-path='/home/dev/markup/<img src=x onerror=alert(1)>.py']"))
                .hasSize(1);
        tab("approach");
        browser.waitFor(".approach");
        assertThat(browser.one(".approach").getText()).contains("<i>heavy</i> reviewer");
        tab("subagents");
        // the heavy opus reviewer is flagged as a candidate on both counts, named as written
        WebElement row = browser.waitFor("tr[data-agent-id='" + DrilldownCorpus.MARKUP_AGENT + "']");
        assertThat(row.getAttribute("class")).contains("flagged");
        assertThat(row.findElements(By.cssSelector(".flag")))
                .extracting(e -> e.getAttribute("data-flag"))
                .containsExactly("over_powered", "over_provisioned");
        browser.until(d -> row.findElement(By.cssSelector("td")).getText().equals("<i>heavy</i> reviewer"));
        assertThat(text(".sub-summary")).contains("1 flagged as right-sizing candidates");
        browser.screenshot("session-subagents-flagged");

        // a label renamed to markup on this page stays text too
        browser.one(".session-title .rename-btn").click();
        WebElement input = browser.waitFor(".session-title .rename-input");
        String label = "<img src=x id=tj-label onerror=\"window.__tjInjected=4\">";
        input.sendKeys(label, Keys.ENTER);
        browser.until(d -> {
            List<WebElement> t = d.findElements(By.cssSelector(".session-title h2.detail-title .title-name"));
            return !t.isEmpty() && t.get(0).getText().equals(label);
        });
        assertNothingInjected();
        assertThat(browser.severeConsole()).isEmpty();
    }

    static void assertNothingInjected() {
        assertThat(browser.js("return window.__tjInjected === undefined")).isEqualTo(true);
        assertThat(
                        browser.js(
                                "return document.querySelectorAll('#tj-injected, #tj-link, #tj-label, main script, main img, main a[href^=javascript]').length"
                                        + " + [...document.querySelectorAll('main b, main i')].filter(e => /bold ask|heavy/.test(e.textContent)).length"))
                .isEqualTo(0L);
    }

    @Test
    void restoreCopiesTheResumeCommandOrShowsItSelected() {
        String id = truth.sessionId();
        browser.driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of(
                        "origin",
                        server.base(),
                        "permissions",
                        List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        browser.driver.get(page(id));
        WebElement button = browser.waitFor(".restore-btn");
        assertThat(button.getAttribute("title"))
                .contains("claude --resume " + id, "Paste it into a terminal", "project folder");
        button.click();
        browser.until(d -> button.getText().contains("Copied")
                || !d.findElements(By.cssSelector(".restore-field")).isEmpty());
        if (browser.all(".restore-field").isEmpty()) {
            Object clip = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "navigator.clipboard.readText().then(done, e => done('refused: ' + e));");
            assertThat(clip).isEqualTo("claude --resume " + id);
        } else {
            assertThat(browser.one(".restore-field").getAttribute("value")).isEqualTo("claude --resume " + id);
        }

        // the clipboard refused: the command is shown in a read-only field, selected for Ctrl+C
        browser.driver.navigate().refresh();
        browser.waitFor(".restore-btn");
        browser.js("navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));");
        browser.one(".restore-btn").click();
        WebElement field = browser.waitFor(".restore-field");
        assertThat(field.getAttribute("value")).isEqualTo("claude --resume " + id);
        assertThat(field.getAttribute("readonly")).isNotNull();
        assertThat(
                        browser.js(
                                "const f = document.activeElement;"
                                        + "return f.classList.contains('restore-field') && f.selectionStart === 0 && f.selectionEnd === f.value.length"))
                .isEqualTo(true);
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    void aLiveSessionHasNoRestoreButtonAndFollowsTheStream() {
        String id = "live-" + UUID.randomUUID();
        Otlp.Cc cc = new Otlp.Cc("claude-code", id)
                .instance("live-term")
                .at(Instant.now().minusSeconds(20));
        server.logs(cc.prompt().api(1000, 100, 0, 0, 0.01).json());
        browser.driver.get(page(id));
        browser.waitFor("main.session-page[data-loaded]");
        assertThat(text(".session-title .status-text")).isEqualTo("active");
        assertThat(browser.all(".restore-btn")).isEmpty();
        // no transcript: the Timeline says so instead of going blank
        assertThat(browser.waitFor(".unavailable").getText()).contains("No on-disk transcript");
        assertThat(text("[data-card=tokens] .sum-kv:nth-child(1) .v")).isEqualTo("1k");
        Otlp.Cc more = new Otlp.Cc("claude-code", id).instance("live-term").at(Instant.now());
        server.logs(more.prompt().api(5000, 100, 0, 0, 0.01).json());
        browser.until(
                Duration.ofSeconds(30),
                d -> d.findElement(By.cssSelector("[data-card=tokens] .sum-kv:nth-child(1) .v"))
                        .getText()
                        .equals("6k"));
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    void unknownSessionAndUnknownRunSaySo() {
        browser.driver.get(page("no-such-session-0000"));
        assertThat(browser.waitFor(".not-found").getText()).isEqualTo("No session with this id is stored.");
        browser.driver.get(server.base() + "/#/runs/no-such-run");
        assertThat(browser.waitFor(".not-found").getText()).isEqualTo("No run with this id is stored.");
    }

    @Test
    void runPageIndentsMembersBySpawnParentAndLinksThem() {
        browser.driver.get(server.base() + "/#/runs");
        WebElement link = browser.waitFor("tr[data-run-id='" + RUN + "'] a");
        assertThat(text("tr[data-run-id='" + RUN + "'] td:nth-child(2)")).isEqualTo("4");
        assertThat(browser.one(".nav a.active").getText()).isEqualTo("Runs");
        browser.screenshot("runs-list");
        link.click();
        browser.waitFor("main.run-page[data-loaded]");
        assertThat(text("[data-card=sessions] .big")).isEqualTo("4");
        List<String> order = browser.all("li.run-node").stream()
                .map(e -> e.getAttribute("data-session-id"))
                .toList();
        assertThat(order).containsExactlyInAnyOrder(root, childA, childB, grandchild);
        assertThat(order.indexOf(root)).isLessThan(order.indexOf(childA));
        assertThat(order.indexOf(childA)).isLessThan(order.indexOf(grandchild));
        double x0 = nameX(root), xa = nameX(childA), xb = nameX(childB), xaa = nameX(grandchild);
        assertThat(xa).isGreaterThan(x0);
        assertThat(xb).isEqualTo(xa);
        assertThat(xaa).isGreaterThan(xa);
        assertThat(browser.one("li.run-node[data-session-id='" + grandchild + "']")
                        .getAttribute("data-depth"))
                .isEqualTo("2");
        browser.screenshot("run-page");

        // a member links to its session page, whose header links back to the run and its parent
        browser.one("li.run-node[data-session-id='" + grandchild + "'] a.run-node-name")
                .click();
        browser.waitFor("main.session-page[data-session-id='" + grandchild + "'][data-loaded]");
        assertThat(browser.one(".parent-link").getAttribute("href")).endsWith("#/sessions/" + childA);
        browser.one(".run-link").click();
        browser.waitFor("main.run-page[data-run-id='" + RUN + "']");
        assertThat(browser.severeConsole()).isEmpty();
    }

    static double nameX(String sessionId) {
        return browser.one("li.run-node[data-session-id='" + sessionId + "'] a.run-node-name")
                .getRect()
                .getX();
    }

    @Test
    void aDeletedTranscriptIsShownFromTheSnapshotWithANotice(@TempDir Path own) throws Exception {
        Path p = own.resolve("projects");
        DrilldownTruth t = DrilldownCorpus.write(p, own.resolve("codex"));
        try (UiServer s = UiServer.start(
                own.resolve("srv"),
                c -> c.withSessions(new TjConfig.Sessions(Duration.ofMinutes(240), p, own.resolve("codex"))))) {
            String id = t.sessionId();
            s.logs(new Otlp.Cc("claude-code", id)
                    .prompt()
                    .api(10, 20, 0, 0, 0.01)
                    .json());
            s.close(id);
            assertThat(s.daemon.context().snapshots().awaitIdle(Duration.ofSeconds(30)))
                    .isTrue();
            try (Stream<Path> files = Files.walk(p.resolve(t.projectDir()))) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            browser.driver.get(s.base() + "/#/sessions/" + id);
            browser.waitFor(".timeline");
            assertThat(text(".snapshot-notice")).startsWith("From snapshot");
            assertThat(browser.all(".timeline > ol.steps[data-depth='0'] > li.step"))
                    .hasSize(t.mainSteps());
            tab("map");
            browser.waitFor("svg.lanes");
            assertThat(text(".map .snapshot-notice")).startsWith("From snapshot");
            tab("approach");
            browser.waitFor(".approach");
            assertThat(text(".approach .snapshot-notice")).startsWith("From snapshot");
            browser.screenshot("session-snapshot");
            browser.driver.get("about:blank");
        }
    }

    @Test
    void aCodexSessionRestoresWithCodexResume() {
        String id = truth.codexSessionId();
        browser.driver.get(page(id));
        browser.waitFor(".timeline");
        assertThat(text(".tl-count")).isEqualTo(truth.codexSteps() + " steps");
        WebElement button = browser.waitFor(".restore-btn");
        assertThat(button.getAttribute("data-command")).isEqualTo("codex resume " + id);
        assertThat(button.getAttribute("title")).contains("Codex");
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    void aFailingViewShowsAnInlineErrorAndAFailedRefreshKeepsTheLastData() {
        String id = "flaky-" + UUID.randomUUID();
        server.logs(new Otlp.Cc("claude-code", id)
                .instance("flaky-term")
                .at(Instant.now().minusSeconds(20))
                .prompt()
                .api(1000, 100, 0, 0, 0.01)
                .json());
        browser.driver.get(page(id));
        browser.waitFor("main.session-page[data-loaded]");
        browser.waitFor(".unavailable");
        // from now on the drill-in endpoints and this session's rollup fail
        browser.js("const real = window.fetch;"
                + "window.fetch = (url, o) => /approach|\\/sessions\\/flaky-[^/]*$/.test(String(url))"
                + "  ? Promise.resolve(new Response('{\"error\":\"boom\"}', {status: 500, statusText: 'Server Error'}))"
                + "  : real(url, o);");
        tab("approach");
        assertThat(browser.waitFor(".tab-error").getText()).contains("boom");
        assertThat(browser.all(".session-head")).hasSize(1);
        assertThat(browser.all("[data-card=tokens]")).hasSize(1);
        // a change arrives over the stream; the refresh fails; the last numbers stay, with a notice
        server.logs(new Otlp.Cc("claude-code", id)
                .instance("flaky-term")
                .prompt()
                .api(5000, 100, 0, 0, 0.01)
                .json());
        assertThat(browser.until(Duration.ofSeconds(30), d -> {
                            List<WebElement> n = d.findElements(By.cssSelector(".stale-note"));
                            return n.isEmpty() ? null : n.get(0);
                        })
                        .getText())
                .contains("showing the last data");
        assertThat(text("[data-card=tokens] .sum-kv:nth-child(1) .v")).isEqualTo("1k");
        browser.screenshot("session-stale");
    }
}
