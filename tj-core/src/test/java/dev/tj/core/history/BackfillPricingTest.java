package dev.tj.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfilled spans are priced exactly once: by the sink's pipeline when it prices, else by the same Pricing.price call. */
class BackfillPricingTest {
    @TempDir
    Path root;

    /** A sink that records what it is given, and says whether it prices on arrival (as the daemon does). */
    static final class Capture implements BackfillSink {
        final boolean prices;
        final List<Span> written = new ArrayList<>();

        Capture(boolean prices) {
            this.prices = prices;
        }

        @Override
        public Map<String, SourceFile> sourceFiles() {
            return Map.of();
        }

        @Override
        public boolean pricesOnArrival() {
            return prices;
        }

        @Override
        public Written write(List<Span> spans, List<SourceFile> files) {
            written.addAll(spans);
            return new Written(spans.size(), 0, 0, 0, 0.0);
        }
    }

    List<Span> backfill(boolean sinkPrices) throws Exception {
        Path f = root.resolve("2026/11/20/rollout-2026-11-20T09-29-00-0199aaaa-bbbb-7ccc-8ddd-eeeeffff0001.jsonl");
        Files.createDirectories(f.getParent());
        Files.writeString(
                f,
                String.join(
                                "\n",
                                "{\"timestamp\":\"2026-08-31T09:29:00Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"s-price\",\"originator\":\"codex_exec\"}}",
                                "{\"timestamp\":\"2026-08-31T09:29:00Z\",\"type\":\"turn_context\",\"payload\":{\"model\":\"gpt-5-codex\"}}",
                                "{\"timestamp\":\"2026-08-31T09:29:01Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{"
                                        + "\"last_token_usage\":{\"input_tokens\":5493,\"cached_input_tokens\":2100,\"output_tokens\":700,\"reasoning_output_tokens\":300}}}}")
                        + "\n");
        Capture sink = new Capture(sinkPrices);
        Clock later = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        new BackfillService(sink, Pricing.packaged(), later)
                .codex(new BackfillService.Options(List.of(root), null, false, 1), new Progress());
        return sink.written;
    }

    @Test
    void aSinkThatPricesGetsUnpricedSpansAndTheLocalSinkGetsThePipelinePrice() throws Exception {
        Span unpriced =
                backfill(true).stream().filter(Span::isLlmCall).findFirst().orElseThrow();
        assertThat(unpriced.costUsd()).isNull();
        Span priced =
                backfill(false).stream().filter(Span::isLlmCall).findFirst().orElseThrow();
        // the same call the ingest pipeline makes, on the same span
        assertThat(priced.costUsd())
                .isEqualTo(Pricing.packaged().price(unpriced).costUsd());
        // 3393 uncached at 1.25, 2100 cached at 0.125, 700 output at 10: the cost of before the convention
        assertThat(priced.costUsd()).isCloseTo((3393 * 1.25 + 2100 * 0.125 + 700 * 10.0) / 1e6, within(1e-12));
        assertThat(priced.usage().total()).isEqualTo(5493 + 700);
    }
}
