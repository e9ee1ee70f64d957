package dev.tj.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Team page and the Status page's machine/person filter in real headless Chromium, fed by real
 * OTLP posts that name their machine ({@code host.name}) and person ({@code user.email}) as Claude
 * Code sends them. Every wait is on a DOM condition.
 */
class TeamPageTest {
    static final String XSS = "<img src=x onerror=alert(1)>";

    static Browser browser;

    @TempDir
    Path dir;

    UiServer server;

    @BeforeAll
    static void chromium() {
        browser = Browser.start();
    }

    @AfterAll
    static void quit() {
        if (browser != null) browser.close();
    }

    @AfterEach
    void stop() {
        try {
            browser.driver.get("about:blank");
            browser.severeConsole();
        } finally {
            if (server != null) server.close();
        }
    }

    static String sid() {
        return UUID.randomUUID().toString();
    }

    private String cell(String row, int col) {
        return browser.one(row).findElements(By.cssSelector("td")).get(col).getText();
    }

    @Test
    void spendByPersonMachineAndProjectAndLiveSessionsAcrossMachinesThenStatusKeepsToOneMachine() {
        browser.size(1400, 1000);
        server = UiServer.start(dir);
        String a = sid(), b = sid(), c = sid(), x = sid();
        Instant t = Instant.now().minusSeconds(60);
        server.logs(new Otlp.Cc("claude-code", a)
                .namespace("acme")
                .resource("host.name", "laptop-a")
                .user("ana@example.com")
                .at(t)
                .prompt()
                .api(1_000, 100, 0, 0, 0.5)
                .json());
        server.logs(new Otlp.Cc("claude-code", b)
                .namespace("acme")
                .resource("host.name", "laptop-b")
                .user("bo@example.com")
                .at(t)
                .prompt()
                .api(2_000, 200, 0, 0, 1.0)
                .json());
        server.logs(new Otlp.Cc("claude-code", c)
                .namespace("web")
                .resource("host.name", "laptop-a")
                .user("ana@example.com")
                .at(t)
                .prompt()
                .api(3_000, 300, 0, 0, 2.0)
                .json());
        // a hostile machine name is text on the page, never markup
        server.logs(new Otlp.Cc("claude-code", x)
                .resource("host.name", XSS)
                .user("eve@example.com")
                .at(t)
                .prompt()
                .api(10, 1, 0, 0, 0.001)
                .json());

        browser.driver.get(server.base() + "/#/team");
        browser.waitFor("main.team-page[data-loaded]");
        browser.waitFor(".team-live tr[data-session-id='" + x + "']");

        String ana = ".team-users tr[data-user='ana@example.com']";
        assertThat(cell(ana, 3)).isEqualTo("2"); // sessions
        assertThat(cell(ana, 4)).isEqualTo("laptop-a");
        assertThat(cell(ana, 2)).isEqualTo("4.4k"); // 4,000 in + 400 out
        assertThat(cell(".team-users tr[data-user='bo@example.com']", 3)).isEqualTo("1");
        // most spend first
        assertThat(browser.all(".team-users tbody tr").get(0).getAttribute("data-user"))
                .isEqualTo("ana@example.com");
        String laptopA = ".team-machines tr[data-machine='laptop-a']";
        assertThat(cell(laptopA, 3)).isEqualTo("2");
        assertThat(cell(laptopA, 4)).isEqualTo("ana@example.com");
        assertThat(cell(".team-projects tr[data-project='acme']", 2)).isEqualTo("3.3k");
        assertThat(cell(".team-live tr[data-session-id='" + b + "']", 2)).isEqualTo("laptop-b");
        assertThat(cell(".team-live tr[data-session-id='" + b + "']", 3)).isEqualTo("bo@example.com");
        WebElement hostile = browser.one(".team-machines tr[data-machine='" + XSS.replace("'", "\\'") + "']");
        assertThat(hostile.findElements(By.cssSelector("td")).get(0).getText()).isEqualTo(XSS);
        assertThat(browser.all(".team-page img")).isEmpty();
        assertThat(browser.one(".sum-card[data-card='people'] .big").getText()).isEqualTo("3");
        assertThat(browser.one(".sum-card[data-card='machines'] .big").getText())
                .isEqualTo("3");
        browser.screenshot("TeamPageTest-team");

        // another window is another request, and the address says which
        browser.one(".team-windows [data-window='24h']").click();
        browser.waitFor("main.team-page[data-window='24h'][data-loaded]");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/team?since=24h");
        browser.waitFor(".team-users tr[data-user='ana@example.com']");

        // Status: sessions come from more than one machine, so the filter is offered
        browser.driver.get(server.base() + "/#/status");
        browser.waitFor("article.card[data-session-id='" + a + "']");
        browser.waitFor(".filter-bar select[name='machine']");
        new Select(browser.one(".filter-bar select[name='machine']")).selectByValue("laptop-b");
        browser.waitGone("article.card[data-session-id='" + a + "']");
        browser.waitFor("article.card[data-session-id='" + b + "']");
        assertThat(browser.all("article.card")).hasSize(1);
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/status?machine=laptop-b");
        browser.screenshot("TeamPageTest-status-filtered");
        new Select(browser.one(".filter-bar select[name='person']")).selectByValue("ana@example.com");
        browser.waitGone("article.card[data-session-id='" + b + "']");
        browser.waitFor("p.quiet");
        browser.one(".filter-bar button.chip").click();
        browser.waitFor("article.card[data-session-id='" + c + "']");
        browser.waitFor("article.card[data-session-id='" + a + "']");
        try {
            browser.driver.switchTo().alert();
            throw new AssertionError("a hostile machine name ran as markup");
        } catch (NoAlertPresentException expected) {
            // inert
        }
    }
}
