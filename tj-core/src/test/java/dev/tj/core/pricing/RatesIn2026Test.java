package dev.tj.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tj.core.config.ConfigException;
import dev.tj.core.config.ConfigLoader;
import dev.tj.core.config.TjConfig;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanNames;
import dev.tj.core.span.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 2026 rates: new models, rates in force at a call's time, fast mode and US-only inference. */
class RatesIn2026Test {
    static final double EPS = 1e-9;
    static final Usage ONE_M_EACH = new Usage(1_000_000, 1_000_000, 1_000_000, 1_000_000, 0);
    final Pricing p = Pricing.packaged();

    @Test
    void the2026ClaudeModelsArePricedAtTheirStatedRates() {
        // in + out + cache read + 5m write (1.25x input)
        assertThat(p.quote("anthropic", "claude-opus-5-5", ONE_M_EACH).costUsd())
                .isCloseTo(4 + 20 + 0.20 + 5.0, within(EPS));
        assertThat(p.quote("anthropic", "claude-sonnet-5-5", ONE_M_EACH).costUsd())
                .isCloseTo(2 + 10 + 0.20 + 2.5, within(EPS));
        assertThat(p.quote("anthropic", "claude-fable-5-1", ONE_M_EACH).costUsd())
                .isCloseTo(10 + 50 + 0.25 + 12.5, within(EPS));
        PriceQuote dated = p.quote("anthropic", "claude-opus-5-5-20261015", ONE_M_EACH);
        assertThat(dated.rateKey()).isEqualTo("anthropic/claude-opus-5-5");
        assertThat(dated.fallback()).isFalse();
    }

    @Test
    void theCodexModelsOfTodayAreKnown() {
        for (String m : new String[] {
            "gpt-5.5",
            "gpt-5.4",
            "gpt-5.4-mini",
            "gpt-5.3-codex",
            "gpt-5.2-codex",
            "gpt-5.1-codex",
            "gpt-5.1-codex-mini",
            "gpt-5-codex",
            "gpt-5"
        }) {
            assertThat(p.quote("openai", m, ONE_M_EACH).fallback()).as(m).isFalse();
        }
        // gpt-5.5: 5 in, 30 out, 0.50 cached; OpenAI has no cache-write rate, so 1.25x input
        assertThat(p.quote("openai", "gpt-5.5", new Usage(1_000_000, 1_000_000, 1_000_000, 0, 0))
                        .costUsd())
                .isCloseTo(5 + 30 + 0.5, within(EPS));
    }

    @Test
    void aCallIsPricedAtTheRateInForceAtItsTime() {
        Usage u = new Usage(1_000_000, 1_000_000, 0, 0, 0);
        Instant lastIntroSecond = Instant.parse("2026-08-31T23:59:59Z");
        Instant firstStandard = Instant.parse("2026-09-01T00:00:00Z");
        assertThat(p.quote("anthropic", "claude-sonnet-5", u, lastIntroSecond, CallTerms.STANDARD)
                        .costUsd())
                .isCloseTo(2 + 10, within(EPS));
        assertThat(p.quote("anthropic", "claude-sonnet-5", u, firstStandard, CallTerms.STANDARD)
                        .costUsd())
                .isCloseTo(3 + 15, within(EPS));
        // no time: the latest rates
        assertThat(p.quote("anthropic", "claude-sonnet-5", u).costUsd()).isCloseTo(3 + 15, within(EPS));
        // a span is priced at its start time
        assertThat(p.price(llm("claude-sonnet-5", u, lastIntroSecond, Map.of())).costUsd())
                .isCloseTo(12.0, within(EPS));
        assertThat(p.price(llm("claude-sonnet-5", u, firstStandard, Map.of())).costUsd())
                .isCloseTo(18.0, within(EPS));
    }

    @Test
    void fastModeCostsTwiceStandardOnOpus5AndIsReadFromTheSpeedAttribute() {
        Usage u = new Usage(1_000_000, 1_000_000, 0, 0, 0);
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        double standard =
                p.price(llm("claude-opus-5", u, at, Map.of("speed", "normal"))).costUsd();
        double fast =
                p.price(llm("claude-opus-5", u, at, Map.of("speed", "fast"))).costUsd();
        assertThat(standard).isCloseTo(5 + 25, within(EPS));
        assertThat(fast).isCloseTo(2 * standard, within(EPS));
        // a model without a fast mode is priced standard whatever the call says
        assertThat(p.price(llm("claude-sonnet-4-5", u, at, Map.of("speed", "fast")))
                        .costUsd())
                .isCloseTo(18.0, within(EPS));
    }

