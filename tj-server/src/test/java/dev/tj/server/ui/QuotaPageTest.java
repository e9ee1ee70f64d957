package dev.tj.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.quota.QuotaSnapshot;
import dev.tj.core.quota.QuotaWindow;
import dev.tj.core.quota.SpendLimit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/quota}, the session's share of the 5-hour window, and the Quota page in real
 * headless Chromium: two Claude Code sessions sent as OTLP at once, statusline snapshots around them
 * (seeded in the store: the statusline's own tests cover how they arrive), exact shares.
 */
class QuotaPageTest {
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

    static QuotaSnapshot snap(
            Instant at, String session, double five, double seven, Instant fiveReset, Instant sevenReset) {
        return new QuotaSnapshot(
                at,
                session,
                "statusline-prompt",
                "claude-sonnet-4-5",
                1.0,
                30.0,
                List.of(
                        new QuotaWindow(QuotaWindow.FIVE_HOUR, five, fiveReset),
                        new QuotaWindow(QuotaWindow.SEVEN_DAY, seven, sevenReset),
                        new QuotaWindow("seven_day_opus", 3, sevenReset)),
                new SpendLimit(12.5, 50, "month"),
                "laptop",
                "ann@example.com");
    }

    static Map<String, Double> points(JsonNode rows, String key) {
        Map<String, Double> m = new HashMap<>();
        rows.forEach(r -> m.put(r.get(key).asText(), r.get("points").asDouble()));
        return m;
    }

    @Test
    void windowsProjectionAndSharesFromRealCallsThenThePage() {
        browser.size(1400, 1100);
        server = UiServer.start(dir);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant t = now.minus(Duration.ofMinutes(20));
        Instant fiveReset = now.plus(Duration.ofHours(2)), sevenReset = now.plus(Duration.ofDays(3));
        String a = UUID.randomUUID().toString(), b = UUID.randomUUID().toString();
        Otlp.Cc ca = new Otlp.Cc("claude-code", a)
                .namespace("alpha")
                .at(t.plus(Duration.ofMinutes(1)))
                .prompt();
        Otlp.Cc cb =
                new Otlp.Cc("claude-code", b).at(t.plus(Duration.ofMinutes(2))).prompt();
        // the same model and kind of token: A's call is worth twice B's
        server.logs(ca.api(0, 2_000, 0, 0, 0.2).json());
        server.logs(cb.api(0, 1_000, 0, 0, 0.1).json());
        var quota = server.daemon.context().storage().quota();
        assertThat(quota.add(snap(t, a, 10, 5, fiveReset, sevenReset))).isTrue();
        assertThat(quota.add(snap(t.plus(Duration.ofMinutes(5)), b, 22, 6, fiveReset, sevenReset)))
                .isTrue();

        JsonNode q = UiServer.json(server.get("/api/v1/quota"));
        JsonNode five = q.get("windows").get(0);
        assertThat(five.get("name").asText()).isEqualTo("five_hour");
        assertThat(five.get("used_percentage").asDouble()).isEqualTo(22);
        assertThat(Instant.parse(five.get("resets_at").asText())).isEqualTo(fiveReset);
        assertThat(five.get("burn_rate_per_hour").asDouble())
                .as("12 points in 5 minutes")
                .isEqualTo(144);
        assertThat(five.get("runs_out_before_reset").asBoolean()).isTrue();
        assertThat(q.get("windows").findValuesAsText("name"))
                .containsExactly("five_hour", "seven_day", "seven_day_opus");
        assertThat(q.get("spend_limit").get("used_percentage").asDouble()).isEqualTo(25);

        JsonNode attr = q.get("attribution");
        assertThat(attr.get("window").asText()).isEqualTo("five_hour");
        assertThat(attr.get("rise_points").asDouble()).isEqualTo(22);
        // the first reading's 10 points came before any stored call: not explained
        assertThat(attr.get("unattributed_points").asDouble()).isEqualTo(10);
        assertThat(points(attr.get("sessions"), "session_id")).containsOnlyKeys(a, b);
        assertThat(points(attr.get("sessions"), "session_id").get(a)).isCloseTo(8, within(0.01));
        assertThat(points(attr.get("sessions"), "session_id").get(b)).isCloseTo(4, within(0.01));
        assertThat(points(attr.get("prompts"), "prompt_id").get(ca.promptId)).isCloseTo(8, within(0.01));
        assertThat(points(attr.get("projects"), "project").get("alpha")).isCloseTo(8, within(0.01));
        assertThat(q.get("series")).hasSize(2);
        assertThat(q.get("bands")).hasSize(2);
        assertThat(q.get("bands").get(0).get("session_id").isNull())
                .as("no stored call before the first reading")
                .isTrue();
        assertThat(q.get("bands").get(1).get("session_id").asText()).isEqualTo(a);

        JsonNode weekly = UiServer.json(server.get("/api/v1/quota?window=seven_day"));
        assertThat(points(weekly.get("attribution").get("sessions"), "session_id")
                        .get(a))
                .isCloseTo(2 / 3.0, within(0.01));

        assertThat(server.get("/api/v1/quota?since=yesterday-ish").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/v1/quota?window=%3Cscript%3E").statusCode()).isEqualTo(400);

        JsonNode detail = UiServer.json(server.get("/api/v1/sessions/" + a));
        assertThat(detail.get("session").get("quota_share").get("five_hour").asDouble())
                .isCloseTo(8, within(0.01));

        // the page: cards, the chart with its bands, and the tables
        browser.driver.get(server.base() + "/#/quota");
        browser.waitFor("main.quota-page[data-loaded]");
        assertThat(browser.one(".quota-card[data-window='five_hour'] .big").getText())
                .isEqualTo("22.0%");
        assertThat(browser.one(".quota-card[data-window='five_hour'] .quota-out")
                        .getText())
                .contains("runs out");
        assertThat(browser.all(".quota-chart rect.quota-band")).hasSize(2);
        assertThat(browser.one(".quota-sessions tr[data-key='" + a + "'] td[data-points]")
                        .getText())
                .isEqualTo("8.0%");
        assertThat(browser.one(".quota-projects tr[data-key='alpha'] td[data-points]")
                        .getText())
                .isEqualTo("8.0%");
        assertThat(browser.one(".sum-card[data-card='spend-limit'] .big").getText())
                .isEqualTo("$12.50 / $50.00");
        browser.screenshot("QuotaPageTest-quota");

        browser.one(".team-windows [data-window='seven_day']").click();
        browser.waitFor("main.quota-page[data-window='seven_day'][data-loaded]");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/quota?window=seven_day&range=current");
        browser.waitFor(".quota-sessions tr[data-key='" + a + "']");

        // the session page says what it took of the 5-hour window
        browser.driver.get(server.base() + "/#/sessions/" + a);
        browser.waitFor("[data-fact='quota-share']");
        assertThat(browser.one("[data-fact='quota-share'] dd").getText()).isEqualTo("8.0% of the limit");
    }

    @Test
    void withoutSnapshotsThePageSaysHowToGetThem() {
        server = UiServer.start(dir);
        JsonNode q = UiServer.json(server.get("/api/v1/quota"));
        assertThat(q.get("last_snapshot_at").isNull()).isTrue();
        assertThat(q.get("windows")).isEmpty();
        browser.driver.get(server.base() + "/#/quota");
        browser.waitFor("main.quota-page[data-empty]");
        assertThat(browser.one("main.quota-page").getText()).contains("tj statusline");
    }
}
