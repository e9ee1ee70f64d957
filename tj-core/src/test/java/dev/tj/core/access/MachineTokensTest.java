package dev.tj.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.core.storage.InMemoryStorage;
import dev.tj.core.storage.IngestToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MachineTokensTest {
    private final InMemoryStorage storage = new InMemoryStorage();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MachineTokens tokens = new MachineTokens(storage.tokens(), clock);

    @Test
    void aNewTokenIsRandomKeptByHashAndNamesItsMachine() {
        MachineTokens.Issued a = tokens.create(" laptop ");
        MachineTokens.Issued b = tokens.create("laptop");
        assertThat(a.text()).startsWith("tj_").hasSize(3 + 43).isNotEqualTo(b.text());
        assertThat(a.token().machine()).isEqualTo("laptop");
        assertThat(a.token().hash()).isEqualTo(TokenHash.of(a.text())).doesNotContain(a.text());
        assertThat(a.token().prefix()).isEqualTo(a.text().substring(0, 7));
        assertThat(a.toString())
                .doesNotContain(a.text())
                .doesNotContain(a.token().hash());
        assertThat(storage.tokens().list())
                .extracting(IngestToken::id)
                .containsExactlyInAnyOrder(a.token().id(), b.token().id());
        assertThat(tokens.machineOf(a.text())).contains("laptop");
    }

    @Test
    void wrongTokensAndNamesAreRefused() {
        tokens.create("laptop");
        assertThat(tokens.machineOf(null)).isEmpty();
        assertThat(tokens.machineOf("tj_nope")).isEmpty();
        assertThat(tokens.machineOf("x".repeat(10_000))).isEmpty();
        assertThatThrownBy(() -> tokens.create(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.create("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.create("x".repeat(129))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceEvenWhileCached() {
        MachineTokens.Issued a = tokens.create("laptop");
        assertThat(tokens.machineOf(a.text())).contains("laptop"); // cached now
        assertThat(tokens.revoke("laptop"))
                .extracting(IngestToken::id)
                .containsExactly(a.token().id());
        assertThat(tokens.machineOf(a.text())).isEmpty();
    }

    @Test
    void aRevokeElsewhereIsNoticedOnceTheCacheRunsOut() {
        MachineTokens.Issued a = tokens.create("laptop");
        MachineTokens otherNode = new MachineTokens(storage.tokens(), clock);
        assertThat(tokens.machineOf(a.text())).contains("laptop");
        otherNode.revoke(a.token().id());
        clock.advance(MachineTokens.CACHE_FOR.plusMillis(1));
        assertThat(tokens.machineOf(a.text())).isEmpty();
    }

    @Test
    void useIsRecordedCoarsely() {
        MachineTokens.Issued a = tokens.create("laptop");
        Instant first = clock.instant();
        tokens.machineOf(a.text());
        assertThat(storage.tokens().list().get(0).lastUsedAt()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(10));
        tokens.machineOf(a.text());
        assertThat(storage.tokens().list().get(0).lastUsedAt()).isEqualTo(first);
        clock.advance(MachineTokens.USE_GRANULARITY);
        tokens.machineOf(a.text());
        assertThat(storage.tokens().list().get(0).lastUsedAt()).isEqualTo(clock.instant());
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