    @Test
    void usOnlyInferenceCostsTenPercentMoreAndStacksWithFastMode() {
        Usage u = new Usage(1_000_000, 1_000_000, 0, 0, 0);
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        assertThat(p.price(llm("claude-opus-5", u, at, Map.of("inference_geo", "us")))
                        .costUsd())
                .isCloseTo(30 * 1.1, within(EPS));
        assertThat(p.price(llm("claude-opus-5", u, at, Map.of("inference_geo", "global")))
                        .costUsd())
                .isCloseTo(30, within(EPS));
        assertThat(p.price(llm("claude-opus-5", u, at, Map.of("inference_geo", "us", "speed", "fast")))
                        .costUsd())
                .isCloseTo(30 * 2 * 1.1, within(EPS));
        assertThat(CallTerms.of(Map.of("speed", "FAST", "inference_geo", "US"))).isEqualTo(new CallTerms(true, true));
    }

    @Test
    void overridesKeepWorkingAndCanStateDatesAndTerms(@TempDir Path home) throws IOException {
        Path f = home.resolve("tokenjam.toml");
        Files.writeString(f, """
                [pricing.anthropic."claude-sonnet-5"]
                input_per_mtok = 2.5
                [pricing.anthropic."claude-opus-5"]
                fast_multiplier = 3.0
                [pricing.models."house-model"]
                input_per_mtok = 1.0
                output_per_mtok = 1.0
                us_only_multiplier = 1.5
                earlier = [ { until = 2026-06-01, input_per_mtok = 0.5, output_per_mtok = 0.5 } ]
                """);
        TjConfig cfg = ConfigLoader.load(f, Map.of(), home, home);
        Pricing pr = Pricing.load(cfg, Map.of(), home);
        Usage u = new Usage(1_000_000, 1_000_000, 0, 0, 0);
        Instant summer = Instant.parse("2026-07-15T00:00:00Z");
        // an override of the input rate is the user's price at every date: the intro period goes
        assertThat(pr.quote("anthropic", "claude-sonnet-5", u, summer, CallTerms.STANDARD)
                        .costUsd())
                .isCloseTo(2.5 + 15, within(EPS));
        // an override of a multiplier keeps the packaged rates
        assertThat(pr.quote("anthropic", "claude-opus-5", u, summer, new CallTerms(true, false))
                        .costUsd())
                .isCloseTo(90, within(EPS));
        assertThat(pr.quote(null, "house-model", u, Instant.parse("2026-05-31T12:00:00Z"), CallTerms.STANDARD)
                        .costUsd())
                .isCloseTo(1.0, within(EPS));
        assertThat(pr.quote(null, "house-model", u, summer, new CallTerms(false, true))
                        .costUsd())
                .isCloseTo(3.0, within(EPS));
    }

    @Test
    void aMalformedEarlierRateIsAConfigErrorNamingTheKey(@TempDir Path home) throws IOException {
        Path f = home.resolve("tokenjam.toml");
        Files.writeString(f, """
                [pricing.models."house-model"]
                input_per_mtok = 1.0
                output_per_mtok = 1.0
                earlier = [ { until = "soon", input_per_mtok = 0.5, output_per_mtok = 0.5 } ]
                """);
        assertThatThrownBy(() -> Pricing.load(ConfigLoader.load(f, Map.of(), home, home), Map.of(), home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("until")
                .hasMessageContaining("date");
    }

    static Span llm(String model, Usage u, Instant at, Map<String, Object> attributes) {
        return Span.builder()
                .spanId("0000000000000001")
                .traceId("00000000000000000000000000000001")
                .sessionId("s")
                .name(SpanNames.LLM_CALL)
                .startTime(at)
                .provider("anthropic")
                .model(model)
                .usage(u)
                .attributes(attributes)
                .build();
    }
}
