package dev.tj.core.quota;

import static dev.tj.testkit.StatuslinePayloads.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.testkit.StatuslinePayloads;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusLineTest {
    static String line(String json) {
        return StatusLine.render(StatusLineInput.lenient(json), NOW, null);
    }

    static String fiveHour(String window) {
        return "{\"rate_limits\":{\"five_hour\":" + window + "}}";
    }

    @Test
    void eachDocumentedVariantGivesItsLine() {
        for (Map.Entry<String, String> e : StatuslinePayloads.expectedLines().entrySet())
            assertThat(line(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }

    @Test
    void apiUserHasNoWindowsAndNoQuotaToStore() {
        StatusLineInput in = StatusLineInput.lenient(StatuslinePayloads.API);
        assertThat(in.plan()).isFalse();
        assertThat(in.windows()).isEmpty();
        assertThat(in.spend()).isNull();
        QuotaSnapshot s = in.snapshot(Instant.ofEpochSecond(NOW), "m", "u");
        assertThat(s.hasQuota()).isFalse();
        assertThat(s.sessionId()).isEqualTo("5f0c9a8e-1d2b-4c3a-9e8f-7a6b5c4d3e2f");
        assertThat(s.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(s.sessionCostUsd()).isEqualTo(0.4213);
        assertThat(s.contextUsedPercent()).isEqualTo(12.3);
    }

    @Test
    void maxKeepsEveryWindowInRangeWithItsResetWhateverItsFormAndDropsTheOneAbove100() {
        StatusLineInput in = StatusLineInput.lenient(StatuslinePayloads.MAX);
        assertThat(in.plan()).isTrue();
        assertThat(in.windows())
                .containsExactly(
                        new QuotaWindow("five_hour", 80, Instant.ofEpochSecond(NOW + 3 * 3600)),
                        new QuotaWindow("seven_day", 13.6, Instant.ofEpochSecond(NOW + 4 * 86400 + 2 * 3600)),
                        new QuotaWindow("seven_day_opus", 20, Instant.ofEpochSecond(NOW + 86400)));
        QuotaSnapshot s = in.snapshot(Instant.ofEpochSecond(NOW), "box", "ann");
        assertThat(s.hasQuota()).isTrue();
        assertThat(s.promptId()).isEqualTo("p-0042");
        assertThat(s.machine()).isEqualTo("box");
        assertThat(s.user()).isEqualTo("ann");
        assertThat(s.model()).isEqualTo("claude-opus-4-1-20250805");
    }

    @Test
    void proWindowsResetFromEpochSecondsAndIsoAlike() {
        StatusLineInput in = StatusLineInput.lenient(StatuslinePayloads.PRO);
        assertThat(in.window("seven_day").orElseThrow().resetsAt()).isEqualTo(Instant.parse("2026-12-03T17:33:20Z"));
        assertThat(in.window("five_hour").orElseThrow().resetsAt()).isEqualTo(Instant.ofEpochSecond(NOW + 4740));
    }

    @Test
    void gatewaySpendLimitIsNotAPlanButIsQuota() {
        StatusLineInput in = StatusLineInput.lenient(StatuslinePayloads.GATEWAY);
        assertThat(in.plan()).isFalse();
        assertThat(in.spend()).isEqualTo(new SpendLimit(12.3, 50, "month"));
        assertThat(in.snapshot(Instant.ofEpochSecond(NOW), null, null).hasQuota())
                .isTrue();
    }

    @Test
    void resetsAtInEveryFormClientsSend() {
        long t = NOW + 3600;
        for (String v : new String[] {
            "" + t,
            "\"" + t + "\"",
            t + ".7",
            "" + t * 1000,
            "\"" + (t * 1000 + 999) + "\"",
            "\"2026-11-30T18:33:20Z\"",
            "\"2026-11-30T18:33:20.250Z\"",
            "\"2026-11-30 18:33:20\"",
            "\"2026-11-30T19:33:20+01:00\"",
            "\"2026-11-30T16:03:20-0230\"",
            "1.7960636e9"
        }) {
            StatusLineInput in = StatusLineInput.lenient(fiveHour("{\"used_percentage\":10,\"resets_at\":" + v + "}"));
            assertThat(in.windows()).as(v).hasSize(1);
            assertThat(in.windows().get(0).resetsAt()).as(v).isEqualTo(Instant.ofEpochSecond(t));
        }
    }

    @Test
    void aResetThatIsNotATimeIsLeftOutButTheWindowStays() {
        for (String v : new String[] {
            "null",
            "true",
            "\"soon\"",
            "-5",
            "0",
            "1e14",
            "\"2026-13-01T00:00:00Z\"",
            "\"2026-11-30T18:33\"x\"",
            "\"1969-12-31T23:59:59Z\"",
            "\"2026-11-30T18:33:20+25:00\"",
            "{}",
            "\"0x6B0B2E00\""
        }) {
            StatusLineInput in = StatusLineInput.lenient(fiveHour("{\"used_percentage\":10,\"resets_at\":" + v + "}"));
            if (v.contains("x\"")) continue; // not JSON: covered by the truncation tests
            assertThat(in.windows()).as(v).hasSize(1);
            assertThat(in.windows().get(0).resetsAt()).as(v).isNull();
            assertThat(StatusLine.render(in, NOW, null)).as(v).isEqualTo("5h 10%");
        }
        assertThat(StatusLineInput.lenient(fiveHour("{\"used_percentage\":10}"))
                        .windows()
                        .get(0)
                        .resetsAt())
                .isNull();
    }

    @Test
    void percentagesOutsideZeroToHundredAreNeitherShownNorKept() {
        String json = "{\"context_window\":{\"used_percentage\":140},\"cost\":{\"total_cost_usd\":-1},"
                + "\"rate_limits\":{\"five_hour\":{\"used_percentage\":-3,\"resets_at\":" + (NOW + 60) + "},"
                + "\"seven_day\":{\"used_percentage\":1e999},\"seven_day_opus\":{\"used_percentage\":\"NaN\"},"
                + "\"seven_day_sonnet\":{\"used_percentage\":100,\"resets_at\":" + (NOW + 60) + "}}}";
        StatusLineInput in = StatusLineInput.lenient(json);
        assertThat(in.contextPercent()).isNull();
        assertThat(in.costUsd()).isNull();
        assertThat(in.windows()).extracting(QuotaWindow::name).containsExactly("seven_day_sonnet");
        // still a plan (five_hour is there), and the full window is out already
        assertThat(StatusLine.render(in, NOW, null)).isEqualTo("sonnet 100% ↻1m ⚠ out");
    }

    @Test
    void brokenInputStillGivesALine() {
        assertThat(line(null)).isEqualTo("tj");
        assertThat(line("")).isEqualTo("tj");
        assertThat(line("   \n")).isEqualTo("tj");
        assertThat(line("not json at all")).isEqualTo("tj");
        assertThat(line("[1,2,3]")).isEqualTo("tj");
        assertThat(line("\"Opus\"")).isEqualTo("tj");
        assertThat(line("{}")).isEqualTo("tj");
        assertThat(line("{\"model\":null,\"cost\":\"free\",\"rate_limits\":null,\"context_window\":[]}"))
                .isEqualTo("tj");
        // cut short: what came before the cut is shown; a number at the cut may have lost digits
        String max = StatuslinePayloads.MAX;
        assertThat(line(max.substring(0, max.indexOf("\"version\"")))).isEqualTo("Opus 4.1");
        assertThat(line(max.substring(0, max.indexOf("\"total_duration_ms\"")))).isEqualTo("Opus 4.1 · $3.20");
        assertThat(line("{\"model\":{\"display_name\":\"Opus 4.1\"},\"cost\":{\"total_cost_usd\":3.2"))
                .isEqualTo("Opus 4.1");
        assertThat(line("{\"model\":{\"display_name\":\"Opus 4.1\"},\"context_window\":{\"used_percentage\":42 ,"))
                .isEqualTo("Opus 4.1 · ctx 42%");
    }

    @Test
    void unknownFieldsAndOddTypesAreIgnored() {
        String json =
                "{\"model\":\"Haiku 4.5\",\"future\":{\"x\":[1,{\"y\":null}]},\"cost\":{\"total_cost_usd\":\"0.5\"},"
                        + "\"rate_limits\":{\"five_hour\":{\"used_percentage\":\"12.5\",\"resets_at\":\""
                        + (NOW + 18000)
                        + "\",\"extra\":true},\"weird window!\":{\"used_percentage\":5},\"seven_day\":7,"
                        + "\"new_window\":{\"used_percentage\":30}}}";
        StatusLineInput in = StatusLineInput.lenient(json);
        assertThat(in.windows()).extracting(QuotaWindow::name).containsExactly("five_hour", "new_window");
        // 12.5 rounds to 13 like C's floor(x + 0.5); a reset a full window away is the start: no pace yet
        assertThat(StatusLine.render(in, NOW, null)).isEqualTo("Haiku 4.5 · ~$0.50 API · 5h 13% ↻5h0m");
    }

    @Test
    void modelNamesLoseControlCharactersAndFallBackToTheId() {
        assertThat(line("{\"model\":{\"id\":\"claude-x\",\"display_name\":\"\"}}"))
                .isEqualTo("claude-x");
        assertThat(line("{\"model\":{\"display_name\":\"Op\\u00e9\\n\\u0000\\ud83d\\ude00 \\ud800x\"}}"))
                .isEqualTo("Opé  \uD83D\uDE00 ?x");
    }

    @Test
    void paceWarnsOnlyWhenTheCurrentRateRunsOutBeforeTheReset() {
        // 5 h window, 1 h in (4 h left), 30 % used: 150 % projected; 70 % more at 30 %/h is 2h20m
        assertThat(StatusLine.pace(30, 18000, 14400)).isEqualTo("⚠ out in 2h20m");
        // 20 % after 1 h: exactly 100 % at the reset, not over
        assertThat(StatusLine.pace(20, 18000, 14400)).isNull();
        assertThat(StatusLine.pace(19.9, 18000, 14400)).isNull();
        // 7 d window, 1 day in, 50 % used: out in a day
        assertThat(StatusLine.pace(50, 604800, 518400)).isEqualTo("⚠ out in 1d0h");
        assertThat(StatusLine.pace(100, 18000, 100)).isEqualTo("⚠ out");
        assertThat(StatusLine.pace(0, 18000, 100)).isNull();
        // a reset further away than the window is long (a clock that went back): no pace
        assertThat(StatusLine.pace(50, 18000, 18000)).isNull();
        assertThat(StatusLine.pace(50, 18000, 20000)).isNull();
        assertThat(StatusLine.window("5h", new QuotaWindow("five_hour", 30, Instant.ofEpochSecond(NOW + 14400)), NOW))
                .isEqualTo("5h 30% ↻4h0m ⚠ out in 2h20m");
        // past its reset: the reading is stale, no time shown
        assertThat(StatusLine.window("5h", new QuotaWindow("five_hour", 30, Instant.ofEpochSecond(NOW - 1)), NOW))
                .isEqualTo("5h 30%");
    }

    @Test
    void durationsAndAmounts() {
        assertThat(StatusLine.duration(59)).isEqualTo("<1m");
        assertThat(StatusLine.duration(60)).isEqualTo("1m");
        assertThat(StatusLine.duration(3599)).isEqualTo("59m");
        assertThat(StatusLine.duration(3600 + 13 * 60 + 59)).isEqualTo("1h13m");
        assertThat(StatusLine.duration(86400 * 3 + 4 * 3600 + 3599)).isEqualTo("3d4h");
        assertThat(StatusLine.money(0.125)).isEqualTo("0.12");
        assertThat(StatusLine.money(0.375)).isEqualTo("0.38");
        assertThat(StatusLine.money(-0.0)).isEqualTo("0.00");
        assertThat(StatusLine.limit(50)).isEqualTo("50");
        assertThat(StatusLine.limit(49.5)).isEqualTo("49.50");
        assertThat(StatusLine.period("Monthly")).isEqualTo("mo");
        assertThat(StatusLine.period("quarter")).isEqualTo("quarter");
        assertThat(StatusLine.period("a very long period")).isNull();
    }

    @Test
    void anExtraSegmentGoesLast() {
        assertThat(StatusLine.render(StatusLineInput.lenient(StatuslinePayloads.GATEWAY), NOW, "12% of 5h"))
                .isEqualTo("Sonnet 4.5 · $12.50 · ctx 7% · $12.30/$50 mo · 12% of 5h");
        assertThat(StatusLine.render(StatusLineInput.EMPTY, NOW, "x")).isEqualTo("x");
    }

    @Test
    void civilDaysMatchJavaTime() {
        for (String d : new String[] {"1970-01-01", "2000-02-29", "2026-03-01", "2100-12-31", "2400-02-29"})
            assertThat(ResetsAt.daysFromCivil(
                            Integer.parseInt(d.substring(0, 4)),
                            Integer.parseInt(d.substring(5, 7)),
                            Integer.parseInt(d.substring(8))))
                    .as(d)
                    .isEqualTo(java.time.LocalDate.parse(d).toEpochDay());
    }
}
