package dev.tj.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A window name is a storage and API key: a short plain word; a reading stays within 0–100. */
class QuotaWindowTest {
    private static final Instant RESET = Instant.parse("2026-12-02T05:00:00Z");

    @Test
    void plainWordsAreWindowNames() {
        for (String ok : new String[] {"five_hour", "seven_day_opus", "a", "x".repeat(64), "v1.2-beta_X"})
            assertThat(new QuotaWindow(ok, 50, RESET).name()).isEqualTo(ok);
    }

    @Test
    void markupPathsEmptyAndOverlongNamesAreRefused() {
        for (String bad : new String[] {"", "x".repeat(65), "<script>", "../etc", "five hour", "fünf", "a/b", "a\nb"})
            assertThatThrownBy(() -> new QuotaWindow(bad, 50, RESET))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readingsOutsideZeroToHundredAreRefused() {
        for (double bad : new double[] {-0.1, 100.01, Double.NaN, Double.POSITIVE_INFINITY})
            assertThatThrownBy(() -> new QuotaWindow("five_hour", bad, RESET))
                    .isInstanceOf(IllegalArgumentException.class);
        assertThat(new QuotaWindow("five_hour", 100, RESET).usedPercent()).isEqualTo(100);
    }

    @Test
    void lengthsAndStartsFollowTheKind() {
        assertThat(new QuotaWindow("five_hour", 1, RESET).startsAt()).isEqualTo(RESET.minus(Duration.ofHours(5)));
        assertThat(new QuotaWindow("seven_day_sonnet", 1, RESET).length()).isEqualTo(Duration.ofDays(7));
        assertThat(new QuotaWindow("monthly", 1, RESET).startsAt()).isNull();
    }
}
