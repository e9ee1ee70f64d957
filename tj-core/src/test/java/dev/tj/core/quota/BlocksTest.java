package dev.tj.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.span.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlocksTest {
    static BlockCall call(String at, long in, long out, double usd, String model) {
        return new BlockCall(Instant.parse(at).toEpochMilli(), new Usage(in, out, 10, 4, 1), usd, model);
    }

    static Instant t(String at) {
        return Instant.parse(at);
    }

    @Test
    void aBlockStartsAtTheHourOfItsFirstCallAndLastsFiveHoursThenAGapThenTheNext() {
        List<BlockCall> calls = List.of(
                call("2026-11-30T09:17:00Z", 100, 10, 0.5, "opus"),
                call("2026-11-30T11:00:00Z", 200, 20, 0.25, "sonnet"),
                // 13:59 is still within 09:00 + 5 h
                call("2026-11-30T13:59:59Z", 300, 30, 0.25, "opus"),
                // 14:00:01 is past the block's end: a new block at 14:00, no gap (4 min since the last call)
                call("2026-11-30T14:03:00Z", 1, 1, 0.125, "opus"),
                // more than 5 h of silence after 14:03: a gap from 19:03 to 20:00, where the next block starts
                call("2026-11-30T20:30:00Z", 7, 7, 1.0, "haiku"));
        List<Blocks.Found> found = Blocks.of(calls, t("2026-12-02T00:00:00Z"));
        assertThat(found).hasSize(4);

        Block first = found.get(0).block();
        assertThat(first.start()).isEqualTo(t("2026-11-30T09:00:00Z"));
        assertThat(first.end()).isEqualTo(t("2026-11-30T14:00:00Z"));
        assertThat(first.lastActivity()).isEqualTo(t("2026-11-30T13:59:59Z"));
        assertThat(first.calls()).isEqualTo(3);
        assertThat(first.usage()).isEqualTo(new Usage(600, 60, 30, 12, 3));
        assertThat(first.costUsd()).isEqualTo(1.0);
        assertThat(first.models()).containsExactly("opus", "sonnet");
        assertThat(first.gap()).isFalse();
        assertThat(first.active()).isFalse();

        Block second = found.get(1).block();
        assertThat(second.start()).isEqualTo(t("2026-11-30T14:00:00Z"));
        assertThat(second.calls()).isEqualTo(1);

        Block gap = found.get(2).block();
        assertThat(gap.gap()).isTrue();
        assertThat(gap.start()).isEqualTo(t("2026-11-30T19:03:00Z"));
        assertThat(gap.end()).isEqualTo(t("2026-11-30T20:00:00Z"));
        assertThat(gap.calls()).isZero();

        Block last = found.get(3).block();
        assertThat(last.start()).isEqualTo(t("2026-11-30T20:00:00Z"));
        assertThat(last.usage().input()).isEqualTo(7);

        // every call is in exactly one block
        long in = 0;
        for (Blocks.Found f : found) in += f.block().usage().input();
        assertThat(in).isEqualTo(608);
    }

    @Test
    void theRunningBlockIsActiveWithItsBurnRateAndProjection() {
        List<BlockCall> calls = new ArrayList<>();
        // 10:00 to 10:30, 1,000 tokens (incl. cache) every 10 minutes
        for (int i = 0; i <= 3; i++)
            calls.add(new BlockCall(
                    t("2026-11-30T10:00:00Z").plusSeconds(600L * i).toEpochMilli(),
                    new Usage(500, 300, 150, 50, 0),
                    0.25,
                    "opus"));
        Instant now = t("2026-11-30T11:00:00Z");
        Blocks.Found f = Blocks.of(calls, now).get(0);
        Block b = f.block();
        assertThat(b.active()).isTrue();
        assertThat(b.tokens()).isEqualTo(4_000);
        Block.BurnRate rate = b.burnRate(f.firstCall());
        assertThat(rate.tokensPerMinute()).isEqualTo(4_000 / 30.0);
        assertThat(rate.costPerHour()).isEqualTo(2.0);
        Block.Projection p = b.projection(rate, now);
        // 4 h left until 15:00 at 133.3 tokens and $0.0333 a minute
        assertThat(p.remainingMinutes()).isEqualTo(240);
        assertThat(p.totalTokens()).isEqualTo(4_000 + 32_000);
        assertThat(p.totalCostUsd()).isEqualTo(1.0 + 8.0);

        // five hours after its last call, or past its end, it is over
        assertThat(Blocks.of(calls, t("2026-11-30T15:00:00Z")).get(0).block().active())
                .isFalse();
        assertThat(Blocks.of(calls, t("2026-11-30T15:30:01Z")).get(0).block().active())
                .isFalse();
        assertThat(b.projection(rate, now)).isNotNull();
    }

    @Test
    void noCallsNoBlocksAndASingleCallHasNoRate() {
        assertThat(Blocks.of(List.of(), Instant.now())).isEmpty();
        Blocks.Found one = Blocks.of(List.of(call("2026-11-30T10:00:00Z", 1, 1, 0, "m")), t("2026-11-30T10:05:00Z"))
                .get(0);
        assertThat(one.block().active()).isTrue();
        assertThat(one.block().burnRate(one.firstCall())).isNull();
        assertThat(one.block().projection(null, t("2026-11-30T10:05:00Z"))).isNull();
    }
}
