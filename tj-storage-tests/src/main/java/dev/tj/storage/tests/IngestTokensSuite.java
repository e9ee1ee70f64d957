package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.core.storage.IngestToken;
import dev.tj.core.storage.IngestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ingest tokens ({@link IngestTokens}): kept by hash, found by hash whether revoked or not, listed
 * oldest first, revoked by id or by machine (a revocation keeps its first time), last use only moving
 * forward, ids and hashes unique, durable across a reopen. Hostile names are plain values.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class IngestTokensSuite extends StorageSuiteBase {
    protected IngestTokens tokens() {
        return storage.tokens();
    }

    static IngestToken token(String id, String machine, String hash, int secondsAfterT0) {
        return new IngestToken(
                id, machine, "tj_" + id.substring(0, 4), hash, T0.plusSeconds(secondsAfterT0), null, null);
    }

    @Test
    protected void nothingAddedNothingFound() {
        assertThat(tokens().list()).isEmpty();
        assertThat(tokens().byHash("ab")).isEmpty();
        assertThat(tokens().revoke("laptop", T0)).isEmpty();
        tokens().markUsed("nope", T0); // unknown ids are ignored
        assertThat(tokens().list()).isEmpty();
    }

    @Test
    protected void aTokenIsFoundByItsHashAndListedOldestFirst() {
        IngestToken a = token("aaaa0001", "laptop", "h1", 10);
        IngestToken b = token("bbbb0002", "desktop", "h2", 5);
        IngestToken c = token("cccc0003", "laptop", "h3", 10);
        tokens().add(a);
        tokens().add(b);
        tokens().add(c);
        assertThat(tokens().byHash("h1")).contains(a);
        assertThat(tokens().byHash("h2")).contains(b);
        assertThat(tokens().byHash("h4")).isEmpty();
        assertThat(tokens().list()).containsExactly(b, a, c);
    }

    @Test
    protected void idsAndHashesAreUnique() {
        tokens().add(token("aaaa0001", "laptop", "h1", 0));
        assertThatThrownBy(() -> tokens().add(token("aaaa0001", "other", "h2", 1)))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> tokens().add(token("bbbb0002", "other", "h1", 1)))
                .isInstanceOf(RuntimeException.class);
        assertThat(tokens().list()).extracting(IngestToken::id).containsExactly("aaaa0001");
    }

    @Test
    protected void revokingByIdTouchesOnlyThatToken() {
        tokens().add(token("aaaa0001", "laptop", "h1", 0));
        tokens().add(token("bbbb0002", "laptop", "h2", 1));
        List<IngestToken> revoked = tokens().revoke("aaaa0001", T0.plusSeconds(60));
        assertThat(revoked).extracting(IngestToken::id).containsExactly("aaaa0001");
        assertThat(revoked.get(0).revokedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(tokens().byHash("h1").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(tokens().byHash("h2").orElseThrow().revoked()).isFalse();

        // again: nothing new is revoked and the first time stays
        assertThat(tokens().revoke("aaaa0001", T0.plusSeconds(120))).isEmpty();
        assertThat(tokens().byHash("h1").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    protected void revokingAMachineRevokesAllItsValidTokens() {
        tokens().add(token("aaaa0001", "laptop", "h1", 0));
        tokens().add(token("bbbb0002", "laptop", "h2", 1));
        tokens().add(token("cccc0003", "desktop", "h3", 2));
        tokens().revoke("aaaa0001", T0.plusSeconds(10));
        List<IngestToken> revoked = tokens().revoke("laptop", T0.plusSeconds(20));
        assertThat(revoked).extracting(IngestToken::id).containsExactly("bbbb0002");
        assertThat(tokens().byHash("h1").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(tokens().byHash("h2").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(tokens().byHash("h3").orElseThrow().revoked()).isFalse();
        assertThat(tokens().revoke("LAPTOP", T0.plusSeconds(30))).isEmpty(); // names are exact
    }

    @Test
    protected void lastUseOnlyMovesForward() {
        tokens().add(token("aaaa0001", "laptop", "h1", 0));
        tokens().markUsed("aaaa0001", T0.plusSeconds(100));
        assertThat(tokens().byHash("h1").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(100));
        tokens().markUsed("aaaa0001", T0.plusSeconds(50));
        assertThat(tokens().byHash("h1").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(100));
        tokens().markUsed("aaaa0001", T0.plusSeconds(200));
        assertThat(tokens().list().get(0).lastUsedAt()).isEqualTo(T0.plusSeconds(200));
    }

    @Test
    protected void hostileNamesAreValues() {
        String hostile = "x'); DROP TABLE ingest_tokens; -- ✓ \"q\"";
        tokens().add(token("aaaa0001", hostile, "h'1", 0));
        assertThat(tokens().byHash("h'1").orElseThrow().machine()).isEqualTo(hostile);
        assertThat(tokens().revoke("' OR '1'='1", T0)).isEmpty();
        assertThat(tokens().revoke(hostile, T0)).hasSize(1);
        assertThat(tokens().list()).hasSize(1);
    }

    @Test
    protected void tokensSurviveAReopen() {
        tokens().add(token("aaaa0001", "laptop", "h1", 0));
        tokens().add(token("bbbb0002", "desktop", "h2", 1));
        tokens().revoke("desktop", T0.plusSeconds(5));
        tokens().markUsed("aaaa0001", T0.plusSeconds(7));
        List<IngestToken> before = tokens().list();
        storage = reopen(storage, dir);
        assertThat(tokens().list()).isEqualTo(before);
        assertThat(tokens().byHash("h2").orElseThrow().revoked()).isTrue();
    }

    @Test
    protected void manyThreadsAddAndCheckAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    tokens().add(token(String.format("id%06d", n), "m" + (n % 4), "hash" + n, n));
                    assertThat(tokens().byHash("hash" + n)).isPresent();
                    tokens().markUsed(String.format("id%06d", n), T0.plusSeconds(1000 + n));
                }));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(tokens().list()).hasSize(40);
        assertThat(tokens().revoke("m1", T0.plusSeconds(5000))).hasSize(10);
    }
}
