package dev.tj.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tj.core.agent.Codex;
import dev.tj.core.config.ConfigException;
import dev.tj.core.config.ConfigLoader;
import dev.tj.core.config.TjConfig;
import dev.tj.core.span.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricingTest {
    static final double EPS = 1e-9;
    final Pricing p = Pricing.packaged();

    static Usage usage(long in, long out, long cacheRead, long cacheWrite) {
        return new Usage(in, out, cacheRead, cacheWrite, 0);
    }

    @Test
    void referenceWorkedExample() {
        PriceQuote q = p.quote("anthropic", "claude-sonnet-4-6", usage(1000, 500, 20000, 3000));
        assertThat(q.costUsd()).isCloseTo(0.02775, within(EPS));
        assertThat(q.source()).isEqualTo(RateSource.PACKAGED);
        assertThat(q.rateKey()).isEqualTo("anthropic/claude-sonnet-4-6");
        assertThat(q.fallback()).isFalse();
    }

    @Test
    void claudeCodeFixtureSessionPricesToTheCostClaudeCodeReported() {
        PriceQuote q = p.quote("anthropic", "claude-sonnet-4-5-20250929", usage(78, 4428, 324856, 9064));
        assertThat(q.costUsd()).isCloseTo(0.198101, within(1e-6));
        assertThat(q.rateKey()).isEqualTo("anthropic/claude-sonnet-4-5");
    }

    // The token convention (docs/tokens.md) moved OpenAI's cached tokens out of input where usage is
    // read; these three pinned the old in-pricing subtraction and now pin that the cost is unchanged.
    @Test
    void codexFixtureSessionCostIsUnchangedUnderTheTokenConvention() {
        // gpt-5-codex: 20937 input of which 2351 cached, 887 output (OpenAI's counts)
        PriceQuote q = p.quote("openai", "gpt-5-codex", Codex.usage(20937, 2351, 0, 887));
        double expected = ((20937 - 2351) * 1.25 + 2351 * 0.125 + 887 * 10.0) / 1e6;
        assertThat(q.costUsd()).isCloseTo(expected, within(EPS));
    }

    @Test
    void openAiCachedTokensAreNotBilledTwice() {
        // 1M OpenAI input of which 400k cached = 600k input + 400k cache read: 600k at 2.50 + 400k at 1.25
        PriceQuote q = p.quote("openai", "gpt-4o", new Usage(600_000, 0, 400_000, 0, 0));
        assertThat(q.costUsd()).isCloseTo(0.6 * 2.50 + 0.4 * 1.25, within(EPS));
        // Anthropic: the same numbers, the same disjoint classes
        PriceQuote a = p.quote("anthropic", "claude-sonnet-4-5", new Usage(600_000, 0, 400_000, 0, 0));
        assertThat(a.costUsd()).isCloseTo(0.6 * 3.0 + 0.4 * 0.30, within(EPS));
    }

    @Test
    void openAiRatesApplyWhenTheProviderIsInferredFromTheModel() {
        PriceQuote q = p.quote(null, "gpt-4o", new Usage(600_000, 0, 400_000, 0, 0));
        assertThat(q.costUsd()).isCloseTo(0.6 * 2.50 + 0.4 * 1.25, within(EPS));
        assertThat(q.rateKey()).isEqualTo("openai/gpt-4o");
    }

    @Test
    void oneHourCacheWritesCostTwiceInput() {
        PriceQuote q = p.quote("anthropic", "claude-sonnet-4-5", new Usage(0, 0, 0, 1_000_000, 1_000_000));
        assertThat(q.costUsd()).isCloseTo(3.75 + 6.00, within(EPS));
    }

    @Test
    void missingCacheReadRateChargesFullInputNeverFree() {
        // google gemini has no cache rates in the table
        PriceQuote q = p.quote("google", "gemini-2.5-pro", new Usage(0, 0, 1_000_000, 1_000_000, 0));
        assertThat(q.costUsd()).isCloseTo(1.25 + 1.25 * 1.25, within(EPS));
    }

    @Test
    void unknownModelGetsMarkedFallbackRatesWithPricedCache() {
        PriceQuote q = p.quote("anthropic", "some-new-model", new Usage(1_000_000, 1_000_000, 1_000_000, 1_000_000, 0));
        assertThat(q.source()).isEqualTo(RateSource.FALLBACK);
        assertThat(q.fallback()).isTrue();
        assertThat(q.rateKey()).isEqualTo("fallback");
        assertThat(q.costUsd()).isCloseTo(0.50 + 2.00 + 0.05 + 0.625, within(EPS));
        // second call is served from the cache and still marked
        assertThat(p.quote("anthropic", "some-new-model", usage(1, 0, 0, 0)).fallback())
                .isTrue();
    }

    @Test
    void zeroUsageCostsNothingButKeepsTheSource() {
        assertThat(p.quote("anthropic", "claude-opus-4-6", Usage.ZERO))
                .isEqualTo(new PriceQuote(0.0, RateSource.PACKAGED, "anthropic/claude-opus-4-6"));
        assertThat(p.quote("anthropic", "nope-zero", Usage.ZERO).source()).isEqualTo(RateSource.FALLBACK);
        assertThat(p.quote("anthropic", "claude-opus-4-6", null).costUsd()).isZero();
    }

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource(
            nullValues = "null",
            value = {
                "anthropic, claude-3-5-haiku-20241022, anthropic/claude-haiku-3-5",
                "anthropic, claude-haiku-4-5-20251001, anthropic/claude-haiku-4-5",
                "anthropic, claude-sonnet-4-20250514, anthropic/claude-sonnet-4",
                "anthropic, claude-opus-4-1-20250805, anthropic/claude-opus-4-1",
                "anthropic, claude-opus-4.5, anthropic/claude-opus-4-5",
                "anthropic, claude-3-7-sonnet-20250219, anthropic/claude-3-7-sonnet",
                "anthropic, claude-3-5-sonnet-20241022, anthropic/claude-3-5-sonnet",
                "anthropic, claude-3-opus-20240229, anthropic/claude-3-opus",
                "anthropic, claude-3-haiku-20240307, anthropic/claude-3-haiku",
                "anthropic, claude-sonnet-4-0, anthropic/claude-sonnet-4",
                "anthropic, claude-opus-4-0, anthropic/claude-opus-4",
                "anthropic, anthropic/claude-sonnet-4-6, anthropic/claude-sonnet-4-6",
                "google, gemini-2.5-pro, google/gemini-2-5-pro",
                "gemini, gemini-2.5-flash, google/gemini-2-5-flash",
                "openai, gpt-4o-mini-2024-07-18, openai/gpt-4o-mini",
                "openai, openai/gpt-4o, openai/gpt-4o",
                "azure, gpt-4o, openai/gpt-4o",
                "openai, gpt-5, openai/gpt-5",
                "openai, gpt-5-mini, openai/gpt-5-mini",
                "null, claude-sonnet-4-5, anthropic/claude-sonnet-4-5",
                "unknown, claude-3-5-haiku-20241022, anthropic/claude-haiku-3-5",
                "unknown, gemini-2.5-pro, google/gemini-2-5-pro",
                "unknown, deepseek-chat, deepseek/deepseek-chat",
                "null, grok-3, xai/grok-3",
                "openai, deepseek-chat, deepseek/deepseek-chat",
                "bedrock, us.amazon.nova-pro-v1:0, aws/us-amazon-nova-pro-v1",
                "aws.bedrock, us.anthropic.claude-opus-4-1-20250805-v1:0, aws/us-anthropic-claude-opus-4-1-20250805-v1",
                "bedrock, anthropic.claude-3-5-haiku-20241022-v1:0, anthropic/claude-haiku-3-5",
                "vertex_ai, claude-3-5-haiku@20241022, anthropic/claude-haiku-3-5",
                "hud, claude-sonnet-4-5, hud/claude-sonnet-4-5",
            })
    void namesResolve(String provider, String model, String rateKey) {
        PriceQuote q = p.quote(provider, model, usage(1, 1, 0, 0));
        assertThat(q.rateKey()).isEqualTo(rateKey);
        assertThat(q.source()).isEqualTo(RateSource.PACKAGED);
    }

    @Test
    void claude35HaikuDatedGetsHaiku35RatesNotTheDefault() {
        PriceQuote q =
                p.quote("anthropic", "claude-3-5-haiku-20241022", usage(1_000_000, 1_000_000, 1_000_000, 1_000_000));
        assertThat(q.costUsd()).isCloseTo(0.80 + 4.00 + 0.08 + 1.00, within(EPS));
    }

    @Test
    void localInferenceIsFree() {
        PriceQuote q = p.quote("ollama", "llama3.1:8b", usage(1000, 1000, 0, 0));
        assertThat(q.costUsd()).isZero();
        assertThat(q.fallback()).isFalse();
    }

    @Test
    void packagedTableHasEveryReferenceRowPlusAdditions() {
        List<RateEntry> entries = p.entries();
        assertThat(entries).hasSize(31 + 7 + 16); // reference rows, tj additions, 2026 models
        assertThat(entries).allMatch(e -> e.source() == RateSource.PACKAGED);
        assertThat(entries)
                .extracting(RateEntry::rateKey)
                .contains(
                        "anthropic/claude-fable-5",
                        "openai/o4-mini",
                        "aws/global-anthropic-claude-opus-4-5-20251101-v1",
                        "hud/claude-sonnet-4-5",
                        "deepseek/deepseek-reasoner",
                        "openai/gpt-5-codex",
                        "anthropic/claude-3-haiku");
        RateEntry o4 = entries.stream()
                .filter(e -> e.rateKey().equals("openai/o4-mini"))
                .findFirst()
                .orElseThrow();
        assertThat(o4.cacheReadPerMtok()).isEqualTo(0.275);
        assertThat(o4.cacheWritePerMtok()).isNull();
        assertThat(entries)
                .isSortedAccordingTo(
                        java.util.Comparator.comparing(RateEntry::provider).thenComparing(RateEntry::model));
    }

    // ---- overrides ---------------------------------------------------------------------------

    static TjConfig config(Path dir, String toml) throws IOException {
        Path f = dir.resolve("tokenjam.toml");
        Files.writeString(f, toml);
        return ConfigLoader.load(f, Map.of(), dir, dir);
    }

    @Test
    void precedencePackagedThenFileThenConfigThenModelKeyed(@TempDir Path home) throws IOException {
        Path file = home.resolve(".config/tj/pricing.toml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                [anthropic."claude-sonnet-4-5"]
                input_per_mtok = 4.0
                [anthropic."claude-opus-4-6"]
                input_per_mtok = 6.0
                [openai."gpt-4o"]
                input_per_mtok = 9.0
                [models."my-model"]
                input_per_mtok = 1.0
                output_per_mtok = 1.0
                """);
        TjConfig cfg = config(home, """
                [pricing.anthropic."claude-opus-4-6"]
                input_per_mtok = 7.0
                [pricing.models."gpt-4o"]
                input_per_mtok = 11.0
                output_per_mtok = 12.0
                """);
        Pricing pr = Pricing.load(cfg, Map.of(), home);
        Usage oneMIn = usage(1_000_000, 0, 0, 0);

        // file overrides packaged; output inherited from the packaged row
        PriceQuote sonnet = pr.quote("anthropic", "claude-sonnet-4-5-20250929", usage(1_000_000, 1_000_000, 0, 0));
        assertThat(sonnet.costUsd()).isCloseTo(4.0 + 15.0, within(EPS));
        assertThat(sonnet.source()).isEqualTo(RateSource.OVERRIDE);
        // config overrides file
        assertThat(pr.quote("anthropic", "claude-opus-4-6", oneMIn).costUsd()).isCloseTo(7.0, within(EPS));
        // model-keyed wins over provider-keyed, whatever the provider says
        PriceQuote gpt = pr.quote("openai", "gpt-4o-2024-08-06", oneMIn);
        assertThat(gpt.costUsd()).isCloseTo(11.0, within(EPS));
        assertThat(gpt.rateKey()).isEqualTo("*/gpt-4o");
        assertThat(pr.quote("unknown", "my-model", oneMIn).costUsd()).isCloseTo(1.0, within(EPS));
        assertThat(pr.quote("unknown", "my-model", oneMIn).source()).isEqualTo(RateSource.OVERRIDE);
        // untouched rows stay packaged
        assertThat(pr.quote("anthropic", "claude-haiku-4-5", oneMIn).source()).isEqualTo(RateSource.PACKAGED);

        assertThat(pr.entries())
                .filteredOn(e -> e.source() == RateSource.OVERRIDE)
                .extracting(RateEntry::rateKey)
                .containsExactlyInAnyOrder(
                        "anthropic/claude-sonnet-4-5",
                        "anthropic/claude-opus-4-6",
                        "openai/gpt-4o",
                        "*/my-model",
                        "*/gpt-4o");
    }

    @Test
    void tjPricingFileEnvWinsOverTheDefaultFileLocation(@TempDir Path home) throws IOException {
        Path dflt = home.resolve(".config/tj/pricing.toml");
        Files.createDirectories(dflt.getParent());
        Files.writeString(dflt, "[anthropic.\"claude-sonnet-4-5\"]\ninput_per_mtok = 4.0\n");
        Path other = home.resolve("rates.toml");
        Files.writeString(other, "[anthropic.\"claude-sonnet-4-5\"]\ninput_per_mtok = 5.0\n");
        Pricing pr = Pricing.load(null, Map.of("TJ_PRICING_FILE", other.toString()), home);
        assertThat(pr.quote("anthropic", "claude-sonnet-4-5", usage(1_000_000, 0, 0, 0))
                        .costUsd())
                .isCloseTo(5.0, within(EPS));
    }

    @Test
    void dottedOverrideKeyReplacesTheHyphenatedPackagedRow(@TempDir Path home) throws IOException {
        TjConfig cfg = config(home, "[pricing.google.\"gemini-2.5-pro\"]\ninput_per_mtok = 2.0\n");
        Pricing pr = Pricing.load(cfg, Map.of(), home);
        assertThat(pr.quote("google", "gemini-2-5-pro", usage(1_000_000, 0, 0, 0))
                        .costUsd())
                .isCloseTo(2.0, within(EPS));
    }

    @Test
    void newOverrideEntryNeedsInputAndOutput(@TempDir Path home) throws IOException {
        TjConfig cfg = config(home, "[pricing.anthropic.\"brand-new\"]\ninput_per_mtok = 2.0\n");
        assertThatThrownBy(() -> Pricing.load(cfg, Map.of(), home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("output_per_mtok");
    }

    @Test
    void malformedPricingFileNamesFileLineAndColumn(@TempDir Path home) throws IOException {
        Path f = home.resolve("bad.toml");
        Files.writeString(f, "[anthropic.\"x\"]\ninput_per_mtok = 1.0\noutput_per_mtok = \"lots\"\n");
        assertThatThrownBy(() -> Pricing.load(null, Map.of("TJ_PRICING_FILE", f.toString()), home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":3:1");

        Files.writeString(f, "[anthropic.\"x\"\ninput_per_mtok = 1.0\n");
        assertThatThrownBy(() -> Pricing.load(null, Map.of("TJ_PRICING_FILE", f.toString()), home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":1:");

        Files.writeString(
                f, "[anthropic.\"x\"]\ninput_per_mtok = 1.0\noutput_per_mtok = 2.0\ncache_reed_per_mtok = 2.0\n");
        assertThatThrownBy(() -> Pricing.load(null, Map.of("TJ_PRICING_FILE", f.toString()), home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":4:1")
                .hasMessageContaining("cache_reed");

        Files.writeString(f, "[anthropic]\nx = 3\n");
        assertThatThrownBy(() -> Pricing.load(null, Map.of("TJ_PRICING_FILE", f.toString()), home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":2:1");
    }

    @Test
    void aNamedPricingFileThatDoesNotExistIsAnError(@TempDir Path home) {
        assertThatThrownBy(() -> Pricing.load(
                        null,
                        Map.of("TJ_PRICING_FILE", home.resolve("nope.toml").toString()),
                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.toml");
    }

    @Test
    void noOverridesMeansPackagedRates(@TempDir Path home) {
        Pricing pr = Pricing.load(TjConfig.defaults(home.resolve(".tj")), Map.of(), home);
        assertThat(pr.entries()).isEqualTo(Pricing.packaged().entries());
    }

    @Test
    void ratesForShowsEffectiveRates() {
        RateEntry e = p.ratesFor("google", "gemini-2.5-pro");
        assertThat(e.rateKey()).isEqualTo("google/gemini-2-5-pro");
        assertThat(e.cacheReadPerMtok()).isEqualTo(1.25);
        assertThat(e.cacheWritePerMtok()).isCloseTo(1.5625, within(EPS));
    }

    @Test
    void concurrentQuotesAgree() throws Exception {
        Pricing pr = Pricing.load(null, Map.of(), Path.of("/nonexistent-home"));
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<Double>> fs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String model = i % 2 == 0 ? "claude-sonnet-4-5-20250929" : "claude-3-5-haiku-20241022";
                fs.add(ex.submit(() -> {
                    double sum = 0;
                    for (int k = 0; k < 1000; k++)
                        sum += pr.quote("anthropic", model, usage(1000, 100, 0, 0))
                                .costUsd();
                    return sum;
                }));
            }
            for (int i = 0; i < fs.size(); i++) {
                double one = i % 2 == 0 ? (1000 * 3.0 + 100 * 15.0) / 1e6 : (1000 * 0.8 + 100 * 4.0) / 1e6;
                assertThat(fs.get(i).get()).isCloseTo(one * 1000, within(1e-9));
            }
        } finally {
            ex.shutdown();
        }
    }
}
